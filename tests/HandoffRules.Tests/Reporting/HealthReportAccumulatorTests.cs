using System.Text.Json.Nodes;
using HandoffRules.Records;
using HandoffRules.Reporting;

namespace HandoffRules.Tests.Reporting;

/// <summary>The report fed one event at a time, as a long log is read.</summary>
public sealed class HealthReportAccumulatorTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ReportWindow Week = new(Monday.Date, Monday.Date.AddDays(7));

    private static HandoffEvent Event(long seq, string lead, string type, TimeSpan after, JsonObject? data = null) =>
        new(seq, lead, type, Monday + after, data ?? []);

    [Fact]
    public void Events_added_one_at_a_time_give_the_report_of_the_whole_log()
    {
        HandoffEvent[] log =
        [
            Event(1, "L1", HandoffEventTypes.Routed, TimeSpan.Zero, new JsonObject { ["source"] = "Paid", ["queue"] = "Q", ["member"] = "ana" }),
            Event(2, "L2", HandoffEventTypes.Routed, TimeSpan.FromMinutes(1), new JsonObject { ["source"] = "Web", ["queue"] = "Q", ["member"] = "bo" }),
            Event(3, "L1", HandoffEventTypes.Touched, TimeSpan.FromMinutes(10)),
            Event(4, "L2", HandoffEventTypes.Reassigned, TimeSpan.FromMinutes(20), new JsonObject { ["member"] = "ana", ["misroute"] = true }),
            Event(5, "L1", HandoffEventTypes.Accepted, TimeSpan.FromMinutes(30)),
            Event(6, "L2", HandoffEventTypes.Touched, TimeSpan.FromMinutes(40)),
        ];
        var report = new HealthReportAccumulator(Week);
        foreach (var e in log)
        {
            report.Add(e);
        }

        var streamed = report.Finish();
        var built = HealthReportBuilder.Build(log, Week);
        Assert.Equal(built.Overall, streamed.Overall);
        Assert.Equal(2, report.Leads);
        Assert.Equal([("ana", 2), ("bo", 1)], streamed.ByMember.Select(m => (m.Key, m.Figures.HandedOff)));
        Assert.Equal(1, streamed.ByMember.Single(m => m.Key == "bo").Figures.Misrouted);
    }

    [Fact]
    public void An_event_out_of_log_order_is_refused_naming_it()
    {
        var report = new HealthReportAccumulator(Week);
        report.Add(Event(7, "L1", HandoffEventTypes.Routed, TimeSpan.Zero));

        var error = Assert.Throws<ArgumentException>(() => report.Add(Event(5, "L2", HandoffEventTypes.Touched, TimeSpan.FromMinutes(1))));
        Assert.Contains("Event 5 (sdr.touched of lead 'L2') came after event 7", error.Message, StringComparison.Ordinal);
    }
}
