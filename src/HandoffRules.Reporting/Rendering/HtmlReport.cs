using System.Globalization;
using System.Net;
using System.Text;

namespace HandoffRules.Reporting.Rendering;

/// <summary>
/// The report as one self-contained HTML page (inline CSS and SVG; no scripts, no external fonts or
/// images) for the weekly review screen.
/// </summary>
public static class HtmlReport
{
    /// <summary>The page.</summary>
    public static string Render(HealthReport report)
    {
        var o = report.Overall;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>Handoff health — ").Append(E(report.Window.ToString())).Append("</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<header><h1>Handoff health</h1><p>").Append(E(report.Playbook ?? "")).Append(" · ").Append(E(report.Window.ToString())).Append("</p></header>");

        html.Append("<section class=\"cards\">")
            .Append(Card("Handed off", Format.Count(o.HandedOff), $"{Format.Count(report.Ingested)} ingested, {Format.Count(report.Disqualified)} disqualified"))
            .Append(Card("Time to first touch (wall clock)", Format.Touch(o.FirstTouchMedian), $"median · p90 {Format.Touch(o.FirstTouchP90)} · {Format.Count(o.Untouched)} untouched, counted as not yet touched at the window's end"))
            .Append(Card("Time to first touch (business hours of the queue)", Format.Touch(o.BusinessFirstTouchMedian), $"median · p90 {Format.Touch(o.BusinessFirstTouchP90)} · the clock the SLAs run on"))
            .Append(Card("Acceptance", Format.Percent(o.AcceptanceRate), $"{Format.Count(o.Accepted)} accepted, {Format.Count(o.Rejected)} rejected, {Format.Count(o.Expired)} expired"))
            .Append(Card("Meetings", Format.Percent(o.MeetingRate), $"{Format.Count(o.Meetings)} of accepted"))
            .Append(Card("Recycled", Format.Percent(o.RecycleRate), $"{Format.Count(o.Recycled)} back to nurture"))
            .Append(Card("SLA breaches", Format.Percent(o.SlaBreachRate), $"{Format.Count(o.SlaBreached)} of {Format.Count(o.SlaStarted)} timers"))
            .Append(Card("Misroutes", Format.Percent(o.MisrouteRate), $"{Format.Count(o.Misrouted)} leads"))
            .Append(Card("Duplicates", Format.Percent(report.DuplicateRate), $"{Format.Count(report.Duplicates)} of {Format.Count(report.Ingested)}"))
            .Append(Card("Held, nobody free", Format.Count(report.Holds.Held),
                $"{Format.Count(report.Holds.Offered)} offered, {Format.Count(report.Holds.Expired)} past the maximum hold, {Format.Count(report.Holds.HeldAtEnd)} still held · longest {Format.Duration(report.Holds.LongestHold)}"))
            .Append("</section>");

        html.Append("<section class=\"grid\">");
        html.Append(Panel("Time to first touch (wall clock)", SvgCharts.Bars([.. report.FirstTouch.Select(b => (b.Label, (double)b.Leads))])));
        html.Append(Panel(report.Trend.Count > 0 && report.Trend.Count <= 31 && (report.Window.To - report.Window.From).TotalDays <= 31 ? "Daily trend" : "Weekly trend",
            SvgCharts.Lines([.. report.Trend.Select(t => t.Start.ToString("MMM d", CultureInfo.InvariantCulture))],
            [
                ("Acceptance", [.. report.Trend.Select(t => t.AcceptanceRate)]),
                ("Recycle", [.. report.Trend.Select(t => t.RecycleRate)]),
                ("SLA breach", [.. report.Trend.Select(t => t.SlaBreachRate)]),
            ]) + $"<p class=\"muted\">A rate is drawn only where at least {TrendPoint.MinimumEvidence} leads stand behind it; answers per point: " +
            E(string.Join(", ", report.Trend.Select(t => $"{t.Start.ToString("MMM d", CultureInfo.InvariantCulture)} {Format.Count(t.Answered)}"))) + ".</p>"));
        html.Append(Panel("Leads per member", SvgCharts.HorizontalBars([.. report.ByMember.Take(30).Select(m => (m.Key, (double)m.Figures.HandedOff))])));
        html.Append(Panel("Reject reasons", SvgCharts.HorizontalBars([.. report.RejectReasons.Select(r => (r.Reason, (double)r.Count))]) + RejectTable(report)));
        html.Append("</section>");

        html.Append("<section><h2>What to improve</h2>");
        if (report.Findings.Count == 0)
        {
            html.Append("<p class=\"muted\">Nothing stands out this window.</p>");
        }

        foreach (var finding in report.Findings)
        {
            html.Append("<div class=\"finding\"><strong>").Append(E(finding.Subject)).Append("</strong> — ").Append(E(finding.Message))
                .Append("<div class=\"evidence\">").Append(E(finding.Evidence)).Append("</div></div>");
        }

        html.Append("</section>");
        html.Append(SplitTable("By source", report.BySource)).Append(SplitTable("By segment", report.BySegment)).Append(SplitTable("By queue", report.ByQueue))
            .Append(SplitTable("By route", report.ByRoute));
        if (report.ByPlaybookVersion.Count > 0)
        {
            html.Append(SplitTable("By playbook version", report.ByPlaybookVersion));
        }

        html.Append("<section><h2>SLAs</h2><table><tr><th>SLA</th><th>Started</th><th>Breached</th><th>Late</th><th>Breach rate</th></tr>");
        foreach (var sla in report.Slas)
        {
            html.Append("<tr><td>").Append(E(sla.Sla)).Append("</td><td>").Append(Format.Count(sla.Started)).Append("</td><td>").Append(Format.Count(sla.Breached))
                .Append("</td><td>").Append(Format.Count(sla.Late)).Append("</td><td>").Append(Format.Percent(sla.BreachRate)).Append("</td></tr>");
        }

        html.Append("</table></section><footer>Late breaches fired after a restart: the host was down at the deadline. Rates count leads handed off in the window; what happened to them counts up to the window's end.</footer>");
        return html.Append("</body></html>\n").ToString();
    }

