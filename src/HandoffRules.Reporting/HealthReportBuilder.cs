using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Reporting;

/// <summary>
/// Computes a <see cref="HealthReport"/> from the event log, exactly as the brief defines each
/// metric. The same events and window always give the same report.
/// </summary>
public static class HealthReportBuilder
{
    /// <summary>Builds the report for a window.</summary>
    /// <param name="events">The event log (any order; sorted by sequence here).</param>
    /// <param name="window">The window.</param>
    /// <param name="playbook">The playbook, for findings about rules never hit and fair shares.</param>
    /// <param name="byPlaybookVersion">Also split by the playbook version that routed each lead.</param>
    public static HealthReport Build(IReadOnlyList<HandoffEvent> events, ReportWindow window, PlaybookModel? playbook = null, bool byPlaybookVersion = false)
    {
        var timelines = LeadTimeline.From(events);
        var clocks = QueueClocks(playbook);
        var handedOff = timelines.Values.Where(t => t.Routed is not null && window.Contains(t.Routed.At)).OrderBy(t => t.LeadId, StringComparer.Ordinal).ToList();
        var intake = events.Where(e => window.Contains(e.At) && e.Type is HandoffEventTypes.Routed or HandoffEventTypes.Disqualified or HandoffEventTypes.Duplicate).ToList();

        var report = new HealthReport
        {
            Window = window,
            Playbook = playbook?.Name,
            Ingested = intake.Count,
            Duplicates = intake.Count(e => e.Type == HandoffEventTypes.Duplicate),
            Disqualified = intake.Count(e => e.Type == HandoffEventTypes.Disqualified),
            Overall = Figures(handedOff, window.To, clocks),
            BySource = Split(handedOff, t => t.Source, window.To, clocks),
            BySegment = Split(handedOff, t => t.Segment, window.To, clocks),
            ByQueue = Split([.. handedOff.SelectMany(t => t.Stretches("queue"))], t => t.Queue, window.To, clocks),
            ByMember = Split([.. handedOff.SelectMany(t => t.Stretches("member"))], t => t.Member, window.To, clocks),
            // The rule that made the routing decision: its misroute column is misroutes by rule.
            ByRoute = Split(handedOff, t => t.Route, window.To, clocks),
            ByPlaybookVersion = byPlaybookVersion ? Split(handedOff, t => t.Routed!.Playbook?.ToString() ?? NoPlaybookVersion, window.To, clocks) : [],
            Holds = Holds(timelines.Values, events, window),
            Slas = Slas(handedOff, window.To),
            RejectReasons = RejectReasons(events, window),
            Trend = Trend(timelines.Values, window),
            FirstTouch = TouchBuckets(handedOff, window.To),
        };
        return report with { Findings = FindingRules.Derive(report, handedOff, timelines.Values, events, window, playbook) };
    }

    /// <summary>The version split's key for leads routed before versions were recorded.</summary>
    public const string NoPlaybookVersion = "(not recorded)";

    internal static HealthFigures Figures(IReadOnlyCollection<LeadTimeline> leads, DateTimeOffset end, Func<string?, BusinessClock>? clocks = null)
    {
        // Every handed-off lead counts: an untouched one as not yet touched at the window's end.
        var touches = leads.Select(t => (Lead: t, First: t.FirstTouch(end))).ToList();
        var wall = touches.Select(t => new TouchTime((t.First ?? t.Lead.WaitedUntil(end)) - t.Lead.Routed!.At, t.First is null)).ToList();
        var business = clocks is null ? null : touches
            .Select(t => new TouchTime(clocks(t.Lead.Routed!.Text("queue")).Between(t.Lead.Routed.At, t.First ?? t.Lead.WaitedUntil(end)), t.First is null))
            .ToList();
        var answers = leads.Select(t => t.Answer(end)).ToList();
        var timers = leads.SelectMany(t => Timers(t, end)).ToList();
        return new HealthFigures
        {
            HandedOff = leads.Count,
            Touched = touches.Count(t => t.First is not null),
            Untouched = touches.Count(t => t.First is null),
            FirstTouchMedian = Percentile(wall, 0.5),
            FirstTouchP90 = Percentile(wall, 0.9),
            BusinessFirstTouchMedian = business is null ? null : Percentile(business, 0.5),
            BusinessFirstTouchP90 = business is null ? null : Percentile(business, 0.9),
            Accepted = answers.Count(a => a == "accepted"),
            Rejected = answers.Count(a => a == "rejected"),
            Expired = answers.Count(a => a == "expired"),
            Meetings = leads.Count(t => t.Answer(end) == "accepted" && t.Has(HandoffEventTypes.MeetingBooked, end)),
            Recycled = leads.Count(t => t.Has(HandoffEventTypes.Recycled, end)),
            Misrouted = leads.Count(t => t.Misrouted(end)),
            SlaStarted = timers.Count,
            SlaBreached = timers.Count(t => t.Breached),
        };
    }

