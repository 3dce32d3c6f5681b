using System.Diagnostics;
using System.Text.Json;
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

    // What is said about the open transaction's work (log lines, counters) once it is committed:
    // a dead letter that a full disk rolled back was not kept, and no line may say it was.
    private readonly List<Action> _afterCommit = [];

    // The distribution state as last loaded or saved: it is written only when a decision changed it,
    // in that decision's transaction, so nothing ever overwrites it with an older copy.
    private string _savedDistribution = "";

    // Leads read or written lately, when the session keeps them (see RememberedLeads).
    private readonly RecentLeads? _recentLeads;

    // Whether other writers may change leads under this session (several hosts on one server
    // database): then nothing the session saw itself tells it which leads wait without a hold.
    private readonly bool _soleWriter;

    // The fields of the leads taken in lately, when the session is its store's only writer and a
    // stage of its playbook requires fields.
    private readonly LeadFieldsKept? _leadFields;

    // Leads whose fields are kept: a simulated week of 250,000 leads takes in some 36,000 a day, and
    // its SDRs act on a lead within days of its arrival. 65,536 missed 11% of that week's checks,
    // 131,072 missed 110 of 88,406 (a few MB).
    internal const int LeadFieldsKeptOf = 131_072;

    // A replay's deadlines, judged where the history passes them, when this session is its store's
    // only writer; several hosts on one server database share their timers through the timer service.
    private readonly IHandoffStore _store;
    private readonly ReplayDeadlines? _deadlines;

    public HandoffSession(IHandoffStore store, Router router, HandoffHostOptions options, TimeProvider time, HandoffClock clock, HandoffMetrics metrics, ILogger logger)
    {
        Clock = clock;
        Writer = store.OpenWriter();
        _store = store;
        _soleWriter = store.SoleWriter;
        _leadFields = _soleWriter && router.Playbook.Lifecycle.Stages.Any(s => !s.RequiredFields.IsEmpty) ? new LeadFieldsKept(LeadFieldsKeptOf) : null;
        _deadlines = JudgesReplayDeadlines(clock, store) ? new ReplayDeadlines() : null;
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

    /// <summary>The clock deadlines are judged by (the input's own when replaying); advanced by every event taken in.</summary>
    public HandoffClock Clock { get; }

    public HandoffMetrics Metrics { get; }

    public DistributionState State { get; private set; } = null!;

    /// <summary>
    /// How many of the leads it read or wrote last the session keeps in memory and answers from
    /// (none by default). Only for a session that is its store's only writer of leads and never
    /// rolls back without <see cref="Reload"/>: the simulation, which looks at the same leads again
    /// and again (each held lead at every scan, each lead an SDR acts on).
    /// </summary>
    public int RememberedLeads
    {
        get => _recentLeads?.Capacity ?? 0;
        init => _recentLeads = value > 0 ? new RecentLeads(value) : null;
    }

    /// <summary>The lead's projection, or null: from memory when the session keeps it, else from the store.</summary>
    public StoredLead? FindLead(string leadId)
    {
        if (_recentLeads is null)
        {
            return Writer.FindLead(leadId);
        }

        if (_recentLeads.TryGet(leadId, out var known))
        {
            return known;
        }

        var lead = Writer.FindLead(leadId);
        if (lead is not null)
        {
            _recentLeads.Remember(lead);
        }

        return lead;
    }

    /// <summary>Writes the lead's projection, and keeps it as the store will give it back.</summary>
    /// <param name="lead">The lead as it is now.</param>
    /// <param name="before">The lead as it was read, when the work may have taken its owner away.</param>
    private void SaveLead(StoredLead lead, StoredLead? before = null)
    {
        Writer.SaveLead(lead);
        if (before is not null && WaitsWithoutOwner(lead) && !WaitsWithoutOwner(before))
        {
            _unheldMayWait = true;
        }
        else if (before is not null && WaitsWithoutOwner(before))
        {
            // A held lead another path gave an owner or closed ends its hold now, and one moved to
            // another queue waits there: the scan reads each queue's holds, not every lead's.
            if (!WaitsWithoutOwner(lead))
            {
                Writer.ReleaseHold(lead.LeadId, lead.UpdatedAt);
            }
            else if (lead.Queue != before.Queue)
            {
                Writer.MoveHold(lead.LeadId, lead.Queue!);
            }
        }

        if (_recentLeads is null)
        {
            return;
        }

        // Saving a lead the store has keeps what it arrived with (source, segment, territory, arrival,
        // the lead itself) and replaces the rest; a full trace goes in compact, so the store's copy
        // differs from this one until it is read back.
        if (_recentLeads.TryGet(lead.LeadId, out var earlier) && lead.WrittenTrace is null && (lead.Trace is null || CompactTrace.IsCompact(lead.Trace)))
        {
            _recentLeads.Remember(lead with
            {
                Source = earlier.Source,
                Segment = earlier.Segment,
                Territory = earlier.Territory,
                ArrivedAt = earlier.ArrivedAt,
                Lead = earlier.Lead,
            });
        }
        else
        {
            _recentLeads.Forget(lead.LeadId);
        }
    }

    public HandoffPipeline Pipeline { get; private set; } = null!;

    /// <summary>Where a replay's breaches and holds are counted once committed (the host's); none counts nothing.</summary>
    public ReplayTally? Tally { get; init; }

    // Breaches and holds of the open transaction, counted into the tally when it commits.
    private int _breachesPending;
    private int _heldPending;

    // Live, a breach is a warning and a hold a notice; in a replay that ends with the line counting
    // them (nobody listening: see FinishedInputShutdown) they are history, and debug lines.
    private LogLevel Happened(LogLevel live) => Clock.Replay && !Options.Listen ? LogLevel.Debug : live;

    /// <summary>Commits the open transaction, then reports what it kept.</summary>
    /// <param name="behind">Without waiting for it to be written, where the writer can (see <see cref="IHandoffWriter.CommitBehind"/>).</param>
    public void Commit(bool behind = false)
    {
        if (behind)
        {
            Writer.CommitBehind();
        }
        else
        {
            Writer.Commit();
        }

        CommitAvailability();
        CommitAccountOwners();
        foreach (var report in _afterCommit)
        {
            report();
        }

        _afterCommit.Clear();
        Tally?.Committed(_breachesPending, _heldPending);
        (_breachesPending, _heldPending) = (0, 0);
    }

    /// <summary>Loads the distribution state from the store: at start, and after a rolled-back batch.</summary>
    public void Reload()
    {
        _afterCommit.Clear();
        (_breachesPending, _heldPending) = (0, 0);
        _recentLeads?.Clear();
        _leadFields?.Clear();
        _unheldMayWait = true;
        State = Router.NewState();
        if (Writer.LoadDistribution() is { } snapshot)
        {
            State.Restore(snapshot);
        }

        _savedDistribution = Json(State.ToSnapshot());
        ReloadAvailability();
        ReloadAccountOwners();
        if (_deadlines is not null)
        {
            // Every running timer's deadline, as committed (a sole writer's look leases nothing).
            _deadlines.Clear();
            foreach (var timer in _store.GetDueTimersAsync(DateTimeOffset.MaxValue, int.MaxValue, CancellationToken.None).GetAwaiter().GetResult())
            {
                _deadlines.Add(timer.LeadId, timer.Sla, timer.DueAt);
            }
        }

        Pipeline = new HandoffPipeline(Router, State, new StoredDuplicateIndex(Writer, Playbook.DuplicateRule));
    }

    /// <summary>
    /// Whether a session judges a replay's SLA deadlines itself (<see cref="ReplayDeadlines"/>): replaying,
    /// as its store's only writer. The timer service then leaves them to it.
    /// </summary>
    public static bool JudgesReplayDeadlines(HandoffClock clock, IHandoffStore store) => clock.Replay && store.SoleWriter;

    /// <summary>Applies one piece of work inside the open transaction; replaying, after the deadlines the history passed before it.</summary>
    public WorkResult Apply(HandoffWork work)
    {
        // Replaying, the deadlines this work's own time has passed are judged first. A lead's time is
        // known only once its input reads as a lead, so taking it in judges them then.
        if (EventTime(work) is { } at)
        {
            JudgeDeadlinesBefore(at);
        }

        return ApplyNow(work);
    }

    // Replaying, breaches every deadline before the time the history has reached, earliest first.
    private void JudgeDeadlinesBefore(DateTimeOffset at)
    {
        while (_deadlines is not null && _deadlines.TryTakeBefore(at, out var deadline))
        {
            Breach(new TimerWork(deadline.LeadId, deadline.Sla) { Due = deadline.Due });
        }
    }

    // The time a piece of work other than a lead happened at by its own account, which moves a replay's clock.
    private static DateTimeOffset? EventTime(HandoffWork work) => work switch
    {
        ActionWork action => action.At,
        AvailabilityWork availability => availability.Request.At,
        PropertyChangeWork change => change.At,
        _ => null,
    };

    private WorkResult ApplyNow(HandoffWork work) => work switch
    {
        LeadWork lead => TakeIn(lead),
        ActionWork action => Act(action),
        AvailabilityWork availability => SetAvailability(availability),
        TimerWork timer => Breach(timer),
        HoldScanWork scan => Reoffer(scan),
        DeadLetterWork dead => Keep(dead),
        PropertyChangeWork change => Change(change),
        RotationWork rotation => Rotate(rotation),
        AccountOwnersWork owners => RefreshAccountOwners(owners),
        CursorWork => Blank(),
        FlushWork => new WorkResult(WorkStatus.Done, "everything before it is committed"),
        _ => throw new UnreachableException($"No handler for {work.GetType().Name}."),
    };

    /// <summary>Keeps an input that could not be used.</summary>
    public WorkResult Keep(DeadLetterWork work)
    {
        if (work.Key is { } key)
        {
            if (Writer.InputOutcome(work.Source, key) is { } earlier)
            {
                Writer.CountRedelivery();
                return new WorkResult(WorkStatus.AlreadyProcessed, $"already processed ({earlier})", Outcome: earlier);
            }

            Writer.RecordInput(work.Source, key, "unreadable", HandoffOutcome.DeadLettered, null, Time.GetUtcNow());
        }

        Writer.DeadLetter(work.Source, work.Position, work.Raw, work.Reason, work.At);
        _afterCommit.Add(() =>
        {
            Metrics.DeadLettered();
            Metrics.Ingested(HandoffOutcome.DeadLettered);
            Log.DeadLettered(_logger, work.Source, work.Position, work.Reason);
        });
        return new WorkResult(WorkStatus.DeadLettered, work.Reason, Outcome: HandoffOutcome.DeadLettered);
    }

    private WorkResult Blank()
    {
        Writer.CountBlankLine();
        return new WorkResult(WorkStatus.Done, "a blank line");
    }

    // A rotation is an event of the input, not of a lead: it is logged under no lead id and counted.
    private WorkResult Rotate(RotationWork work)
    {
        Writer.Append("", HandoffEventTypes.InputRotated, Time.GetUtcNow(), new EventMembers
        {
            ["input"] = work.Input,
            ["why"] = work.Why,
            ["lines_read"] = work.LinesRead,
            ["generation"] = work.Cursor?.Generation,
        });
        Writer.CountRotation();
        return new WorkResult(WorkStatus.Done, $"{work.Input} rotated: {work.Why}");
    }

    private WorkResult Change(PropertyChangeWork work)
    {
        if (Writer.InputOutcome(work.Source, work.Key) is { } earlier)
        {
            Writer.CountRedelivery();
            return new WorkResult(WorkStatus.AlreadyProcessed, $"already processed ({earlier})", work.LeadId, earlier);
        }

        if (FindLead(work.LeadId) is null)
        {
            return Keep(new DeadLetterWork(work.Source, work.Key, work.Position, $"{work.Property}={work.Value}",
                $"property change for lead {work.LeadId}, which was never taken in", work.At));
        }

        if (FromHubSpot(work) is { } action)
        {
            return action;
        }

        Writer.Append(work.LeadId, HandoffEventTypes.PropertyChanged, work.At, new EventMembers { ["property"] = work.Property, ["value"] = work.Value });
        Writer.RecordInput(work.Source, work.Key, "event", "applied", work.LeadId, Time.GetUtcNow());
        return new WorkResult(WorkStatus.Done, "recorded", work.LeadId, "applied");
    }

    /// <summary>Writes the distribution state in the open transaction if the work in it changed the state.</summary>
    public void SaveDistributionIfChanged()
    {
        var snapshot = State.ToSnapshot();
        var json = Json(snapshot);
        if (json != _savedDistribution)
        {
            Writer.SaveDistribution(snapshot);
            _savedDistribution = json;
        }
    }

    /// <summary>The facts every event about a lead carries, so metrics split by them without joins.</summary>
    /// <param name="lead">The lead the event is about.</param>
    /// <param name="more">The event's own members, which follow the facts; one named as a fact takes the fact's place.</param>
    public static EventMembers Facts(StoredLead lead, EventMembers? more = null)
    {
        // The event's own members are built for this one event: the facts go in front of them.
        var data = more ?? new EventMembers();
        data.PutFirst(
        [
            new("source", lead.Source),
            new("segment", lead.Segment),
            new("territory", lead.Territory),
            new("queue", lead.Queue),
            new("member", lead.Member),
        ]);
        return data;
    }

    public static string Json(object value) => JsonSerializer.Serialize(value, DecisionRecord.JsonOptions);

    public void Dispose() => Writer.Dispose();

    /// <summary>
    /// The store's duplicate keys, read and written inside the processor's transaction. A match
    /// names the earlier lead as it is now — its current queue and owner after any reassignment,
    /// and whether its hand-off is still open.
    /// </summary>
    private sealed class StoredDuplicateIndex(IHandoffWriter writer, DuplicateRule rule) : IDuplicateIndex
    {
        public DuplicateMatch? Find(Lead lead, DuplicateKey[] keys)
        {
            var found = writer.FindDuplicateKeys(Array.ConvertAll(keys, k => k.Key));
            for (var i = 0; i < keys.Length; i++)
            {
                var matchedOn = keys[i].MatchedOn;
                if (found[i] is { } earlier && lead.ArrivedAt - earlier.At <= rule.Window)
                {
                    return writer.FindLead(earlier.LeadId) is { } now
                        ? new DuplicateMatch(now.LeadId, now.Queue, now.Member, matchedOn, Open: now.Outcome == HandoffOutcome.Routed && now.NurtureTrack is null)
                        : new DuplicateMatch(earlier.LeadId, earlier.Queue, earlier.Member, matchedOn, Open: false);
                }
            }

            return null;
        }

        public void Remember(Lead lead, DuplicateKey[] keys, string? queue, string? member, bool open)
        {
            writer.SaveDuplicateKeys(Array.ConvertAll(keys, k => k.Key), lead.Id, queue, member, lead.ArrivedAt);
        }
    }
}
