using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
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
/// Each scan runs at the <see cref="HandoffClock"/>'s time: the wall clock live, the input's own
/// clock when replaying history, so leads are offered and holds expire on the time of the lines
/// read, not the day the file is read.
/// </remarks>
internal sealed class HeldLeadService(
    HandoffQueue queue,
    IHandoffStore store,
    IOptions<HandoffHostOptions> options,
    TimeProvider time,
    HandoffClock clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await store.HasHeldLeadsAsync(stoppingToken))
            {
                // One scan at a time: the next starts from what this one committed.
                var scan = new HoldScanWork(clock.Now) { Completion = HandoffWork.Waiting() };
                await queue.EnqueueAsync(scan, stoppingToken);
                await scan.Completion.Task.WaitAsync(stoppingToken);
            }

            await Task.Delay(options.Value.HoldScanInterval, time, stoppingToken);
        }
    }
}
