using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Records;
using HandoffRules.Reporting;
using HandoffRules.Reporting.Rendering;

namespace HandoffRules.Tests.Reporting;

/// <summary>
/// What a window can honestly say: no comparison with a previous window that has no data, no trend
/// point drawn from one or two answers, and a default window that ends on the last day of lead activity.
/// </summary>
public sealed class ReportWindowTests
{
    private static readonly ReportWindow Week = new(At("2026-11-02 00:00"), At("2026-11-09 00:00"));

    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // Monday: one lead, rejected. Tuesday: six leads, five accepted, one rejected. Nothing before Monday.
    // An alert stamped at the host's real time, weeks later, is the last event of the log.
    private static List<HandoffEvent> Log()
    {
        var log = new List<HandoffEvent>();
        void Add(string lead, string type, string at, JsonObject? data = null) => log.Add(new HandoffEvent(log.Count + 1, lead, type, At(at), data ?? []));
        void Lead(string lead, string day, string answer)
        {
            Add(lead, HandoffEventTypes.Routed, $"{day} 10:00", new JsonObject { ["source"] = "Paid", ["segment"] = "SMB", ["queue"] = "Q", ["member"] = "m" });
            Add(lead, answer, $"{day} 11:00", answer == HandoffEventTypes.Rejected ? new JsonObject { ["reason"] = "NO_BUDGET", ["source"] = "Paid", ["segment"] = "SMB" } : null);
        }

        Lead("A", "2026-11-02", HandoffEventTypes.Rejected);
        foreach (var id in new[] { "B", "C", "D", "E", "F" })
        {
            Lead(id, "2026-11-03", HandoffEventTypes.Accepted);
        }

        Lead("G", "2026-11-03", HandoffEventTypes.Rejected);
        Add("G", HandoffEventTypes.AlertQueued, "2026-11-29 15:12");
        return log;
    }

    [Fact]
    public void Reject_reasons_against_a_previous_window_without_data_say_so()
    {
        var report = HealthReportBuilder.Build(Log(), Week);

        var reason = Assert.Single(report.RejectReasons);
        Assert.Equal((2, (int?)null, (int?)null), (reason.Count, reason.Previous, reason.Change));
        Assert.Equal("no previous data", Format.Previous(reason.Previous));
        Assert.Contains("<td>no previous data</td>", HtmlReport.Render(report), StringComparison.Ordinal);
    }

    [Fact]
    public void A_previous_window_the_log_covers_only_at_its_very_end_has_no_previous_data_either()
    {
        // One lead arrived Sunday night (a simulated week's early local-time arrival), rejected the same night.
        var log = Log();
        log.Add(new HandoffEvent(100, "Z", HandoffEventTypes.Routed, At("2026-11-01 21:00"), new JsonObject { ["queue"] = "Q", ["member"] = "m" }));
        log.Add(new HandoffEvent(101, "Z", HandoffEventTypes.Rejected, At("2026-11-01 22:00"), new JsonObject { ["reason"] = "NO_BUDGET" }));

        var reason = Assert.Single(HealthReportBuilder.Build(log, Week).RejectReasons);
        Assert.Null(reason.Previous);

        // A log that covers the window before gives real counts, zero included.
        log.Add(new HandoffEvent(102, "Y", HandoffEventTypes.Routed, At("2026-10-26 09:00"), new JsonObject { ["queue"] = "Q", ["member"] = "m" }));
        reason = Assert.Single(HealthReportBuilder.Build(log, Week).RejectReasons);
        Assert.Equal((2, (int?)1, (int?)1), (reason.Count, reason.Previous, reason.Change));
    }

    [Fact]
    public void A_trend_point_with_too_few_answers_has_no_rate_but_shows_its_count()
    {
        var report = HealthReportBuilder.Build(Log(), Week);

        // Monday: one answer (a rejection) is not a "0% acceptance" day.
        Assert.Equal((1, 1, (double?)null), (report.Trend[0].HandedOff, report.Trend[0].Answered, report.Trend[0].AcceptanceRate));
        Assert.Equal((6, 6), (report.Trend[1].HandedOff, report.Trend[1].Answered));
        Assert.Equal(5.0 / 6, report.Trend[1].AcceptanceRate);
    }

    [Fact]
    public void The_default_window_ends_with_the_last_day_of_lead_activity_not_a_host_stamp()
    {
        var window = HealthReportBuilder.DefaultWindow(Log(), from: null, to: null, now: At("2026-11-29 16:00"));

        Assert.Equal(new ReportWindow(At("2026-10-28 00:00"), At("2026-11-04 00:00")), window);
    }
}
