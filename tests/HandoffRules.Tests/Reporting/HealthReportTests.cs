using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Records;
using HandoffRules.Reporting;
using HandoffRules.Reporting.Rendering;

namespace HandoffRules.Tests.Reporting;

/// <summary>
/// Every metric on an event log whose figures are worked out by hand below: untouched leads, leads
/// crossing the window's end, a lead rejected then reassigned and accepted, breaches fired late.
/// </summary>
public sealed class HealthReportTests
{
    private static readonly ReportWindow Week = new(At("2026-11-02 00:00"), At("2026-11-09 00:00"));

    private static readonly List<HandoffEvent> Log = BuildLog();

    // A  Organic/SMB    Q1 m1  routed Nov 2 10:00, touched +30m, accepted, meeting Nov 3
    // B  Paid/Mid       Q1 m2  routed Nov 2 12:00, touched +2h, rejected WRONG_TERRITORY (misroute), reassigned to m3, accepted Nov 3
    // C  Organic/SMB    Q1 m1  routed Nov 3 09:00, never touched; both SLAs breached late (the host was down)
    // D  Paid/SMB       Q2 m2  routed Nov 8 23:00, touched Nov 9 01:00 — after the window: untouched here, no answer
    // E  Organic/SMB    Q2 m2  routed Nov 1 23:00 (previous window), rejected NO_BUDGET Nov 1 23:30
    // F  Referral/Ent   Q2 m3  routed Nov 4 10:00, touched +5m, accepted, recycled BAD_TIMING Nov 6
    // G  Paid/SMB       Q2 m3  routed Nov 5 10:00, touched +1h, rejected NO_BUDGET Nov 5 12:00
    // H  a duplicate on Nov 5; I disqualified on Nov 6; Z disqualified on Oct 27 (previous window)
    private static List<HandoffEvent> BuildLog()
    {
        var log = new List<HandoffEvent>();
        void Add(string lead, string type, string at, JsonObject data) => log.Add(new HandoffEvent(log.Count + 1, lead, type, At(at), data));
        void Routed(string lead, string at, string source, string segment, string queue, string member)
        {
            Add(lead, HandoffEventTypes.Routed, at, new JsonObject { ["source"] = source, ["segment"] = segment, ["queue"] = queue, ["member"] = member, ["route"] = queue + " route" });
            foreach (var (sla, kind) in new[] { ("First touch", "FirstTouch"), ("Acceptance", "Acceptance") })
            {
                Add(lead, HandoffEventTypes.SlaStarted, at, new JsonObject { ["sla"] = sla, ["kind"] = kind, ["source"] = source, ["segment"] = segment });
            }
        }

        Routed("A", "2026-11-02 10:00", "Organic", "SMB", "Q1", "m1");
        Add("A", HandoffEventTypes.Touched, "2026-11-02 10:30", []);
        Add("A", HandoffEventTypes.Accepted, "2026-11-02 11:00", []);
        Add("A", HandoffEventTypes.MeetingBooked, "2026-11-03 15:00", []);

        Routed("B", "2026-11-02 12:00", "Paid", "Mid-Market", "Q1", "m2");
        Add("B", HandoffEventTypes.Touched, "2026-11-02 14:00", []);
        Add("B", HandoffEventTypes.Rejected, "2026-11-02 15:00", new JsonObject { ["reason"] = "WRONG_TERRITORY", ["misroute"] = true, ["source"] = "Paid", ["segment"] = "Mid-Market" });
        Add("B", HandoffEventTypes.Reassigned, "2026-11-02 15:00", new JsonObject { ["misroute"] = true, ["member"] = "m3" });
        Add("B", HandoffEventTypes.Accepted, "2026-11-03 09:00", []);

        Routed("C", "2026-11-03 09:00", "Organic", "SMB", "Q1", "m1");
        Add("C", HandoffEventTypes.SlaBreached, "2026-11-03 13:00", new JsonObject { ["sla"] = "First touch", ["kind"] = "FirstTouch", ["late"] = true });
        Add("C", HandoffEventTypes.SlaBreached, "2026-11-03 17:00", new JsonObject { ["sla"] = "Acceptance", ["kind"] = "Acceptance", ["late"] = true });

        Routed("D", "2026-11-08 23:00", "Paid", "SMB", "Q2", "m2");
        Add("D", HandoffEventTypes.Touched, "2026-11-09 01:00", []);

        Routed("E", "2026-11-01 23:00", "Organic", "SMB", "Q2", "m2");
        Add("E", HandoffEventTypes.Rejected, "2026-11-01 23:30", new JsonObject { ["reason"] = "NO_BUDGET", ["misroute"] = false, ["source"] = "Organic", ["segment"] = "SMB" });

        Routed("F", "2026-11-04 10:00", "Referral", "Enterprise", "Q2", "m3");
        Add("F", HandoffEventTypes.Touched, "2026-11-04 10:05", []);
        Add("F", HandoffEventTypes.Accepted, "2026-11-04 11:00", []);
        Add("F", HandoffEventTypes.Recycled, "2026-11-06 09:00", new JsonObject { ["reason"] = "BAD_TIMING" });

        Routed("G", "2026-11-05 10:00", "Paid", "SMB", "Q2", "m3");
        Add("G", HandoffEventTypes.Touched, "2026-11-05 11:00", []);
        Add("G", HandoffEventTypes.Rejected, "2026-11-05 12:00", new JsonObject { ["reason"] = "NO_BUDGET", ["misroute"] = false, ["source"] = "Paid", ["segment"] = "SMB" });

        // The log covers the window before too (so its counts compare): a lead disqualified on Oct 27.
        Add("Z", HandoffEventTypes.Disqualified, "2026-10-27 09:00", new JsonObject { ["reason"] = "COMPETITOR" });

        Add("H", HandoffEventTypes.Duplicate, "2026-11-05 09:00", []);
        Add("I", HandoffEventTypes.Disqualified, "2026-11-06 09:00", new JsonObject { ["reason"] = "COMPETITOR" });
        return log;
    }

    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static readonly HealthReport Report = HealthReportBuilder.Build(Log, Week);

