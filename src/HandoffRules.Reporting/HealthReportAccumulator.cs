using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Reporting;

/// <summary>
/// Builds a <see cref="HealthReport"/> from the event log one event at a time, in log order, so a log
/// of any length is read once and never held: each lead leaves a small summary (times, ids of its
/// source, segment, queue, member and route, outcome flags, SLA timers — no lead data, no trace) and
/// each metric a counter. Memory grows with the number of leads, by the size of a summary, not with
/// the number or size of events. <see cref="HealthReportBuilder.Build"/> is this, fed from a list.
/// </summary>
public sealed partial class HealthReportAccumulator
{
    private readonly ReportWindow _window;
    private readonly long _from;
    private readonly long _end;
    private readonly long _previousFrom;
    private readonly long _previousEnd;
    private readonly PlaybookModel? _playbook;
    private readonly bool _byPlaybookVersion;
    private readonly NameTable _names = new();
    private readonly Dictionary<string, LeadSummary> _leads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeadSummary>.AlternateLookup<ReadOnlySpan<char>> _leadsById;
    private readonly CharBuffer _leadIdChars = new();
    private readonly Dictionary<long, EventFacts> _sharedFacts = [];
    private readonly Dictionary<int, BusinessClock> _clocks = [];
    private readonly BusinessClock? _fallbackClock;
    private long _lastSeq = long.MinValue;

    // The owners' stretches that closed, every lead's together (a split counts them, whoever's they
    // were): a list per lead was two objects each for most leads of a week, which the collector copies.
    private readonly List<LeadFigure> _closedQueueStretches = [];
    private readonly List<LeadFigure> _closedMemberStretches = [];

    // Every lead's changes of owner and ended holds, each lead's linked where it is kept (see Chains).
    private readonly Chains<OwnerChange> _ownerChanges = new();
    private readonly Chains<(long Start, long End)> _holds = new();

    // The lead of the event before: about half the events of a log follow one of the same lead.
    private LeadSummary? _lastLead;

    // Intake in the window, and what the never-hit finding needs of it.
    private int _ingested;
    private int _duplicates;
    private int _disqualified;
    private int _intake;
    private readonly HashSet<int> _intakeRoutes = [];
    private readonly HashSet<int> _intakeReasons = [];

    // Holds offered and expired in the window.
    private int _offered;
    private int _holdsExpired;

