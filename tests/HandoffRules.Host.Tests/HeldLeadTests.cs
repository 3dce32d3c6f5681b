using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Host.Timers;
using Microsoft.Data.Sqlite;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HandoffRules.Host.Tests;

/// <summary>
/// Leads held because every member of the queue is at cap are never stranded: the host offers them
/// again when a member's cap resets at their midnight, and escalates what is still held after the
/// playbook's maximum hold — in a playbook with no SLA at all, where nothing else would move them.
/// </summary>
public sealed class HeldLeadTests
{
    // 22:00 UTC: four hours of hold run to 02:00, two hours after the members' caps reset.
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Held_leads_are_offered_when_caps_reset_and_escalated_after_the_maximum_hold()
    {
        var clock = new FakeTimeProvider(Evening);
        await using var host = await RunningHost.StartAsync(
            playbook: new CappedTeamPlaybook().Build(),
            services: s => s.AddSingleton<TimeProvider>(clock),
            settings: new Dictionary<string, string?> { ["Handoff:HoldScanInterval"] = "00:00:01" },
            input: [.. Enumerable.Range(1, 5).Select(i => Leads.Line(Leads.DemoRequest($"D{i}", Evening)))]);
        await host.WaitForAsync(c => c.Routed == 5);

        // a and b take one lead each; the other three wait in the queue.
        var events = await AdvanceUntilAsync(host, clock, e => e.Count(x => x.Type == HandoffEventTypes.Held) == 3);
        var held = events.Where(e => e.Type == HandoffEventTypes.Held).ToList();
        Assert.Equal(["D3", "D4", "D5"], held.Select(e => e.LeadId).Order());
        Assert.All(held, e => Assert.Equal(("Team", Evening, Evening.AddHours(4)), (e.Text("queue"), e.At, e.Time("hold_until"))));

        // Past midnight each member can take one more: the two oldest held leads are offered, in turn.
        clock.SetUtcNow(Evening.AddHours(2));
        events = await AdvanceUntilAsync(host, clock, e => e.Count(x => x.Type == HandoffEventTypes.Offered) == 2);
        var offered = events.Where(e => e.Type == HandoffEventTypes.Offered).ToDictionary(e => e.LeadId, e => e.Text("member"));
        Assert.Equal(new Dictionary<string, string?> { ["D3"] = "a", ["D4"] = "b" }, offered);
        Assert.Equal("a", (await host.Store.GetLeadAsync("D3", CancellationToken.None))!.Member);
        Assert.Null((await host.Store.GetLeadAsync("D5", CancellationToken.None))!.Member);
        Assert.DoesNotContain(events, e => e.Type == HandoffEventTypes.HoldExpired);

        // Nobody is free for D5 before its four hours are up: it is escalated to the managers.
        clock.SetUtcNow(Evening.AddHours(4));
        events = await AdvanceUntilAsync(host, clock, e => e.Any(x => x.Type == HandoffEventTypes.Escalated));
        var expired = Assert.Single(events, e => e.Type == HandoffEventTypes.HoldExpired);
        Assert.Equal(("D5", "Overflow"), (expired.LeadId, expired.Text("escalation")));
        var escalated = Assert.Single(events, e => e.Type == HandoffEventTypes.Escalated);
        Assert.Equal(("D5", "Managers", "manager"), (escalated.LeadId, escalated.Text("queue"), escalated.Text("member")));
        var d5 = (await host.Store.GetLeadAsync("D5", CancellationToken.None))!;
        Assert.Equal(("Managers", "manager"), (d5.Queue, d5.Member));

        // No member went over their cap of one a day.
        var assignments = events
            .Where(e => e.Type is HandoffEventTypes.Routed or HandoffEventTypes.Offered && e.Text("member") is not null)
            .GroupBy(e => (e.Text("member"), DateOnly.FromDateTime(e.At.UtcDateTime)));
        Assert.All(assignments, g => Assert.Single(g));

        // The report counts every hold and how it ended.
        var holds = HealthReportBuilder.Build(events, new ReportWindow(Evening.AddHours(-1), Evening.AddHours(23))).Holds;
        Assert.Equal((3, 2, 1, 0), (holds.Held, holds.Offered, holds.Expired, holds.HeldAtEnd));
        Assert.Equal("D5", holds.LongestHeldLead);
        Assert.InRange(holds.LongestHold!.Value, TimeSpan.FromHours(4), TimeSpan.FromHours(4).Add(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task A_lead_left_without_an_owner_by_a_reassignment_is_held_and_offered_too()
    {
        var clock = new FakeTimeProvider(Evening);
        await using var host = await RunningHost.StartAsync(
            playbook: new CappedTeamPlaybook().Build(),
            services: s => s.AddSingleton<TimeProvider>(clock),
            settings: new Dictionary<string, string?> { ["Handoff:HoldScanInterval"] = "00:00:01" },
            input:
            [
                Leads.Line(Leads.DemoRequest("D1", Evening)),
                Leads.Line(Leads.DemoRequest("D2", Evening)),
                """{"kind":"sdr_action","id":"r1","lead_id":"D1","action":"reassign","reason":"on leave","at":"2026-11-25T22:05:00Z"}""",
            ]);
        await host.WaitForAsync(c => c.Routed == 2 && c.ActionsApplied == 1);

        // b is at cap, so the reassignment leaves D1 with nobody: it is held from then on.
        var events = await AdvanceUntilAsync(host, clock, e => e.Any(x => x.Type == HandoffEventTypes.Held));
        Assert.Equal("D1", Assert.Single(events, e => e.Type == HandoffEventTypes.Held).LeadId);

        clock.SetUtcNow(Evening.AddHours(2));
        events = await AdvanceUntilAsync(host, clock, e => e.Any(x => x.Type == HandoffEventTypes.Offered));
        Assert.Equal(("D1", "b"), (events.Single(e => e.Type == HandoffEventTypes.Offered).LeadId, events.Single(e => e.Type == HandoffEventTypes.Offered).Text("member")));
    }

    [Fact]
    public async Task A_scan_says_which_leads_it_gave_an_owner_and_finds_nothing_to_do_when_nobody_waits()
    {
        var folder = Directory.CreateTempSubdirectory("handoff-scan-").FullName;
        try
        {
            var clock = new FakeTimeProvider(Evening);
            using var store = new SqliteHandoffStore(Path.Combine(folder, "scan.db"), synchronousFull: false);
            await store.InitializeAsync(CancellationToken.None);
            using var driven = new DrivenSession(store, new CappedTeamPlaybook().Build(), clock, replay: false);
            var session = driven.Session;
            var owned = new List<string>();
            List<string> Scan(DateTimeOffset at)
            {
                owned.Clear();
                session.Writer.Begin();
                session.ScanHolds(new HoldScanWork(at), owned);
                session.Commit();
                return [.. owned];
            }

            Assert.Empty(Scan(Evening));
            session.Writer.Begin();
            foreach (var id in new[] { "D1", "D2", "D3", "D4", "D5" })
            {
                session.Apply(new LeadWork("test", id, id, Leads.DemoRequest(id, Evening), Evening));
            }

            session.Commit();

            // a and b took D1 and D2; after their midnight each takes one more, and D5 waits on.
            Assert.Equal(["D3", "D4"], Scan(Evening.AddHours(2)));
            Assert.Equal(["D5"], Scan(Evening.AddHours(4)));
            Assert.Empty(Scan(Evening.AddHours(5)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Moves the clock a second at a time, so the services' delays notice, until the event log says so.</summary>
    private static async Task<IReadOnlyList<HandoffEvent>> AdvanceUntilAsync(RunningHost host, FakeTimeProvider clock, Func<IReadOnlyList<HandoffEvent>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var events = await host.Store.GetEventsAsync(null, null, null, CancellationToken.None);
            if (done(events))
            {
                return events;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the event log never got there: {string.Join(", ", events.Select(e => $"{e.LeadId} {e.Type}"))}");
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }
}