    [Fact]
    public void Leads_count_in_the_window_they_were_handed_off_in()
    {
        // A, B, C, D, F and G; E was handed off the week before.
        Assert.Equal(6, Report.Overall.HandedOff);
    }

    [Fact]
    public void Time_to_first_touch_counts_untouched_leads_as_not_yet_touched_at_the_windows_end()
    {
        // Touched: F 5 min, A 30 min, G 1 h, B 2 h. C never (censored at 5 d 15 h); D only after the
        // window's end (censored at 1 h, after G on the tie). Six leads: the median is the 3rd (G),
        // the p90 the 6th (C), which is censored.
        var overall = Report.Overall;
        Assert.Equal((4, 2), (overall.Touched, overall.Untouched));
        Assert.Equal(new TouchTime(TimeSpan.FromHours(1), Censored: false), overall.FirstTouchMedian);
        Assert.Equal(new TouchTime(TimeSpan.FromHours(135), Censored: true), overall.FirstTouchP90);
        Assert.Equal("> 5.6 d", Format.Touch(overall.FirstTouchP90));
    }

    [Fact]
    public void Acceptance_counts_the_last_answer_and_expired_slas_and_leaves_out_leads_with_no_answer_yet()
    {
        // Accepted: A, B (rejected, reassigned, then accepted), F. Rejected: G. Expired: C. D has no answer yet.
        var overall = Report.Overall;
        Assert.Equal((3, 1, 1), (overall.Accepted, overall.Rejected, overall.Expired));
        Assert.Equal(0.6, overall.AcceptanceRate);
    }

    [Fact]
    public void Meeting_recycle_and_misroute_rates()
    {
        var overall = Report.Overall;
        Assert.Equal(1.0 / 3, overall.MeetingRate);
        Assert.Equal(1.0 / 6, overall.RecycleRate);
        Assert.Equal(1.0 / 6, overall.MisrouteRate);
    }

