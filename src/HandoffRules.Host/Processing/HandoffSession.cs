using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Timers;
using HandoffRules.Model;
using HandoffRules.Pipeline;
using HandoffRules.Records;
using HandoffRules.Routing;
using Microsoft.Extensions.Logging;

namespace HandoffRules.Host.Processing;

/// <summary>
/// What the processor holds while it runs: the store's writer, the compiled playbook and its
/// distribution state, and the pipeline leads go through. Each kind of work is applied by its own
/// part of this class (LeadIntake, SdrActions, SlaBreaches, HeldLeads); everything here is shared.
/// </summary>
internal sealed partial class HandoffSession : IDisposable
{
    private readonly ILogger _logger;

    public HandoffSession(IHandoffStore store, Router router, HandoffHostOptions options, TimeProvider time, HandoffMetrics metrics, ILogger logger)
    {
        Writer = store.OpenWriter();
        Router = router;
        Options = options;
        Time = time;
        Metrics = metrics;
        _logger = logger;
        Reload();
    }

    public IHandoffWriter Writer { get; }

    public Router Router { get; }

    public PlaybookModel Playbook => Router.Playbook;

    public HandoffHostOptions Options { get; }

    public TimeProvider Time { get; }

    public HandoffMetrics Metrics { get; }

    public DistributionState State { get; private set; } = null!;

    public HandoffPipeline Pipeline { get; private set; } = null!;

    /// <summary>Loads the distribution state from the store: at start, and after a rolled-back batch.</summary>
    public void Reload()
    {
        State = Router.NewState();
        if (Writer.LoadDistribution() is { } snapshot)
        {
            State.Restore(snapshot);
        }

        Pipeline = new HandoffPipeline(Router, State, new StoredDuplicateIndex(Writer, Playbook.DuplicateRule));
    }

    /// <summary>Applies one piece of work inside the open transaction.</summary>
    public WorkResult Apply(HandoffWork work) => work switch
    {
        LeadWork lead => TakeIn(lead),
        ActionWork action => Act(action),
        TimerWork timer => Breach(timer),
        HoldScanWork scan => Reoffer(scan),
        DeadLetterWork dead => Keep(dead),
        PropertyChangeWork change => Change(change),
        CursorWork => new WorkResult(WorkStatus.Done, "nothing to do"),
        _ => throw new UnreachableException($"No handler for {work.GetType().Name}."),
    };

    /// <summary>Keeps an input that could not be used.</summary>
    public WorkResult Keep(DeadLetterWork work)
    {
        if (work.SourceId is not null)
        {
            if (Writer.InputOutcome(work.Source, work.SourceId) is { } earlier)
            {
                Writer.CountRedelivery();
                return new WorkResult(WorkStatus.AlreadyProcessed, $"already processed ({earlier})", Outcome: earlier);
            }

            Writer.RecordInput(work.Source, work.SourceId, "unreadable", HandoffOutcome.DeadLettered, null, Time.GetUtcNow());
        }

        Writer.DeadLetter(work.Source, work.Position, work.Raw, work.Reason, work.At);
        Metrics.DeadLettered();
        Metrics.Ingested(HandoffOutcome.DeadLettered);
        Log.DeadLettered(_logger, work.Source, work.Position, work.Reason);
        return new WorkResult(WorkStatus.DeadLettered, work.Reason, Outcome: HandoffOutcome.DeadLettered);
    }

    private WorkResult Change(PropertyChangeWork work)
    {
        if (Writer.InputOutcome(work.Source, work.SourceId) is { } earlier)
        {
            Writer.CountRedelivery();
            return new WorkResult(WorkStatus.AlreadyProcessed, $"already processed ({earlier})", work.LeadId, earlier);
        }

        if (Writer.FindLead(work.LeadId) is null)
        {
            return Keep(new DeadLetterWork(work.Source, work.SourceId, work.Position, $"{work.Property}={work.Value}",
                $"property change for lead {work.LeadId}, which was never taken in", work.At));
        }

        Writer.Append(work.LeadId, HandoffEventTypes.PropertyChanged, work.At, new JsonObject { ["property"] = work.Property, ["value"] = work.Value });
        Writer.RecordInput(work.Source, work.SourceId, "event", "applied", work.LeadId, Time.GetUtcNow());
        return new WorkResult(WorkStatus.Done, "recorded", work.LeadId, "applied");
    }

    /// <summary>The facts every event about a lead carries, so metrics split by them without joins.</summary>
    public static JsonObject Facts(StoredLead lead, JsonObject? more = null)
    {
        var data = new JsonObject
        {
            ["source"] = lead.Source,
            ["segment"] = lead.Segment,
            ["territory"] = lead.Territory,
            ["queue"] = lead.Queue,
            ["member"] = lead.Member,
        };
        foreach (var (key, value) in more ?? [])
        {
            data[key] = value?.DeepClone();
        }

        return data;
    }

    public static string Json(object value) => JsonSerializer.Serialize(value, DecisionRecord.JsonOptions);

    public void Dispose() => Writer.Dispose();

    /// <summary>The store's duplicate keys, read and written inside the processor's transaction.</summary>
    private sealed class StoredDuplicateIndex(IHandoffWriter writer, DuplicateRule rule) : IDuplicateIndex
    {
        public DuplicateMatch? Find(Lead lead, DuplicateKey[] keys)
        {
            foreach (var (key, matchedOn) in keys)
            {
                if (writer.FindDuplicateKey(key) is { } earlier && lead.ArrivedAt - earlier.At <= rule.Window)
                {
                    return new DuplicateMatch(earlier.LeadId, earlier.Queue, earlier.Member, matchedOn);
                }
            }

            return null;
        }

        public void Remember(Lead lead, DuplicateKey[] keys, string? queue, string? member)
        {
            foreach (var (key, _) in keys)
            {
                writer.SaveDuplicateKey(key, lead.Id, queue, member, lead.ArrivedAt);
            }
        }
    }
}
