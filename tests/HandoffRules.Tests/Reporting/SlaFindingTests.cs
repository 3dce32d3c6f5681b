using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Records;
using HandoffRules.Reporting;

namespace HandoffRules.Tests.Reporting;

/// <summary>Findings name an SLA breached far above the others.</summary>
public sealed class SlaFindingTests
{
    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void An_sla_breached_on_most_of_its_timers_is_a_finding_and_one_breached_like_the_rest_is_not()
    {
        // Ten leads: each starts "Demo first touch" and "Acceptance"; the demo SLA breaches for 7, acceptance for 1.
        var log = new List<HandoffEvent>();
        void Add(string lead, string type, string at, JsonObject data) => log.Add(new HandoffEvent(log.Count + 1, lead, type, At(at), data));
        for (var i = 0; i < 10; i++)
        {
            var lead = $"L{i}";
            Add(lead, HandoffEventTypes.Routed, "2026-11-03 10:00", new JsonObject { ["queue"] = "Q", ["member"] = "m" });
            Add(lead, HandoffEventTypes.SlaStarted, "2026-11-03 10:00", new JsonObject { ["sla"] = "Demo first touch" });
            Add(lead, HandoffEventTypes.SlaStarted, "2026-11-03 10:00", new JsonObject { ["sla"] = "Acceptance" });
            if (i < 7)
            {
                Add(lead, HandoffEventTypes.SlaBreached, "2026-11-03 11:00", new JsonObject { ["sla"] = "Demo first touch" });
            }

            if (i == 0)
            {
                Add(lead, HandoffEventTypes.SlaBreached, "2026-11-04 10:00", new JsonObject { ["sla"] = "Acceptance" });
            }
        }

        var report = HealthReportBuilder.Build(log, new ReportWindow(At("2026-11-02 00:00"), At("2026-11-09 00:00")));

        var finding = Assert.Single(report.Findings, f => f.Kind == "sla");
        Assert.Equal("Demo first touch", finding.Subject);
        Assert.Equal("7 of 10 timers breached (70.0%) against 10.0% for the other SLAs.", finding.Evidence);
    }
}
