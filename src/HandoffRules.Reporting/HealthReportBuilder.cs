using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Reporting;

/// <summary>
/// Computes a <see cref="HealthReport"/> from the event log, exactly as the brief defines each
/// metric. The same events and window always give the same report. For a log too long to hold, feed
/// a <see cref="HealthReportAccumulator"/> as it is read: this is that, over a list.
/// </summary>
public static class HealthReportBuilder
{
    /// <summary>The version split's key for leads routed before versions were recorded.</summary>
    public const string NoPlaybookVersion = "(not recorded)";

    /// <summary>
    /// The event types that are lead activity — leads arriving and SDRs acting, what a day of handoff is
    /// made of. The default window ends with the last day that has one.
    /// </summary>
    public static IReadOnlyList<string> LeadActivityTypes { get; } =
    [
        HandoffEventTypes.Routed, HandoffEventTypes.Disqualified, HandoffEventTypes.Duplicate, HandoffEventTypes.Touched,
        HandoffEventTypes.Accepted, HandoffEventTypes.Rejected, HandoffEventTypes.MeetingBooked, HandoffEventTypes.Recycled,
    ];

    /// <summary>Builds the report for a window.</summary>
    /// <param name="events">The event log (any order; read in log order, by sequence, here).</param>
    /// <param name="window">The window.</param>
    /// <param name="playbook">The playbook, for findings about rules never hit and fair shares.</param>
    /// <param name="byPlaybookVersion">Also split by the playbook version that routed each lead.</param>
    public static HealthReport Build(IReadOnlyList<HandoffEvent> events, ReportWindow window, PlaybookModel? playbook = null, bool byPlaybookVersion = false)
    {
        ArgumentNullException.ThrowIfNull(events);
        var report = new HealthReportAccumulator(window, playbook, byPlaybookVersion);
        foreach (var e in events.OrderBy(e => e.Seq))
        {
            report.Add(e);
        }

        return report.Finish();
    }

    /// <summary>
    /// The window a report covers when not told: seven days ending with the last day of lead activity
    /// (intake and SDR actions). Events the host stamps with its own clock — alerts, escalations,
    /// breaches fired at real time after a simulated week — do not move it.
    /// </summary>
    /// <param name="events">The event log.</param>
    /// <param name="from">The start asked for, if any.</param>
    /// <param name="to">The end asked for (exclusive), if any.</param>
    /// <param name="now">The end when the log has no lead activity.</param>
    public static ReportWindow DefaultWindow(IReadOnlyList<HandoffEvent> events, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        var activity = to is null ? events.Where(e => LeadActivityTypes.Contains(e.Type)).Select(e => (DateTimeOffset?)e.At).Max() : null;
        return DefaultWindow(activity, from, to, now);
    }

    /// <summary>
    /// The window a report covers when not told, from the time of the log's last lead activity (one of
    /// <see cref="LeadActivityTypes"/>), so a caller that can ask its store for that time need not read the log twice.
    /// </summary>
    /// <param name="lastActivity">The time of the last lead activity in the log, or null when there is none.</param>
    /// <param name="from">The start asked for, if any.</param>
    /// <param name="to">The end asked for (exclusive), if any.</param>
    /// <param name="now">The end when the log has no lead activity.</param>
    public static ReportWindow DefaultWindow(DateTimeOffset? lastActivity, DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var end = to ?? (lastActivity is { } last ? new DateTimeOffset(last.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) : new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero));
        return new ReportWindow(from ?? end.AddDays(-7), end);
    }
}
