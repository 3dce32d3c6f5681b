using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Timers;

/// <summary>
/// Looks for SLA timers whose deadline has passed and queues them for the processor, which fires
/// each breach once. Timers live in the store, so those due while the host was down are found on
/// the first look after start-up. Deadlines are judged by the <see cref="HandoffClock"/>: the wall
/// clock, or the input's own clock when replaying history.
/// </summary>
internal sealed class SlaTimerService(HandoffQueue queue, IHandoffStore store, IOptions<HandoffHostOptions> options, HandoffClock clock, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A replay's processor judges each deadline where the history passes it, in order; a look
        // every so often would judge them wherever the processor happened to be by then.
        if (HandoffSession.JudgesReplayDeadlines(clock, store))
        {
            return;
        }

        await Task.Yield();
        var queued = new HashSet<(string, string)>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var due = await store.GetDueTimersAsync(clock.Now, 500, stoppingToken);

            // A timer stays pending until the processor settles it; queue it once per look.
            queued.IntersectWith(due.Select(t => (t.LeadId, t.Sla)));
            foreach (var timer in due)
            {
                if (queued.Add((timer.LeadId, timer.Sla)))
                {
                    await queue.EnqueueAsync(new TimerWork(timer.LeadId, timer.Sla), stoppingToken);
                }
            }

            await Task.Delay(options.Value.TimerInterval, time, stoppingToken);
        }
    }
}
