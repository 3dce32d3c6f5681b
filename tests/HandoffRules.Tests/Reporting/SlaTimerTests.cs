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
}
