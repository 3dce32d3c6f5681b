using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Records;
using HandoffRules.Reporting;

namespace HandoffRules.Tests.Reporting;

/// <summary>Per-member and per-queue splits credit each outcome to whoever held the lead when it happened.</summary>
public sealed class MemberCreditTests
{
    private static readonly ReportWindow Week = new(At("2026-11-02 00:00"), At("2026-11-09 00:00"));

    // L  routed to Q1/m1 Mon 10:00; m1 rejects it as a misroute at 11:00 and it is reassigned to
    //    Lead Triage/m2; m2 touches it at 12:00 and accepts it at 13:00.
    private static List<HandoffEvent> Log()
    {
        var log = new List<HandoffEvent>();
        void Add(string type, string at, JsonObject data) => log.Add(new HandoffEvent(log.Count + 1, "L", type, At(at), data));
        Add(HandoffEventTypes.Routed, "2026-11-02 10:00", new JsonObject { ["source"] = "Paid", ["segment"] = "SMB", ["queue"] = "Q1", ["member"] = "m1" });
        Add(HandoffEventTypes.Rejected, "2026-11-02 11:00", new JsonObject { ["reason"] = "WRONG_TERRITORY", ["misroute"] = true, ["queue"] = "Q1", ["member"] = "m1", ["by"] = "m1" });
        Add(HandoffEventTypes.Reassigned, "2026-11-02 11:00", new JsonObject { ["misroute"] = true, ["queue"] = "Lead Triage", ["member"] = "m2", ["from_member"] = "m1" });
        Add(HandoffEventTypes.Touched, "2026-11-02 12:00", new JsonObject { ["queue"] = "Lead Triage", ["member"] = "m2", ["by"] = "m2" });
        Add(HandoffEventTypes.Accepted, "2026-11-02 13:00", new JsonObject { ["queue"] = "Lead Triage", ["member"] = "m2", ["by"] = "m2" });
        return log;
    }

    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Fact]
    public void A_misroute_counts_for_the_member_who_rejected_and_the_acceptance_for_the_one_who_accepted()
    {
        var report = HealthReportBuilder.Build(Log(), Week);

        var m1 = report.ByMember.Single(m => m.Key == "m1").Figures;
        var m2 = report.ByMember.Single(m => m.Key == "m2").Figures;
        Assert.Equal((1, 0, 1, 1, 0), (m1.HandedOff, m1.Accepted, m1.Rejected, m1.Misrouted, m1.Touched));
        Assert.Equal((1, 1, 0, 0, 1), (m2.HandedOff, m2.Accepted, m2.Rejected, m2.Misrouted, m2.Touched));
        // m2 got the lead at 11:00 and touched it at 12:00; m1 held it an hour without a touch.
        Assert.Equal(new TouchTime(TimeSpan.FromHours(1), Censored: true), m1.FirstTouchMedian);
        Assert.Equal(new TouchTime(TimeSpan.FromHours(1), Censored: false), m2.FirstTouchMedian);

        // The lead as a whole: handed off once, accepted in the end, a misroute on the way.
        Assert.Equal((1, 1, 0, 1), (report.Overall.HandedOff, report.Overall.Accepted, report.Overall.Rejected, report.Overall.Misrouted));
    }

    [Fact]
    public void Misroutes_are_split_by_the_route_that_routed_the_lead()
    {
        // A: route "NA SMB" sends it to Q1, m1 rejects it as a misroute. B: the same route, accepted.
        // C: the fallback, accepted.
        var log = new List<HandoffEvent>();
        void Add(string lead, string type, string at, JsonObject data) => log.Add(new HandoffEvent(log.Count + 1, lead, type, At(at), data));
        Add("A", HandoffEventTypes.Routed, "2026-11-02 10:00", new JsonObject { ["source"] = "Paid", ["segment"] = "SMB", ["route"] = "NA SMB", ["queue"] = "Q1", ["member"] = "m1" });
        Add("A", HandoffEventTypes.Rejected, "2026-11-02 11:00", new JsonObject { ["reason"] = "WRONG_TERRITORY", ["misroute"] = true, ["queue"] = "Q1", ["member"] = "m1", ["by"] = "m1" });
        Add("B", HandoffEventTypes.Routed, "2026-11-02 10:05", new JsonObject { ["source"] = "Paid", ["segment"] = "SMB", ["route"] = "NA SMB", ["queue"] = "Q1", ["member"] = "m1" });
        Add("B", HandoffEventTypes.Accepted, "2026-11-02 12:00", new JsonObject { ["queue"] = "Q1", ["member"] = "m1", ["by"] = "m1" });
        Add("C", HandoffEventTypes.Routed, "2026-11-02 10:10", new JsonObject { ["source"] = "Paid", ["segment"] = "SMB", ["route"] = "fallback", ["queue"] = "Lead Triage", ["member"] = "m2" });
        Add("C", HandoffEventTypes.Accepted, "2026-11-02 12:00", new JsonObject { ["queue"] = "Lead Triage", ["member"] = "m2", ["by"] = "m2" });

        var report = HealthReportBuilder.Build(log, Week);

        var smb = report.ByRoute.Single(r => r.Key == "NA SMB").Figures;
        var fallback = report.ByRoute.Single(r => r.Key == "fallback").Figures;
        Assert.Equal((2, 1, 1), (smb.HandedOff, smb.Misrouted, smb.Accepted));
        Assert.Equal((1, 0, 1), (fallback.HandedOff, fallback.Misrouted, fallback.Accepted));
        Assert.Equal(2, report.ByRoute.Count);
    }

    [Fact]
    public void Queues_are_credited_the_same_way()
    {
        var report = HealthReportBuilder.Build(Log(), Week);

        var q1 = report.ByQueue.Single(q => q.Key == "Q1").Figures;
        var triage = report.ByQueue.Single(q => q.Key == "Lead Triage").Figures;
        Assert.Equal((1, 0, 1, 1), (q1.HandedOff, q1.Accepted, q1.Rejected, q1.Misrouted));
        Assert.Equal((1, 1, 0, 0), (triage.HandedOff, triage.Accepted, triage.Rejected, triage.Misrouted));
    }
}
