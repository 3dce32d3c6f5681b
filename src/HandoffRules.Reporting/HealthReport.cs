namespace HandoffRules.Reporting;

/// <summary>A reporting window: from (inclusive) to (exclusive), UTC.</summary>
public sealed record ReportWindow(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The window of the same length just before this one.</summary>
    public ReportWindow Previous => new(From - (To - From), From);

    /// <summary>True when the instant lies in the window.</summary>
    public bool Contains(DateTimeOffset at) => at >= From && at < To;

    /// <summary>"2026-11-02 → 2026-11-09".</summary>
    public override string ToString() => $"{From:yyyy-MM-dd HH:mm} → {To:yyyy-MM-dd HH:mm} UTC";
}

/// <summary>
/// The handoff-health figures of a set of leads, as the brief defines them. Leads count in the window
/// they were handed off in; what happened to them counts up to the window's end.
/// </summary>
public sealed record HealthFigures
{
    /// <summary>Leads handed off (routed) in the window.</summary>
    public int HandedOff { get; init; }

    /// <summary>Handed-off leads touched before the window's end.</summary>
    public int Touched { get; init; }

    /// <summary>Handed-off leads not touched before the window's end: counted, never dropped.</summary>
    public int Untouched { get; init; }

    /// <summary>
    /// Median time from hand-off to first touch on the wall clock, over every handed-off lead: an
    /// untouched lead counts as not yet touched at the window's end (censored).
    /// </summary>
    public TouchTime? FirstTouchMedian { get; init; }

    /// <summary>90th percentile time to first touch on the wall clock, censored like the median.</summary>
    public TouchTime? FirstTouchP90 { get; init; }

    /// <summary>
    /// Median time to first touch counted in the business hours of the lead's queue (the clock its
    /// SLAs run on), censored like the wall-clock one; null when the report has no playbook.
    /// </summary>
    public TouchTime? BusinessFirstTouchMedian { get; init; }

    /// <summary>90th percentile time to first touch in the business hours of the lead's queue.</summary>
    public TouchTime? BusinessFirstTouchP90 { get; init; }

    /// <summary>Leads whose last answer was acceptance.</summary>
    public int Accepted { get; init; }

    /// <summary>Leads whose last answer was rejection.</summary>
    public int Rejected { get; init; }

    /// <summary>Leads with no answer whose acceptance SLA expired.</summary>
    public int Expired { get; init; }

    /// <summary>accepted ÷ (accepted + rejected + expired).</summary>
    public double? AcceptanceRate => Ratio(Accepted, Accepted + Rejected + Expired);

    /// <summary>Accepted leads with a meeting booked.</summary>
    public int Meetings { get; init; }

    /// <summary>meetings ÷ accepted.</summary>
    public double? MeetingRate => Ratio(Meetings, Accepted);

    /// <summary>Leads recycled to nurture.</summary>
    public int Recycled { get; init; }

    /// <summary>recycled ÷ handed off.</summary>
    public double? RecycleRate => Ratio(Recycled, HandedOff);

    /// <summary>Leads reassigned or rejected with a misroute reason.</summary>
    public int Misrouted { get; init; }

    /// <summary>misrouted ÷ routed.</summary>
    public double? MisrouteRate => Ratio(Misrouted, HandedOff);

    /// <summary>SLA timers started for these leads.</summary>
    public int SlaStarted { get; init; }

    /// <summary>Of them, breached.</summary>
    public int SlaBreached { get; init; }

    /// <summary>breached ÷ started.</summary>
    public double? SlaBreachRate => Ratio(SlaBreached, SlaStarted);

    /// <summary>a ÷ b, or null when b is 0.</summary>
    public static double? Ratio(int a, int b) => b == 0 ? null : (double)a / b;
}

/// <summary>
/// A time to first touch. Censored when it falls on a lead not yet touched at the window's end:
/// the real time is longer than <see cref="Value"/>, and it prints as "> 2.3 d".
/// </summary>
/// <param name="Value">The time, or for a censored one the time the lead had waited at the window's end.</param>
/// <param name="Censored">True when the lead was not yet touched.</param>
public sealed record TouchTime(TimeSpan Value, bool Censored)
{
    /// <summary>"42 min", or "> 2.3 d" when censored.</summary>
    public override string ToString() => (Censored ? "> " : "") + Rendering.Format.Duration(Value);
}

/// <summary>
/// Leads held in a queue with nobody to take them (every member at cap, away or inactive): how
/// many, how their holds ended, and how long the longest waited.
/// </summary>
public sealed record HoldFigures
{
    /// <summary>Holds that started in the window.</summary>
    public int Held { get; init; }

    /// <summary>Held leads offered to a member who became free, in the window.</summary>
    public int Offered { get; init; }

    /// <summary>Holds that ran past the playbook's maximum hold in the window.</summary>
    public int Expired { get; init; }

    /// <summary>Leads still held at the window's end, whenever their hold started.</summary>
    public int HeldAtEnd { get; init; }

    /// <summary>The longest wait of a hold that started in the window; one still open counts to the window's end.</summary>
    public TimeSpan? LongestHold { get; init; }

    /// <summary>The lead that waited longest.</summary>
    public string? LongestHeldLead { get; init; }
}

/// <summary>Figures for one value of a split (a source, a segment, a queue, a member).</summary>
public sealed record SplitFigures(string Key, HealthFigures Figures);

