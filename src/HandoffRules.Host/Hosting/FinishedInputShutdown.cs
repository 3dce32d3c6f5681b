using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Timers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Hosting;

/// <summary>
/// Stops the host once its input is finished — a file not followed, or standard input at its end —
/// unless it was asked to keep listening. The processor drains on stop, so every line read is
/// committed before the host exits.
/// </summary>
internal sealed class FinishedInputShutdown(
    InputStatus input,
    HandoffQueue queue,
    IHandoffStore store,
    HandoffClock clock,
    IOptions<HandoffHostOptions> options,
    HostShutdown shutdown,
    ReplayTally tally,
    ILogger<FinishedInputShutdown> logger) : BackgroundService
{
    // The reader raises a flag at the end of its input; looking at it a few times a second costs nothing.
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Input is not { } name || settings.Follow || settings.Listen)
        {
            return;
        }

        using var timer = new PeriodicTimer(Poll);
        while (!input.Done)
        {
            await timer.WaitForNextTickAsync(stoppingToken);
        }

        var named = name == "-" ? "stdin" : Path.GetFileName(name);
        if (clock.Replay)
        {
            await JudgeLastDeadlinesAsync(stoppingToken);

            // Everything read is committed now (the last flush waited for it): one line counts it.
            var counts = await store.CountAsync(stoppingToken);
            Log.Replayed(logger, named, counts.Routed, counts.Disqualified, counts.Duplicates, counts.DeadLettered, tally.Breaches, tally.Held);
        }

        Log.InputFinishedStopping(logger, named);
        shutdown.Stop("the input is finished");
    }

    // A replay ends when its history does: the deadlines the history passed are judged before the
    // host stops, rather than left to a timer look that the stop would cut short.
    private async Task JudgeLastDeadlinesAsync(CancellationToken cancellation)
    {
        await queue.SubmitAsync(new FlushWork("replay", "end of input") { Completion = HandoffWork.Waiting() }, cancellation);

        // Queued together, not one commit each: the processor takes them in batches, and the flush
        // behind them is committed only once every one of them is.
        foreach (var timer in await store.GetDueTimersAsync(clock.Now, int.MaxValue, cancellation))
        {
            await queue.EnqueueAsync(new TimerWork(timer.LeadId, timer.Sla), cancellation);
        }

        await queue.SubmitAsync(new FlushWork("replay", "deadlines at the end of input") { Completion = HandoffWork.Waiting() }, cancellation);
    }
}