    private static string RejectTable(HealthReport report)
    {
        var html = new StringBuilder("<table class=\"compact\"><tr><th>Reason</th><th>Now</th><th>Before</th><th>Change</th><th>Mostly from</th></tr>");
        foreach (var reason in report.RejectReasons)
        {
            var top = string.Join("; ", reason.By.Take(3).Select(b => $"{b.Source} / {b.Segment} ({b.Count})"));
            html.Append("<tr><td>").Append(E(reason.Reason)).Append("</td><td>").Append(Format.Count(reason.Count)).Append("</td><td>").Append(Format.Previous(reason.Previous))
                .Append("</td><td>").Append(Format.Change(reason.Change)).Append("</td><td>").Append(E(top)).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static string SplitTable(string title, IReadOnlyList<SplitFigures> splits)
    {
        var html = new StringBuilder($"<section><h2>{E(title)}</h2><table><tr><th></th><th>Handed off</th><th>First touch, wall clock (median / p90)</th><th>First touch, business hours (median / p90)</th><th>Untouched</th><th>Acceptance</th><th>Meetings</th><th>Recycle</th><th>Misroute</th><th>SLA breach</th></tr>");
        foreach (var split in splits)
        {
            var f = split.Figures;
            html.Append("<tr><td>").Append(E(split.Key)).Append("</td><td>").Append(Format.Count(f.HandedOff)).Append("</td><td>")
                .Append(E(Format.Touch(f.FirstTouchMedian))).Append(" / ").Append(E(Format.Touch(f.FirstTouchP90))).Append("</td><td>")
                .Append(E(Format.Touch(f.BusinessFirstTouchMedian))).Append(" / ").Append(E(Format.Touch(f.BusinessFirstTouchP90))).Append("</td><td>").Append(Format.Count(f.Untouched))
                .Append("</td><td>").Append(Format.Percent(f.AcceptanceRate)).Append("</td><td>").Append(Format.Percent(f.MeetingRate)).Append("</td><td>")
                .Append(Format.Percent(f.RecycleRate)).Append("</td><td>").Append(Format.Percent(f.MisrouteRate)).Append("</td><td>").Append(Format.Percent(f.SlaBreachRate)).Append("</td></tr>");
        }

        return html.Append("</table></section>").ToString();
    }

    private static string Card(string title, string value, string detail) =>
        $"<div class=\"card\"><div class=\"title\">{E(title)}</div><div class=\"big\">{E(value)}</div><div class=\"muted\">{E(detail)}</div></div>";

    private static string Panel(string title, string body) => $"<div class=\"panel\"><h2>{E(title)}</h2>{body}</div>";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1f2937}
        header{background:#111827;color:#fff;padding:18px 28px}header h1{margin:0;font-size:24px}header p{margin:4px 0 0;color:#9ca3af}
        section{padding:8px 28px}h2{font-size:16px;margin:14px 0 8px}
        .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;padding-top:18px}
        .card{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        .title{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#6b7280}.big{font-size:28px;font-weight:700;margin:4px 0}
        .muted{color:#6b7280;font-size:12px}.grid{display:grid;grid-template-columns:1fr 1fr;gap:12px}
        .panel{background:#fff;border-radius:8px;padding:8px 14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}th,td{padding:5px 8px;border-bottom:1px solid #e5e7eb;text-align:right}
        th:first-child,td:first-child{text-align:left}th{background:#f9fafb;color:#374151}table.compact{margin-top:8px;font-size:12px}table.compact td:last-child{text-align:left}
        .finding{background:#fff7ed;border-left:4px solid #ea580c;padding:8px 12px;margin:6px 0;border-radius:4px}.evidence{color:#6b7280;font-size:12px;margin-top:3px}
        svg text.label{font-size:11px;fill:#4b5563}svg text.value{font-size:11px;fill:#111827}svg line.grid{stroke:#e5e7eb}
        footer{color:#6b7280;font-size:12px;padding:16px 28px 28px}
        """;
}