    [Fact]
    public void Duplicate_rate_is_duplicates_over_ingested()
    {
        // Ingested in the window: six routed, H the duplicate, I disqualified.
        Assert.Equal((8, 1, 1), (Report.Ingested, Report.Duplicates, Report.Disqualified));
        Assert.Equal(1.0 / 8, Report.DuplicateRate);
    }

    [Fact]
    public void Sla_breach_rate_is_per_sla_and_breaches_fired_late_count()
    {
        Assert.Equal(
            [new SlaFigures("Acceptance", 6, 1, 1), new SlaFigures("First touch", 6, 1, 1)],
            Report.Slas);
        Assert.Equal(2.0 / 12, Report.Overall.SlaBreachRate);
    }

    [Fact]
    public void Reject_reasons_are_counted_by_source_and_segment_with_the_change_against_the_previous_window()
    {
        var noBudget = Report.RejectReasons.Single(r => r.Reason == "NO_BUDGET");
        Assert.Equal((1, 1, 0), (noBudget.Count, noBudget.Previous, noBudget.Change));
        Assert.Equal([("Paid", "SMB", 1)], noBudget.By);
        var territory = Report.RejectReasons.Single(r => r.Reason == "WRONG_TERRITORY");
        Assert.Equal((1, 0, 1), (territory.Count, territory.Previous, territory.Change));
    }

    [Fact]
    public void Figures_split_by_source_segment_queue_and_member()
    {
        var organic = Report.BySource.Single(s => s.Key == "Organic").Figures;
        Assert.Equal((2, 1, 1, 1), (organic.HandedOff, organic.Touched, organic.Accepted, organic.Expired));
        Assert.Equal(0.5, organic.AcceptanceRate);
        Assert.Equal(4, Report.BySegment.Single(s => s.Key == "SMB").Figures.HandedOff);
        Assert.Equal(3, Report.ByQueue.Single(s => s.Key == "Q1").Figures.HandedOff);
        Assert.Equal(["m1", "m2", "m3"], Report.ByMember.Select(m => m.Key).Order());
    }

    [Fact]
    public void The_first_touch_distribution_and_the_daily_trend()
    {
        // Upper bounds are exclusive: F at 5 min is "5–15 min", G at 1 h is "1–4 h" with B.
        Assert.Equal([0, 1, 1, 2, 0, 0, 2], Report.FirstTouch.Select(b => b.Leads));
        Assert.Equal(7, Report.Trend.Count);
        Assert.Equal(2, Report.Trend[0].HandedOff);
        // Monday's two answers are too few for a rate: shown as a count, not drawn.
        Assert.Equal((2, (double?)null), (Report.Trend[0].Answered, Report.Trend[0].AcceptanceRate));
    }

    [Fact]
    public void The_same_log_gives_the_same_html_and_csv()
    {
        var again = HealthReportBuilder.Build([.. Log.AsEnumerable().Reverse()], Week);
        Assert.Equal(HtmlReport.Render(Report), HtmlReport.Render(again));

        var first = Directory.CreateTempSubdirectory("handoff-csv-").FullName;
        var second = Directory.CreateTempSubdirectory("handoff-csv-").FullName;
        try
        {
            var files = CsvReport.Write(Report, first);
            CsvReport.Write(again, second);
            Assert.All(files, f => Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(second, Path.GetFileName(f)))));
            var summary = File.ReadAllLines(Path.Combine(first, "summary.csv"));
            Assert.StartsWith("window_from,window_to,ingested,disqualified,duplicates,duplicate_rate,handed_off", summary[0], StringComparison.Ordinal);
            Assert.Contains(",6,4,2,60,false,8100,true,,,,,3,1,1,0.6,", summary[1], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(first, true);
            Directory.Delete(second, true);
        }
    }

    [Fact]
    public void The_html_page_is_self_contained()
    {
        var html = HtmlReport.Render(Report);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }
}