    // Reject reasons: the window's and the previous window's rejections by raw reason (null apart),
    // and the window's by reason, source and segment; lead activity for "is there previous data".
    private readonly Dictionary<string, int> _rejectedNow = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _rejectedBefore = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Reason, string Source, string Segment), int> _rejectedBy = [];
    private bool _unnamedRejection;
    private long _firstActivity = long.MaxValue;
    private bool _previousActivity;

    /// <summary>Starts a report for a window.</summary>
    /// <param name="window">The window.</param>
    /// <param name="playbook">The playbook, for business-hours clocks and findings about rules never hit and fair shares.</param>
    /// <param name="byPlaybookVersion">Also split by the playbook version that routed each lead.</param>
    public HealthReportAccumulator(ReportWindow window, PlaybookModel? playbook = null, bool byPlaybookVersion = false)
    {
        ArgumentNullException.ThrowIfNull(window);
        _window = window;
        _leadsById = _leads.GetAlternateLookup<ReadOnlySpan<char>>();
        (_from, _end) = (window.From.UtcTicks, window.To.UtcTicks);
        (_previousFrom, _previousEnd) = (window.Previous.From.UtcTicks, window.Previous.To.UtcTicks);
        _playbook = playbook;
        _byPlaybookVersion = byPlaybookVersion;
        if (playbook is not null)
        {
            // The business clock of each queue, the one its SLAs run on; leads of an account owner (no queue) use the playbook's.
            _fallbackClock = new BusinessClock(playbook.BusinessHours);
            foreach (var queue in playbook.Queues)
            {
                _clocks[_names.Id(queue.Name)] = new BusinessClock(playbook.HoursFor(queue));
            }
        }
    }

    /// <summary>Leads summarised so far (every lead with an event the report reads, routed or not).</summary>
    public int Leads => _leads.Count;

    /// <summary>The event types a report reads; every other type leaves the figures as they are, so a store may leave them out.</summary>
    public static IReadOnlyList<string> EventTypes => ReportEvent.Types;

    /// <summary>Folds in the next event of the log.</summary>
    /// <param name="e">The event; events must come in log order (by <see cref="HandoffEvent.Seq"/>).</param>
    /// <exception cref="ArgumentException">The event comes before one already added.</exception>
    public void Add(HandoffEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        InOrder(e.Seq, e.Type, e.LeadId, nameof(e));
        var kind = ReportEvent.KindOf(e.Type);
        if (kind != ReportEventKind.Other)
        {
            Add(kind, e.LeadId, e.At.UtcTicks, EventFacts.Of(e, _names), e.Playbook);
        }
    }

    /// <summary>
    /// Folds in the next event of the log as its store keeps it, with the same figures as
    /// <see cref="Add(HandoffEvent)"/>: only the facts a report needs are read from the data, and no
    /// JSON object or string is made for them, which is what reading a long log costs most.
    /// </summary>
    /// <param name="seq">The event's position in the log; events must come in log order.</param>
    /// <param name="leadId">The lead it concerns, in UTF-8.</param>
    /// <param name="type">Its type (one of <see cref="HandoffEventTypes"/>), in UTF-8.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="data">Its facts: a JSON object in UTF-8.</param>
    /// <param name="playbook">The playbook that wrote it, or null.</param>
    /// <exception cref="ArgumentException">The event comes before one already added.</exception>
    /// <exception cref="System.Text.Json.JsonException">The data is not a JSON object.</exception>
    public void Add(long seq, ReadOnlySpan<byte> leadId, ReadOnlySpan<byte> type, DateTimeOffset at, ReadOnlySpan<byte> data, PlaybookVersion? playbook) =>
        Add(seq, leadId, type, at, data, NoSharedFacts, [], playbook);

    /// <summary>
    /// Folds in the next event of a log that keeps the facts many events open with apart, once per
    /// distinct set: each set is read once, the first time an event names it, not again for every event.
    /// The figures are those of the event's data as written (the set's members, then <paramref name="data"/>'s).
    /// </summary>
    /// <param name="seq">The event's position in the log; events must come in log order.</param>
    /// <param name="leadId">The lead it concerns, in UTF-8.</param>
    /// <param name="type">Its type (one of <see cref="HandoffEventTypes"/>), in UTF-8.</param>
    /// <param name="at">When it happened.</param>
    /// <param name="data">Its own facts: a JSON object in UTF-8.</param>
    /// <param name="factsId">The set it opened with, 0 for none: an id the log gives each distinct set, so the same id always comes with the same facts.</param>
    /// <param name="facts">That set: the members of a JSON object in UTF-8, without the braces (read only the first time its id comes).</param>
    /// <param name="playbook">The playbook that wrote it, or null.</param>
    /// <exception cref="ArgumentException">The event comes before one already added.</exception>
    /// <exception cref="System.Text.Json.JsonException">The data or the set is not JSON of that form.</exception>
    public void Add(long seq, ReadOnlySpan<byte> leadId, ReadOnlySpan<byte> type, DateTimeOffset at, ReadOnlySpan<byte> data, long factsId, ReadOnlySpan<byte> facts, PlaybookVersion? playbook)
    {
        if (seq < _lastSeq)
        {
            InOrder(seq, System.Text.Encoding.UTF8.GetString(type), System.Text.Encoding.UTF8.GetString(leadId), nameof(seq));
        }

        _lastSeq = seq;
        var kind = ReportEvent.KindOf(type);
        if (kind != ReportEventKind.Other)
        {
            // The facts first: the lead id's characters live in a buffer only until the next decoding.
            var read = EventFacts.Read(data, factsId == NoSharedFacts ? default : SharedFacts(factsId, facts), _names);
            Add(kind, _leadIdChars.Decode(leadId), at.UtcTicks, read, playbook);
        }
    }

    private const long NoSharedFacts = 0;

    private EventFacts SharedFacts(long id, ReadOnlySpan<byte> members)
    {
        if (!_sharedFacts.TryGetValue(id, out var facts))
        {
            var json = new byte[members.Length + 2];
            (json[0], json[^1]) = ((byte)'{', (byte)'}');
            members.CopyTo(json.AsSpan(1));
            facts = EventFacts.Read(json, default, _names);
            _sharedFacts.Add(id, facts);
        }

        return facts;
    }

    private void InOrder(long seq, string type, string leadId, string parameter)
    {
        if (seq < _lastSeq)
        {
            throw new ArgumentException($"Event {seq} ({type} of lead '{leadId}') came after event {_lastSeq}: a report reads the log in order.", parameter);
        }

        _lastSeq = seq;
    }

    private void Add(ReportEventKind kind, ReadOnlySpan<char> leadId, long at, in EventFacts facts, PlaybookVersion? playbook)
    {
        var inWindow = at >= _from && at < _end;
        CountWindow(kind, facts, at, inWindow);
        if (kind is ReportEventKind.Disqualified or ReportEventKind.Duplicate)
        {
            // Only a hand-off makes a lead count in the figures; these count above, in the intake.
            return;
        }

        var lead = _lastLead is { } last && leadId.SequenceEqual(last.LeadId) ? last : Lead(leadId);
        _lastLead = lead;

        if (kind == ReportEventKind.Routed)
        {
            if (!lead.Routed)
            {
                HandOff(lead, facts, at, playbook);
            }

            return;
        }

        Fold(lead, ReportEvent.Read(kind, at, facts, _names));
    }

    private LeadSummary Lead(ReadOnlySpan<char> leadId)
    {
        if (!_leadsById.TryGetValue(leadId, out var lead))
        {
            var id = leadId.ToString();
            lead = new LeadSummary(id);
            _leads.Add(id, lead);
        }

        return lead;
    }

    private void CountWindow(ReportEventKind kind, in EventFacts facts, long at, bool inWindow)
    {
        if (ReportEvent.IsLeadActivity(kind))
        {
            _firstActivity = Math.Min(_firstActivity, at);
            _previousActivity |= at >= _previousFrom && at < _previousEnd;
        }

        switch (kind)
        {
            case ReportEventKind.Routed or ReportEventKind.Disqualified or ReportEventKind.Duplicate when inWindow:
                _ingested++;
                _duplicates += kind == ReportEventKind.Duplicate ? 1 : 0;
                _disqualified += kind == ReportEventKind.Disqualified ? 1 : 0;
                if (kind != ReportEventKind.Duplicate)
                {
                    _intake++;
                    _intakeRoutes.Add(facts.Route);
                    _intakeReasons.Add(facts.Reason);
                }

                break;
            case ReportEventKind.Offered when inWindow:
                _offered++;
                break;
            case ReportEventKind.HoldExpired when inWindow:
                _holdsExpired++;
                break;
            case ReportEventKind.Rejected:
                CountRejection(facts, at, inWindow);
                break;
        }
    }

    private void CountRejection(in EventFacts facts, long at, bool inWindow)
    {
        var before = at >= _previousFrom && at < _previousEnd;
        if (!inWindow && !before)
        {
            return;
        }

        // A rejection without a reason lists as "?"; it counts under its raw reason (none), as it always has.
        if (_names.Name(facts.Reason) is not { } reason)
        {
            _unnamedRejection = true;
            return;
        }

        var counts = inWindow ? _rejectedNow : _rejectedBefore;
        counts[reason] = counts.GetValueOrDefault(reason) + 1;
        if (inWindow)
        {
            var key = (reason, _names.Name(facts.Source) ?? "(unknown)", _names.Name(facts.Segment) ?? "(unknown)");
            _rejectedBy[key] = _rejectedBy.GetValueOrDefault(key) + 1;
        }
    }

    // The lead's first lead.routed is its hand-off, whenever it came.
    private void HandOff(LeadSummary lead, in EventFacts facts, long at, PlaybookVersion? playbook)
    {
        lead.Routed = true;
        lead.RoutedAt = at;
        lead.HandedOff = at >= _from && at < _end;
        lead.Source = facts.Source;
        lead.Segment = facts.Segment;
        lead.Queue = facts.Queue;
        lead.Member = facts.Member;
        lead.Route = facts.Route;
        lead.Version = _byPlaybookVersion ? _names.Id(playbook?.ToString() ?? HealthReportBuilder.NoPlaybookVersion) : NameTable.None;
    }

    private void Fold(LeadSummary lead, in ReportEvent e)
    {
        if (e.At < _end)
        {
            lead.Outcome.Add(e);
            lead.QueueStretches?.Outcome.Add(e);
            lead.MemberStretches?.Outcome.Add(e);
            FoldHold(lead, e);
            if (lead.Routed && e.ChangesOwner)
            {
                _ownerChanges.Add(ref lead.OwnerChanges, new OwnerChange(e.At, e.HasQueue, e.Queue, e.HasMember, e.Member));
            }

            lead.Closed |= e.Kind == ReportEventKind.Recycled || (e.Kind == ReportEventKind.Rejected && !e.Misroute);
            if (e.Kind == ReportEventKind.SlaBreached && lead.FirstBreach == LeadSummary.NoTime)
            {
                lead.FirstBreach = e.At;
            }

            if (e.Kind == ReportEventKind.Rejected)
            {
                lead.Rejections++;
                if (e.Misroute)
                {
                    (lead.MisrouteReasons ??= []).Add(e.Reason);
                }
            }
        }

        // A stretch ends at the event that gives the lead a new owner, whenever it comes; that event
        // belongs to the stretch it ends, so a misroute reassignment counts for the member who sent the lead away.
        if (lead.HandedOff && e.ChangesOwner)
        {
            if (e.HasQueue && e.Queue != (lead.QueueStretches?.Queue ?? lead.Queue))
            {
                lead.QueueStretches = NextStretch(lead, lead.QueueStretches, e, byQueue: true);
            }

            if (e.HasMember && e.Member != (lead.MemberStretches?.Member ?? lead.Member))
            {
                lead.MemberStretches = NextStretch(lead, lead.MemberStretches, e, byQueue: false);
            }
        }
    }

    // From each lead.held until the lead got an owner (offered, or escalated or reassigned to a member)
    // or left the handoff (recycled, rejected to nurture).
    private void FoldHold(LeadSummary lead, in ReportEvent e)
    {
        if (e.Kind == ReportEventKind.Held)
        {
            if (lead.HoldStart == LeadSummary.NoTime)
            {
                lead.HoldStart = e.At;
            }

            return;
        }

        var endsHold = e.Kind switch
        {
            ReportEventKind.Offered or ReportEventKind.Recycled => true,
            ReportEventKind.Escalated or ReportEventKind.Reassigned => e.Member != NameTable.None,
            ReportEventKind.Rejected => !e.Misroute,
            _ => false,
        };
        if (endsHold && lead.HoldStart != LeadSummary.NoTime)
        {
            _holds.Add(ref lead.Holds, (lead.HoldStart, e.At));
            lead.HoldStart = LeadSummary.NoTime;
        }
    }

    // Closes the current stretch (the whole lead so far, for its first change of owner) and starts the
    // new owner's, as a hand-off of its own at the moment it got the lead.
    private OwnerStretches NextStretch(LeadSummary lead, OwnerStretches? stretches, in ReportEvent e, bool byQueue)
    {
        var closed = byQueue ? _closedQueueStretches : _closedMemberStretches;
        if (stretches is null)
        {
            stretches = new OwnerStretches { Queue = lead.Queue, Member = lead.Member };
            closed.Add(Measure(lead.Outcome, lead.RoutedAt, e.At, lead.Queue, byQueue ? lead.Queue : lead.Member));
        }
        else
        {
            closed.Add(Measure(stretches.Outcome, stretches.Start, e.At, stretches.Queue, byQueue ? stretches.Queue : stretches.Member));
        }

        stretches.Start = e.At;
        stretches.Outcome = default;
        stretches.Queue = e.HasQueue ? e.Queue : stretches.Queue;
        stretches.Member = e.HasMember ? e.Member : stretches.Member;
        return stretches;
    }

    /// <summary>
    /// A lead's (or a stretch's) figures at the window's end. Every handed-off lead counts: an untouched
    /// one as not yet touched at the window's end, or when its owner let it go, whichever came first.
    /// </summary>
    private LeadFigure Measure(in LeadOutcome outcome, long start, long until, int queue, int key)
    {
        var waited = outcome.Touched ? outcome.FirstTouch : Math.Min(until, _end);
        var business = 0L;
        if (_fallbackClock is not null)
        {
            var clock = _clocks.GetValueOrDefault(queue, _fallbackClock);
            business = LeadFigure.TouchKey(clock.Between(new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(waited, TimeSpan.Zero)).Ticks, !outcome.Touched);
        }

        var breached = 0;
        for (var i = 0; i < outcome.TimerCount; i++)
        {
            breached += LeadOutcome.Timer(outcome.TimerAt(i)).Breached ? 1 : 0;
        }

        var answer = (byte)outcome.Answer;
        return new LeadFigure(key, LeadFigure.TouchKey(waited - start, !outcome.Touched), business, answer,
            answer == LeadOutcome.AcceptedAnswer && outcome.Meeting, outcome.Recycled, outcome.Misrouted, outcome.TimerCount, breached);
    }
}
