using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Timers;
using HandoffRules.Records;
using HandoffRules.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Processing;

/// <summary>
/// The single writer: takes work off the queue in batches and commits each batch in one
/// transaction — decisions, events, timers, alerts, the distribution state and the input cursors
/// together — so a crash at any moment loses nothing and repeats nothing. On shutdown it drains
/// what is queued before it stops.
/// </summary>
internal sealed class HandoffProcessor(
    HandoffQueue queue,
    IHandoffStore store,
    Router router,
    IOptions<HandoffHostOptions> options,
    TimeProvider time,
    HandoffClock clock,
    HandoffMetrics metrics,
    ProcessorStatus status,
    ILogger<HandoffProcessor> logger,
    ReplayTally tally,
    Crm.HubSpotOwners? hubSpotOwners = null) : BackgroundService
{
    // 1 once the work has begun, from ExecuteAsync or from StopAsync, whichever comes first.
    private int _begun;

    private readonly InputProgress _progress = new(time, options.Value.ProgressInterval, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _begun, 1) == 0)
        {
            // Let the host finish starting before the first (synchronous) database work.
            await Task.Yield();
            await Process(stoppingToken);
        }
    }

    /// <summary>
    /// Stops taking work, having processed what is queued. A stop can come before the work's first
    /// turn (the host starts it on a thread of its own, and a start cancelled first never runs it):
    /// what was queued was accepted all the same, so it is processed here.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Interlocked.Exchange(ref _begun, 1) == 0)
        {
            await Task.Run(() => Process(new CancellationToken(canceled: true)), CancellationToken.None);
        }
    }

    private async Task Process(CancellationToken stoppingToken)
    {
        using var session = new HandoffSession(store, router, options.Value, time, clock, metrics, logger) { HubSpotOwners = hubSpotOwners, Tally = tally };
        status.Running = true;
        var batch = new List<HandoffWork>(options.Value.EffectiveBatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                Take(batch);
                Commit(session, batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is already queued was accepted, so it is processed.
            var drained = 0;
            while (queue.Reader.Count > 0)
            {
                Take(batch);
                drained += batch.Count;
                Commit(session, batch);
            }

            Log.Drained(logger, drained);
        }
        finally
        {
            status.Running = false;
        }
    }

    private void Take(List<HandoffWork> batch)
    {
        batch.Clear();
        while (batch.Count < options.Value.EffectiveBatchSize && queue.Reader.TryRead(out var work))
        {
            batch.Add(work);
        }
    }

    private void Commit(HandoffSession session, List<HandoffWork> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var results = new WorkResult[batch.Count];
        Dictionary<string, InputCursor>? committed = null;
        session.Writer.Begin();
        try
        {
            // Another host on the same database may have decided since this batch's last one: start
            // from the distribution state as stored (the writer's turn keeps it until commit). A sole
            // writer's state is the stored one after every commit, and every failure reloads it.
            if (!store.SoleWriter)
            {
                session.Reload();
            }
            var cursors = new Dictionary<string, InputCursor>(StringComparer.Ordinal);
            for (var i = 0; i < batch.Count; i++)
            {
                results[i] = session.Apply(batch[i]);
                if (batch[i].Cursor is { } cursor)
                {
                    cursors[cursor.Input] = cursor;
                }
            }

            foreach (var cursor in cursors.Values)
            {
                session.Writer.SaveCursor(cursor);
            }

            session.SaveDistributionIfChanged();
            session.Commit();
            committed = cursors;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            // Undo the batch and the in-memory state with it, then commit each half on its own, in
            // order, halving again whichever fails: a bad input among 4,096 is found in about a dozen
            // commits, and the inputs around it are kept as they would have been, not one by one.
            session.Writer.Rollback();
            session.Reload();
            Log.BatchFailed(logger, e, batch.Count);
            var all = batch.ToList();
            var half = all.Count / 2;
            foreach (var part in new[] { all[..half], all[half..] })
            {
                batch.Clear();
                batch.AddRange(part);
                Commit(session, batch);
            }

            return;
        }
        catch (Exception e)
        {
            session.Writer.Rollback();
            session.Reload();
            try
            {
                results[0] = KeepFailed(session, batch[0], e);
                Log.ItemFailed(logger, e, batch[0].Source, batch[0].Position);
            }
            catch (Exception keeping)
            {
                // The store cannot be written (a full disk, a lost file): nothing of this input was
                // kept, its cursor did not move, and it is read again when the host runs again. The
                // processor stops, and the host with it, rather than go on losing inputs.
                session.Writer.Rollback();
                session.Reload();
                Log.ItemNotKept(logger, keeping, batch[0].Source, batch[0].Position, e.Message);
                batch[0].Completion?.TrySetException(keeping);
                throw;
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion?.TrySetResult(results[i]);
        }

        if (committed is not null)
        {
            _progress.Committed(committed.Values);
        }
    }

    // An input that makes the processor fail is kept, with the failure, and the stream goes on.
    private WorkResult KeepFailed(HandoffSession session, HandoffWork work, Exception e)
    {
        session.Writer.Begin();
        var result = session.Keep(new DeadLetterWork(work.Source, null, work.Position, work.ToString(), $"{work.Position}: the host failed on this input ({e.GetType().Name}: {e.Message})", time.GetUtcNow()));
        if (work.Cursor is { } cursor)
        {
            session.Writer.SaveCursor(cursor);
        }

        session.Commit();
        return result with { Outcome = HandoffOutcome.DeadLettered };
    }
}

/// <summary>Whether the processor is running, for the readiness check.</summary>
public sealed class ProcessorStatus
{
    /// <summary>True while the processor takes work.</summary>
    public bool Running { get; set; }
}