    /// <summary>
    /// Nearest-rank percentile (the smallest value with at least p of the values at or below it) over touched and censored times together. On a tie a touched lead
    /// sorts first: a censored lead's real time is longer than the value it shows. A percentile that
    /// falls on a censored lead is itself censored ("more than").
    /// </summary>
    internal static TouchTime? Percentile(IEnumerable<TouchTime> times, double p)
    {
        var sorted = times.OrderBy(t => t.Value).ThenBy(t => t.Censored).ToList();
        return sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    // The business clock of each queue, the one its SLAs run on; leads of an account owner (no queue) use the playbook's.
    private static Func<string?, BusinessClock>? QueueClocks(PlaybookModel? playbook)
    {
        if (playbook is null)
        {
            return null;
        }

        var byQueue = playbook.Queues.ToDictionary(q => q.Name, q => new BusinessClock(playbook.HoursFor(q)), StringComparer.Ordinal);
        var fallback = new BusinessClock(playbook.BusinessHours);
        return queue => queue is not null && byQueue.TryGetValue(queue, out var clock) ? clock : fallback;
    }

    /// <summary>
    /// The lead's SLA timers started before the end and whether each breached before the end. A
    /// timer can start again for the same lead (a repeat request restarts it), so each met or breached
    /// event closes the most recent open timer of its SLA: one breach is one breached timer.
    /// </summary>
    private static List<(string Sla, bool Breached, bool Late)> Timers(LeadTimeline lead, DateTimeOffset end)
    {
        var timers = new List<(string Sla, bool Breached, bool Late)>();
        var open = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var e in lead.Before(end))
        {
            var sla = e.Text("sla") ?? "?";
            if (e.Type == HandoffEventTypes.SlaStarted)
            {
                timers.Add((sla, false, false));
                if (!open.TryGetValue(sla, out var list))
                {
                    open[sla] = list = [];
                }

                list.Add(timers.Count - 1);
            }
            else if (e.Type is HandoffEventTypes.SlaBreached or HandoffEventTypes.SlaMet && open.TryGetValue(sla, out var started) && started.Count > 0)
            {
                var index = started[^1];
                started.RemoveAt(started.Count - 1);
                if (e.Type == HandoffEventTypes.SlaBreached)
                {
                    timers[index] = (sla, true, e.Flag("late"));
                }
            }
        }

        return timers;
    }

    // Every lead's holds, not only those handed off in the window: a lead routed last week may still be waiting.
    private static HoldFigures Holds(IEnumerable<LeadTimeline> timelines, IReadOnlyList<HandoffEvent> events, ReportWindow window)
    {
        var holds = timelines
            .SelectMany(t => t.Holds(window.To).Select(h => (t.LeadId, h.Start, h.End)))
            .ToList();
        var started = holds
            .Where(h => window.Contains(h.Start))
            .Select(h => (h.LeadId, Waited: (h.End ?? window.To) - h.Start))
            .OrderByDescending(h => h.Waited)
            .ThenBy(h => h.LeadId, StringComparer.Ordinal)
            .ToList();
        return new HoldFigures
        {
            Held = started.Count,
            Offered = events.Count(e => e.Type == HandoffEventTypes.Offered && window.Contains(e.At)),
            Expired = events.Count(e => e.Type == HandoffEventTypes.HoldExpired && window.Contains(e.At)),
            HeldAtEnd = holds.Count(h => h.End is null),
            LongestHold = started.Count > 0 ? started[0].Waited : null,
            LongestHeldLead = started.Count > 0 ? started[0].LeadId : null,
        };
    }

    private static SplitFigures[] Split(IEnumerable<LeadTimeline> leads, Func<LeadTimeline, string> key, DateTimeOffset end, Func<string?, BusinessClock>? clocks) =>
        [.. leads.GroupBy(key, StringComparer.Ordinal)
            .Select(g => new SplitFigures(g.Key, Figures([.. g], end, clocks)))
            .OrderByDescending(s => s.Figures.HandedOff)
            .ThenBy(s => s.Key, StringComparer.Ordinal)];

    private static SlaFigures[] Slas(IEnumerable<LeadTimeline> leads, DateTimeOffset end) =>
        [.. leads.SelectMany(t => Timers(t, end))
            .GroupBy(t => t.Sla, StringComparer.Ordinal)
            .Select(g => new SlaFigures(g.Key, g.Count(), g.Count(t => t.Breached), g.Count(t => t.Late)))
            .OrderBy(s => s.Sla, StringComparer.Ordinal)];

