using System.Globalization;
using System.Text.Json.Nodes;
using Acme.Rules;
using HandoffRules.Records;
using HandoffRules.Reporting;
using HandoffRules.Reporting.Rendering;

namespace HandoffRules.Tests.Reporting;

/// <summary>
/// Time to first touch on both clocks — the wall clock and the business hours of the lead's queue —
/// with untouched leads counted as not yet touched at the window's end (censored), worked out by hand.
/// </summary>
public sealed class FirstTouchClockTests
{
    private static readonly ReportWindow Week = new(At("2026-11-02 00:00"), At("2026-11-09 00:00"));

    // EMEA Commercial works 08:00–18:00 Europe/London (UTC in November), Monday to Friday.
    // X  routed Thu Nov 5 17:30, touched Fri Nov 6 08:30: wall 15 h; business 30 min + 30 min = 60 min
    // Y  routed Fri Nov 6 17:00, never touched: censored at the window's end (Mon Nov 9 00:00):
    //    wall 55 h (> 2.3 d); business 60 min (Friday 17:00–18:00, the weekend closed)
    private static readonly List<HandoffEvent> Log = BuildLog();

    private static List<HandoffEvent> BuildLog()
    {
        var log = new List<HandoffEvent>();
        void Add(string lead, string type, string at, JsonObject data) => log.Add(new HandoffEvent(log.Count + 1, lead, type, At(at), data));
        Add("X", HandoffEventTypes.Routed, "2026-11-05 17:30", new JsonObject { ["queue"] = "EMEA Commercial", ["member"] = "omar.khalil" });
        Add("X", HandoffEventTypes.Touched, "2026-11-06 08:30", []);
        Add("Y", HandoffEventTypes.Routed, "2026-11-06 17:00", new JsonObject { ["queue"] = "EMEA Commercial", ["member"] = "omar.khalil" });
        return log;
    }

    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static readonly HealthReport Report = HealthReportBuilder.Build(Log, Week, new AcmePlaybook().Build());

    [Fact]
    public void Wall_clock_percentiles_count_an_untouched_lead_as_not_yet_touched_at_the_windows_end()
    {
        var overall = Report.Overall;

        Assert.Equal((1, 1), (overall.Touched, overall.Untouched));
        Assert.Equal(new TouchTime(TimeSpan.FromHours(15), Censored: false), overall.FirstTouchMedian);
        Assert.Equal(new TouchTime(TimeSpan.FromHours(55), Censored: true), overall.FirstTouchP90);
        Assert.Equal("> 2.3 d", overall.FirstTouchP90!.ToString());
    }

    [Fact]
    public void Business_hours_percentiles_run_on_the_queues_clock()
    {
        var overall = Report.Overall;

        Assert.Equal(new TouchTime(TimeSpan.FromHours(1), Censored: false), overall.BusinessFirstTouchMedian);
        Assert.Equal(new TouchTime(TimeSpan.FromHours(1), Censored: true), overall.BusinessFirstTouchP90);
        Assert.Equal("> 60 min", overall.BusinessFirstTouchP90!.ToString());
    }

    [Fact]
    public void Without_a_playbook_there_is_no_business_clock_and_it_says_so()
    {
        var overall = HealthReportBuilder.Build(Log, Week).Overall;

        Assert.Null(overall.BusinessFirstTouchMedian);
        Assert.Equal(new TouchTime(TimeSpan.FromHours(15), Censored: false), overall.FirstTouchMedian);
    }

    [Fact]
    public void Csv_and_html_name_both_clocks_and_mark_censored_values()
    {
        var folder = Directory.CreateTempSubdirectory("handoff-ttft-").FullName;
        try
        {
            CsvReport.Write(Report, folder);
            var summary = File.ReadAllLines(Path.Combine(folder, "summary.csv"));
            var header = summary[0].Split(',');
            var row = summary[1].Split(',');
            string Cell(string column) => row[Array.IndexOf(header, column)];
            Assert.Equal("900", Cell("first_touch_wall_median_minutes"));
            Assert.Equal("3300", Cell("first_touch_wall_p90_minutes"));
            Assert.Equal("true", Cell("first_touch_wall_p90_censored"));
            Assert.Equal("60", Cell("first_touch_business_hours_median_minutes"));
            Assert.Equal("true", Cell("first_touch_business_hours_p90_censored"));

            var html = HtmlReport.Render(Report);
            Assert.Contains("Time to first touch (wall clock)", html, StringComparison.Ordinal);
            Assert.Contains("Time to first touch (business hours of the queue)", html, StringComparison.Ordinal);
            Assert.Contains("p90 &gt; 2.3 d", html, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