/// <summary>An SLA's timers started in the window and how many breached (late: the host was down at the deadline).</summary>
public sealed record SlaFigures(string Sla, int Started, int Breached, int Late)
{
    /// <summary>breached ÷ started.</summary>
    public double? BreachRate => HealthFigures.Ratio(Breached, Started);
}

/// <summary>Rejections with one reason in the window, by source and segment, and the window before.</summary>
/// <param name="Reason">The reject reason's code.</param>
/// <param name="Count">Rejections with it in the window.</param>
/// <param name="Previous">Rejections with it in the window before; null when the log has no lead activity in that window at all (no previous data, not zero).</param>
/// <param name="By">The window's rejections by source and segment.</param>
public sealed record RejectReasonFigures(string Reason, int Count, int? Previous, IReadOnlyList<(string Source, string Segment, int Count)> By)
{
    /// <summary>Count minus the previous window's; null without previous data.</summary>
    public int? Change => Count - Previous;
}

/// <summary>
/// One bucket of a trend. A rate is null (not drawn) when the bucket has fewer than
/// <see cref="MinimumEvidence"/> leads behind it: one rejection is not a 0% acceptance day.
/// </summary>
/// <param name="Start">The bucket's start.</param>
/// <param name="HandedOff">Leads handed off in it.</param>
/// <param name="AcceptanceRate">Acceptance rate, over at least <see cref="MinimumEvidence"/> answers.</param>
/// <param name="RecycleRate">Recycle rate, over at least <see cref="MinimumEvidence"/> handed-off leads.</param>
/// <param name="SlaBreachRate">SLA breach rate, over at least <see cref="MinimumEvidence"/> timers.</param>
/// <param name="Answered">Leads answered (accepted, rejected or expired): the acceptance rate's base.</param>
public sealed record TrendPoint(DateTimeOffset Start, int HandedOff, double? AcceptanceRate, double? RecycleRate, double? SlaBreachRate, int Answered)
{
    /// <summary>The fewest leads a trend rate is drawn from.</summary>
    public const int MinimumEvidence = 5;
}

/// <summary>A bar of the time-to-first-touch distribution.</summary>
public sealed record TouchBucket(string Label, int Leads);

/// <summary>Something the data says should change, with its evidence.</summary>
/// <param name="Kind">What kind of finding (for grouping).</param>
/// <param name="Subject">What it is about.</param>
/// <param name="Message">What to do, in words.</param>
/// <param name="Evidence">The figures behind it.</param>
public sealed record Finding(string Kind, string Subject, string Message, string Evidence);

/// <summary>
/// The weekly handoff-health report: the brief's metrics for a window, split by source, segment,
/// queue and member, with reject reasons, SLA breach rates, a trend, the time-to-first-touch
/// distribution, load per member, and findings derived from the data.
/// </summary>
public sealed record HealthReport
{
    /// <summary>The window.</summary>
    public required ReportWindow Window { get; init; }

    /// <summary>The playbook the report is about, if known.</summary>
    public string? Playbook { get; init; }

    /// <summary>Leads taken in (routed, disqualified or duplicate) in the window.</summary>
    public int Ingested { get; init; }

    /// <summary>Of them, duplicates.</summary>
    public int Duplicates { get; init; }

    /// <summary>Of them, disqualified.</summary>
    public int Disqualified { get; init; }

    /// <summary>duplicates ÷ ingested.</summary>
    public double? DuplicateRate => HealthFigures.Ratio(Duplicates, Ingested);

    /// <summary>All handed-off leads together.</summary>
    public required HealthFigures Overall { get; init; }

    /// <summary>By lead source.</summary>
    public IReadOnlyList<SplitFigures> BySource { get; init; } = [];

    /// <summary>By segment.</summary>
    public IReadOnlyList<SplitFigures> BySegment { get; init; } = [];

    /// <summary>By queue.</summary>
    public IReadOnlyList<SplitFigures> ByQueue { get; init; } = [];

    /// <summary>By member (the owner the lead was handed to).</summary>
    public IReadOnlyList<SplitFigures> ByMember { get; init; } = [];

    /// <summary>
    /// Figures by the route that made each lead's routing decision (the fallback and account-owner
    /// routing by their own names): where misroutes come from, rule by rule.
    /// </summary>
    public IReadOnlyList<SplitFigures> ByRoute { get; init; } = [];

    /// <summary>
    /// By the playbook version that routed the lead ("1.4.0 (3f2a9c1d0b7e4a55)"), when asked for:
    /// during a rolling deploy two versions decide at once. Empty unless asked.
    /// </summary>
    public IReadOnlyList<SplitFigures> ByPlaybookVersion { get; init; } = [];

    /// <summary>Leads held in a queue with nobody to take them.</summary>
    public HoldFigures Holds { get; init; } = new();

    /// <summary>SLA breach rate per SLA.</summary>
    public IReadOnlyList<SlaFigures> Slas { get; init; } = [];

    /// <summary>Reject reasons, most frequent first.</summary>
    public IReadOnlyList<RejectReasonFigures> RejectReasons { get; init; } = [];

    /// <summary>Daily (or weekly, for long windows) trend.</summary>
    public IReadOnlyList<TrendPoint> Trend { get; init; } = [];

    /// <summary>Time-to-first-touch distribution.</summary>
    public IReadOnlyList<TouchBucket> FirstTouch { get; init; } = [];

    /// <summary>What to improve.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];
}
