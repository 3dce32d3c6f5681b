using HandoffRules.Records;

namespace HandoffRules.Reporting;

/// <summary>The kinds of event a report reads; every other kind leaves the figures as they are.</summary>
internal enum ReportEventKind : byte
{
    Other,
    Routed,
    Disqualified,
    Duplicate,
    SlaStarted,
    SlaMet,
    SlaBreached,
    Escalated,
    Reassigned,
    Offered,
    Touched,
    Accepted,
    Rejected,
    MeetingBooked,
    Recycled,
    Held,
    HoldExpired,
}

/// <summary>
/// What a report needs of one event of a lead, read from its facts once: its kind and time (UTC
/// ticks), the SLA it concerns, its flags, and the owner it names (queue and member, each only when
/// the event carries the field; ids of <see cref="NameTable"/>).
/// </summary>
internal readonly record struct ReportEvent(
    ReportEventKind Kind, long At, int Sla, int Reason, bool Misroute, bool Late, bool AcceptanceKind, bool HasQueue, int Queue, bool HasMember, int Member)
{
    public bool ChangesOwner => Kind is ReportEventKind.Reassigned or ReportEventKind.Escalated or ReportEventKind.Offered;

    // The one table of the event types a report reads, as text and as the UTF-8 the store keeps.
    private static readonly (string Type, byte[] Utf8, ReportEventKind Kind)[] Kinds = [.. new (string, ReportEventKind)[]
    {
        (HandoffEventTypes.Routed, ReportEventKind.Routed),
        (HandoffEventTypes.Disqualified, ReportEventKind.Disqualified),
        (HandoffEventTypes.Duplicate, ReportEventKind.Duplicate),
        (HandoffEventTypes.SlaStarted, ReportEventKind.SlaStarted),
        (HandoffEventTypes.SlaMet, ReportEventKind.SlaMet),
        (HandoffEventTypes.SlaBreached, ReportEventKind.SlaBreached),
        (HandoffEventTypes.Escalated, ReportEventKind.Escalated),
        (HandoffEventTypes.Reassigned, ReportEventKind.Reassigned),
        (HandoffEventTypes.Offered, ReportEventKind.Offered),
        (HandoffEventTypes.Touched, ReportEventKind.Touched),
        (HandoffEventTypes.Accepted, ReportEventKind.Accepted),
        (HandoffEventTypes.Rejected, ReportEventKind.Rejected),
        (HandoffEventTypes.MeetingBooked, ReportEventKind.MeetingBooked),
        (HandoffEventTypes.Recycled, ReportEventKind.Recycled),
        (HandoffEventTypes.Held, ReportEventKind.Held),
        (HandoffEventTypes.HoldExpired, ReportEventKind.HoldExpired),
    }.Select(k => (k.Item1, System.Text.Encoding.UTF8.GetBytes(k.Item1), k.Item2))];

    /// <summary>The event types a report reads; every other type leaves the figures as they are.</summary>
    public static IReadOnlyList<string> Types { get; } = [.. Kinds.Select(k => k.Type)];

    public static ReportEventKind KindOf(string type)
    {
        foreach (var (name, _, kind) in Kinds)
        {
            if (string.Equals(name, type, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return ReportEventKind.Other;
    }

    public static ReportEventKind KindOf(ReadOnlySpan<byte> type)
    {
        foreach (var (_, name, kind) in Kinds)
        {
            if (type.SequenceEqual(name))
            {
                return kind;
            }
        }

        return ReportEventKind.Other;
    }

    /// <summary>Leads arriving and SDRs acting: what a day of handoff is made of.</summary>
    public static bool IsLeadActivity(ReportEventKind kind) => kind is ReportEventKind.Routed or ReportEventKind.Disqualified or ReportEventKind.Duplicate
        or ReportEventKind.Touched or ReportEventKind.Accepted or ReportEventKind.Rejected or ReportEventKind.MeetingBooked or ReportEventKind.Recycled;

    /// <summary>The facts of one event a lead's summary folds in.</summary>
    public static ReportEvent Read(ReportEventKind kind, long at, in EventFacts facts, NameTable names) => kind switch
    {
        // A timer event without an SLA name still counts, under "?".
        ReportEventKind.SlaStarted or ReportEventKind.SlaMet =>
            new ReportEvent(kind, at, SlaOf(facts, names), 0, false, false, false, false, 0, false, 0),
        ReportEventKind.SlaBreached =>
            new ReportEvent(kind, at, SlaOf(facts, names), 0, false, facts.Late, facts.Acceptance, false, 0, false, 0),
        ReportEventKind.Reassigned or ReportEventKind.Escalated or ReportEventKind.Offered =>
            new ReportEvent(kind, at, 0, 0, kind == ReportEventKind.Reassigned && facts.Misroute, false, false, facts.HasQueue, facts.Queue, facts.HasMember, facts.Member),
        ReportEventKind.Rejected =>
            new ReportEvent(kind, at, 0, facts.Reason, facts.Misroute, false, false, false, 0, false, 0),
        _ => new ReportEvent(kind, at, 0, 0, false, false, false, false, 0, false, 0),
    };

    private static int SlaOf(in EventFacts facts, NameTable names) => facts.Sla != NameTable.None ? facts.Sla : names.Id("?");
}
