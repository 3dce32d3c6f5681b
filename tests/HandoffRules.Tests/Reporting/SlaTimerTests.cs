using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Records;
using HandoffRules.Reporting;

namespace HandoffRules.Tests.Reporting;

/// <summary>One breach is one breached timer, even when a repeat request restarted the SLA for the same lead.</summary>
public sealed class SlaTimerTests
{
    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void A_restarted_timer_and_one_breach_count_two_timers_and_one_breach()
    {
        // L: First touch starts Mon 10:00 and is met at 10:30; a repeat request restarts it Tue 09:00;
        // the restarted timer breaches Tue 13:00.
        var log = new List<HandoffEvent>();
        void Add(string type, string at, JsonObject data) => log.Add(new HandoffEvent(log.Count + 1, "L", type, At(at), data));
        Add(HandoffEventTypes.Routed, "2026-11-02 10:00", new JsonObject { ["queue"] = "Q", ["member"] = "m" });
        Add(HandoffEventTypes.SlaStarted, "2026-11-02 10:00", new JsonObject { ["sla"] = "First touch", ["kind"] = "FirstTouch" });
        Add(HandoffEventTypes.SlaMet, "2026-11-02 10:30", new JsonObject { ["sla"] = "First touch", ["kind"] = "FirstTouch" });
        Add(HandoffEventTypes.SlaStarted, "2026-11-03 09:00", new JsonObject { ["sla"] = "First touch", ["kind"] = "FirstTouch" });
        Add(HandoffEventTypes.SlaBreached, "2026-11-03 13:00", new JsonObject { ["sla"] = "First touch", ["kind"] = "FirstTouch" });

        var report = HealthReportBuilder.Build(log, new ReportWindow(At("2026-11-02 00:00"), At("2026-11-09 00:00")));

        var sla = Assert.Single(report.Slas);
        Assert.Equal(("First touch", 2, 1), (sla.Sla, sla.Started, sla.Breached));
        Assert.Equal((2, 1), (report.Overall.SlaStarted, report.Overall.SlaBreached));
    }

    [Fact]
    public void Every_timer_of_a_lead_with_many_counts_and_a_breach_closes_its_own_SLA()
    {
        // L: four SLAs start at the hand-off; the third breaches, the fourth is met, the first breaches late.
        var log = new List<HandoffEvent>();
        void Add(string type, string at, JsonObject data) => log.Add(new HandoffEvent(log.Count + 1, "L", type, At(at), data));
        Add(HandoffEventTypes.Routed, "2026-11-02 10:00", new JsonObject { ["queue"] = "Q", ["member"] = "m" });
        foreach (var sla in new[] { "A", "B", "C", "D" })
        {
            Add(HandoffEventTypes.SlaStarted, "2026-11-02 10:00", new JsonObject { ["sla"] = sla, ["kind"] = "FirstTouch" });
        }

        Add(HandoffEventTypes.SlaBreached, "2026-11-02 11:00", new JsonObject { ["sla"] = "C", ["kind"] = "FirstTouch" });
        Add(HandoffEventTypes.SlaMet, "2026-11-02 11:30", new JsonObject { ["sla"] = "D", ["kind"] = "FirstTouch" });
        Add(HandoffEventTypes.SlaBreached, "2026-11-02 12:00", new JsonObject { ["sla"] = "A", ["kind"] = "FirstTouch", ["late"] = true });

        var report = HealthReportBuilder.Build(log, new ReportWindow(At("2026-11-02 00:00"), At("2026-11-09 00:00")));

        Assert.Equal(
            [("A", 1, 1, 1), ("B", 1, 0, 0), ("C", 1, 1, 0), ("D", 1, 0, 0)],
            report.Slas.Select(s => (s.Sla, s.Started, s.Breached, s.Late)));
        Assert.Equal((4, 2), (report.Overall.SlaStarted, report.Overall.SlaBreached));
    }
}
