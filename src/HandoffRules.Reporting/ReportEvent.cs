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

    public static ReportEventKind KindOf(string type) => type switch
    {
        HandoffEventTypes.Routed => ReportEventKind.Routed,
        HandoffEventTypes.Disqualified => ReportEventKind.Disqualified,
        HandoffEventTypes.Duplicate => ReportEventKind.Duplicate,
        HandoffEventTypes.SlaStarted => ReportEventKind.SlaStarted,
        HandoffEventTypes.SlaMet => ReportEventKind.SlaMet,
        HandoffEventTypes.SlaBreached => ReportEventKind.SlaBreached,
        HandoffEventTypes.Escalated => ReportEventKind.Escalated,
        HandoffEventTypes.Reassigned => ReportEventKind.Reassigned,
        HandoffEventTypes.Offered => ReportEventKind.Offered,
        HandoffEventTypes.Touched => ReportEventKind.Touched,
        HandoffEventTypes.Accepted => ReportEventKind.Accepted,
        HandoffEventTypes.Rejected => ReportEventKind.Rejected,
        HandoffEventTypes.MeetingBooked => ReportEventKind.MeetingBooked,
        HandoffEventTypes.Recycled => ReportEventKind.Recycled,
        HandoffEventTypes.Held => ReportEventKind.Held,
        HandoffEventTypes.HoldExpired => ReportEventKind.HoldExpired,
        _ => ReportEventKind.Other,
    };

    /// <summary>Leads arriving and SDRs acting: what a day of handoff is made of.</summary>
    public static bool IsLeadActivity(ReportEventKind kind) => kind is ReportEventKind.Routed or ReportEventKind.Disqualified or ReportEventKind.Duplicate
        or ReportEventKind.Touched or ReportEventKind.Accepted or ReportEventKind.Rejected or ReportEventKind.MeetingBooked or ReportEventKind.Recycled;

    /// <summary>The facts of one event a lead's summary folds in.</summary>
    public static ReportEvent Read(HandoffEvent e, ReportEventKind kind, NameTable names)
    {
        var at = e.At.UtcTicks;
        switch (kind)
        {
            case ReportEventKind.SlaStarted or ReportEventKind.SlaMet:
                return new ReportEvent(kind, at, names.Id(e.Text("sla") ?? "?"), 0, false, false, false, false, 0, false, 0);
            case ReportEventKind.SlaBreached:
                return new ReportEvent(kind, at, names.Id(e.Text("sla") ?? "?"), 0, false, e.Flag("late"), e.Text("kind") == "Acceptance", false, 0, false, 0);
            case ReportEventKind.Reassigned or ReportEventKind.Escalated or ReportEventKind.Offered:
                var hasQueue = e.Data.ContainsKey("queue");
                var hasMember = e.Data.ContainsKey("member");
                return new ReportEvent(kind, at, 0, 0, kind == ReportEventKind.Reassigned && e.Flag("misroute"), false, false,
                    hasQueue, hasQueue ? names.Id(e.Text("queue")) : 0, hasMember, hasMember ? names.Id(e.Text("member")) : 0);
            case ReportEventKind.Rejected:
                return new ReportEvent(kind, at, 0, names.Id(e.Text("reason")), e.Flag("misroute"), false, false, false, 0, false, 0);
            default:
                return new ReportEvent(kind, at, 0, 0, false, false, false, false, 0, false, 0);
        }
    }
}