    private static RejectReasonFigures[] RejectReasons(IReadOnlyList<HandoffEvent> events, ReportWindow window)
    {
        // Without lead activity in the window before — or when the log starts in its second half, as
        // a simulated week's early local-time arrivals do — its counts are unknown, not zero.
        var previous = window.Previous;
        var first = events.Where(IsLeadActivity).Select(e => (DateTimeOffset?)e.At).Min();
        var previousData = first is { } start && start < previous.From + (previous.To - previous.From) / 2
            && events.Any(e => IsLeadActivity(e) && previous.Contains(e.At));
        var rejections = events.Where(e => e.Type == HandoffEventTypes.Rejected).ToList();
        var now = rejections.Where(e => window.Contains(e.At)).ToList();
        var before = rejections.Where(e => window.Previous.Contains(e.At)).ToList();
        return [.. now.Concat(before).Select(e => e.Text("reason") ?? "?").Distinct(StringComparer.Ordinal)
            .Select(reason => new RejectReasonFigures(
                reason,
                now.Count(e => e.Text("reason") == reason),
                previousData ? before.Count(e => e.Text("reason") == reason) : null,
                [.. now.Where(e => e.Text("reason") == reason)
                    .GroupBy(e => (Source: e.Text("source") ?? "(unknown)", Segment: e.Text("segment") ?? "(unknown)"))
                    .Select(g => (g.Key.Source, g.Key.Segment, g.Count()))
                    .OrderByDescending(x => x.Item3).ThenBy(x => x.Source, StringComparer.Ordinal).ThenBy(x => x.Segment, StringComparer.Ordinal)]))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)];
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
        var activity = events.Where(IsLeadActivity).Select(e => (DateTimeOffset?)e.At).Max();
        var end = to ?? (activity is { } last ? new DateTimeOffset(last.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) : new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero));
        return new ReportWindow(from ?? end.AddDays(-7), end);
    }

    // Leads arriving and SDRs acting: what a day of handoff is made of.
    private static bool IsLeadActivity(HandoffEvent e) => e.Type is HandoffEventTypes.Routed or HandoffEventTypes.Disqualified or HandoffEventTypes.Duplicate
        or HandoffEventTypes.Touched or HandoffEventTypes.Accepted or HandoffEventTypes.Rejected or HandoffEventTypes.MeetingBooked or HandoffEventTypes.Recycled;

    // Days for windows up to a month, weeks beyond.
    private static TrendPoint[] Trend(IEnumerable<LeadTimeline> timelines, ReportWindow window)
    {
        var step = window.To - window.From <= TimeSpan.FromDays(31) ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);
        var routed = timelines.Where(t => t.Routed is not null).ToList();
        var points = new List<TrendPoint>();
        for (var start = window.From; start < window.To; start += step)
        {
            var end = start + step < window.To ? start + step : window.To;
            var f = Figures([.. routed.Where(t => t.Routed!.At >= start && t.Routed.At < end)], window.To);
            var answered = f.Accepted + f.Rejected + f.Expired;
            const int enough = TrendPoint.MinimumEvidence;
            points.Add(new TrendPoint(start, f.HandedOff,
                answered >= enough ? f.AcceptanceRate : null,
                f.HandedOff >= enough ? f.RecycleRate : null,
                f.SlaStarted >= enough ? f.SlaBreachRate : null,
                answered));
        }

        return [.. points];
    }

    private static TouchBucket[] TouchBuckets(IEnumerable<LeadTimeline> leads, DateTimeOffset end)
    {
        (string Label, TimeSpan Upper)[] bounds =
        [
            ("under 5 min", TimeSpan.FromMinutes(5)), ("5–15 min", TimeSpan.FromMinutes(15)), ("15–60 min", TimeSpan.FromHours(1)),
            ("1–4 h", TimeSpan.FromHours(4)), ("4–24 h", TimeSpan.FromDays(1)), ("over 24 h", TimeSpan.MaxValue),
        ];
        var counts = new int[bounds.Length + 1];
        foreach (var lead in leads)
        {
            if (lead.FirstTouch(end) is not { } first)
            {
                counts[^1]++;
                continue;
            }

            var elapsed = first - lead.Routed!.At;
            counts[Array.FindIndex(bounds, b => elapsed < b.Upper)]++;
        }

        return [.. bounds.Select((b, i) => new TouchBucket(b.Label, counts[i])), new TouchBucket("untouched", counts[^1])];
    }
}
