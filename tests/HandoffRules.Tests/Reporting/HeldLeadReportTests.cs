using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Records;
using HandoffRules.Reporting;
using HandoffRules.Reporting.Rendering;

namespace HandoffRules.Tests.Reporting;

/// <summary>The report counts leads held with nobody free, how each hold ended and the longest wait, worked out by hand.</summary>
public sealed class HeldLeadReportTests
{
    private static readonly ReportWindow Week = new(At("2026-11-02 00:00"), At("2026-11-09 00:00"));

    // A  held Nov 2 10:00, offered to m1 at 12:00                         → 2 h
    // B  held Nov 2 11:00, past the maximum hold at 15:00, escalated to m9 → 4 h
    // C  held Nov 3 09:00, escalated at 13:00 with nobody free, offered Nov 3 20:00 → 11 h
    // D  held Nov 8 22:00, still held at the window's end                  → 2 h (censored)
    // E  held Nov 1 (last window) and still held: counts as held at the end, not as held this window
    // F  held Nov 4 09:00, reassigned to nobody, then recycled at 10:00     → 1 h
    private static readonly List<HandoffEvent> Log = BuildLog();

    private static List<HandoffEvent> BuildLog()
    {
        var log = new List<HandoffEvent>();
        void Add(string lead, string type, string at, JsonObject? data = null) => log.Add(new HandoffEvent(log.Count + 1, lead, type, At(at), data ?? []));
        void Held(string lead, string at)
        {
            Add(lead, HandoffEventTypes.Routed, at, new JsonObject { ["queue"] = "Q", ["member"] = null });
            Add(lead, HandoffEventTypes.Held, at, new JsonObject { ["queue"] = "Q" });
        }

        Held("A", "2026-11-02 10:00");
        Add("A", HandoffEventTypes.Offered, "2026-11-02 12:00", new JsonObject { ["member"] = "m1" });
        Held("B", "2026-11-02 11:00");
        Add("B", HandoffEventTypes.HoldExpired, "2026-11-02 15:00");
        Add("B", HandoffEventTypes.Escalated, "2026-11-02 15:00", new JsonObject { ["member"] = "m9" });
        Held("C", "2026-11-03 09:00");
        Add("C", HandoffEventTypes.HoldExpired, "2026-11-03 13:00");
        Add("C", HandoffEventTypes.Escalated, "2026-11-03 13:00", new JsonObject { ["member"] = null });
        Add("C", HandoffEventTypes.Offered, "2026-11-03 20:00", new JsonObject { ["member"] = "m9" });
        Held("D", "2026-11-08 22:00");
        Held("E", "2026-11-01 08:00");
        Held("F", "2026-11-04 09:00");
        Add("F", HandoffEventTypes.Reassigned, "2026-11-04 09:30", new JsonObject { ["member"] = null });
        Add("F", HandoffEventTypes.Recycled, "2026-11-04 10:00");
        return log;
    }

    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void Held_leads_are_counted_with_how_they_ended_and_the_longest_wait()
    {
        var holds = HealthReportBuilder.Build(Log, Week).Holds;

        Assert.Equal((5, 2, 2, 2), (holds.Held, holds.Offered, holds.Expired, holds.HeldAtEnd));
        Assert.Equal((TimeSpan.FromHours(11), "C"), (holds.LongestHold, holds.LongestHeldLead));
    }

    [Fact]
    public void A_hold_past_the_maximum_is_a_capacity_finding_and_every_format_shows_the_holds()
    {
        var report = HealthReportBuilder.Build(Log, Week);

        var finding = Assert.Single(report.Findings, f => f.Subject == "held leads");
        Assert.Contains("5 leads held, 2 past the maximum hold, 2 still held", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("Held, nobody free", HtmlReport.Render(report), StringComparison.Ordinal);

        var folder = Directory.CreateTempSubdirectory("handoff-holds-").FullName;
        try
        {
            CsvReport.Write(report, folder);
            Assert.Equal(["held,offered,expired,held_at_end,longest_hold_minutes,longest_held_lead", "5,2,2,2,660,C"], File.ReadAllLines(Path.Combine(folder, "holds.csv")));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_window_before_anything_was_held_counts_nothing()
    {
        var holds = HealthReportBuilder.Build(Log, new ReportWindow(At("2026-10-01 00:00"), At("2026-10-08 00:00"))).Holds;

        Assert.Equal((0, 0, 0, 0, null), (holds.Held, holds.Offered, holds.Expired, holds.HeldAtEnd, holds.LongestHold));
    }
}
