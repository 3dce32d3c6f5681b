using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Timers;

/// <summary>
/// While any lead waits in a queue without an owner, queues a <see cref="HoldScanWork"/> for the
/// processor (the single writer) every <see cref="HandoffHostOptions.HoldScanInterval"/>: capacity
/// comes back at times no event announces — a member's midnight, the end of an absence, the start
/// of working hours — so the held leads are looked at again rather than waiting for a trigger.
/// </summary>
/// <remarks>
/// The time each scan runs at comes from the clock registered under <see cref="ClockKey"/> (the
/// host's clock unless another is registered): a replay of history registers the input's own clock
/// there, so leads are offered and holds expire on the time of the lines read, not the wall clock.
/// </remarks>
internal sealed class HeldLeadService(
    HandoffQueue queue,
    IHandoffStore store,
    IOptions<HandoffHostOptions> options,
    TimeProvider time,
    [FromKeyedServices(HeldLeadService.ClockKey)] TimeProvider clock) : BackgroundService
{
    /// <summary>The service key of the clock held-lead scans run on.</summary>
    public const string ClockKey = "held-leads";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await store.HasHeldLeadsAsync(stoppingToken))
            {
                // One scan at a time: the next starts from what this one committed.
                var scan = new HoldScanWork(clock.GetUtcNow()) { Completion = HandoffWork.Waiting() };
                await queue.EnqueueAsync(scan, stoppingToken);
                await scan.Completion.Task.WaitAsync(stoppingToken);
            }

            await Task.Delay(options.Value.HoldScanInterval, time, stoppingToken);
        }
    }
}
