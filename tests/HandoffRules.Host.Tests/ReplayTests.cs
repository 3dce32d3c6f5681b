using System.Globalization;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Intake;
using HandoffRules.Model;
using Microsoft.Data.Sqlite;
using HandoffRules.Records;
using HandoffRules.TestRules;

namespace HandoffRules.Host.Tests;

/// <summary>Replaying a file of history judges SLA deadlines on the input's own clock, not today's.</summary>
public sealed class ReplayTests
{
    [Fact]
    public async Task A_replayed_history_breaches_only_the_deadlines_its_own_events_passed()
    {
        // Last month, on a playbook with a one-minute first-touch SLA: a touch in time, a lead never
        // touched, and a last lead whose deadline the history never reaches.
        var t0 = new DateTimeOffset(2026, 10, 5, 14, 0, 0, TimeSpan.Zero);
        await using var host = await RunningHost.StartAsync(
            playbook: new AroundTheClockPlaybook().Build(),
            settings: new Dictionary<string, string?> { ["Handoff:Replay"] = "true" },
            input:
            [
                Leads.Line(Leads.DemoRequest("SLOW", t0)),
                Leads.Line(Leads.DemoRequest("FAST", t0) with { Email = "fast@other.example" }),
                """{"kind":"sdr_action","id":"t1","lead_id":"FAST","action":"touch","at":"2026-10-05T14:00:30Z"}""",
                Leads.Line(Leads.DemoRequest("LAST", t0.AddMinutes(5)) with { Email = "last@third.example" }),
            ]);
        await host.WaitForAsync(c => c.Routed == 3 && c.ActionsApplied == 1);

        var breach = await WaitForBreachAsync(host, "SLOW");
        Assert.False(breach.Data["late"]!.GetValue<bool>());
        Assert.Equal("2026-10-05T14:01:00.0000000Z", breach.Data["fired"]!.GetValue<string>());

        // Give the timer service a few more looks: nothing else is due on the input's clock.
        await Task.Delay(300);
        var events = await host.Store.GetEventsAsync(null, null, null, CancellationToken.None);
        Assert.Single(events, e => e.Type == HandoffEventTypes.SlaBreached);
        Assert.Single(events, e => e.Type == HandoffEventTypes.SlaMet && e.LeadId == "FAST");
        Assert.All(await host.Store.GetTimersAsync("LAST", CancellationToken.None), t => Assert.Equal("pending", t.State));
    }

    [Fact]
    public async Task A_replayed_history_judges_each_deadline_where_it_passes_it_and_ends_the_same_every_time()
    {
        // Thirty leads a minute apart on a one-minute first-touch SLA; every third lead is touched 90
        // seconds after it came in (too late), the others after 30 seconds. Each touch sits in the file
        // where history has it, a line or two behind its lead: the processor reaches it long before a
        // look for due timers every 50 ms on the wall clock would have judged the deadline before it.
        var t0 = new DateTimeOffset(2026, 10, 5, 14, 0, 0, TimeSpan.Zero);
        var lines = new List<(DateTimeOffset At, string Line)>();
        for (var i = 0; i < 30; i++)
        {
            var at = t0.AddMinutes(i);
            var id = $"R{i:00}";
            lines.Add((at, Leads.Line(Leads.DemoRequest(id, at) with { Email = $"r{i}@company{i}.example" })));
            var touched = at.AddSeconds(i % 3 == 0 ? 90 : 30);
            lines.Add((touched, $$"""{"kind":"sdr_action","id":"touch-{{id}}","lead_id":"{{id}}","action":"touch","at":"{{touched.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}"}"""));
        }

        var history = lines.OrderBy(l => l.At).Select(l => l.Line).ToList();
        var first = await ReplayAsync(history);
        var second = await ReplayAsync(history);

        for (var i = 0; i < 30; i++)
        {
            var id = $"R{i:00}";
            var breached = first.Events.Where(e => e.LeadId == id && e.Type == HandoffEventTypes.SlaBreached).ToList();
            var met = first.Events.Where(e => e.LeadId == id && e.Type == HandoffEventTypes.SlaMet).ToList();
            if (i % 3 == 0)
            {
                // The deadline came before the touch: breached at it, and no touch after it is in time.
                var breach = Assert.Single(breached);
                Assert.Equal(t0.AddMinutes(i + 1), DateTimeOffset.Parse(breach.Data["fired"]!.GetValue<string>(), CultureInfo.InvariantCulture));
                Assert.Empty(met);
            }
            else
            {
                Assert.Empty(breached);
                Assert.Single(met);
            }
        }

        // Replayed again, the same history gives the same leads and the same log, event for event (an
        // alert is stamped with when it was queued, which is today).
        Assert.Equal(first.Leads, second.Leads);
        Assert.Equal(first.Log, second.Log);
    }

    [Fact]
    public async Task A_deadline_its_timer_no_longer_runs_to_is_passed_over_and_the_new_one_is_judged_at_its_own()
    {
        // Touched in time, the lead's timer ends; its repeat starts it again, due 50 seconds after the
        // first deadline. The history passing the first deadline breaches nothing; passing the second does.
        var t0 = new DateTimeOffset(2026, 10, 5, 14, 0, 0, TimeSpan.Zero);
        await ReplayInStoreOfItsOwnAsync(
            async (session, store) =>
            {
                session.Writer.Begin();
                Take(session, Leads.DemoRequest("L", t0));
                Assert.Equal(WorkStatus.Done, session.Apply(new ActionWork("leads.jsonl", "touch-L", "line 2", "L", SdrAction.Touch, null, null, null, null, t0.AddSeconds(30))).Status);
                Take(session, Leads.DemoRequest("L-again", t0.AddSeconds(50)) with { Email = "l@bigbuyer.example" });
                Take(session, Leads.DemoRequest("M", t0.AddSeconds(80)) with { Email = "m@other.example" });
                session.Commit();
                Assert.DoesNotContain(await store.GetEventsAsync("L", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.SlaBreached);

                session.Writer.Begin();
                Take(session, Leads.DemoRequest("N", t0.AddMinutes(2)) with { Email = "n@third.example" });
                session.Commit();
            },
            async store =>
            {
                var breach = Assert.Single(await store.GetEventsAsync("L", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.SlaBreached);
                Assert.Equal(t0.AddSeconds(110), DateTimeOffset.Parse(breach.Data["fired"]!.GetValue<string>(), CultureInfo.InvariantCulture));
            });

        static void Take(HandoffSession session, LeadInput lead) =>
            Assert.Equal(WorkStatus.Done, session.Apply(new LeadWork("leads.jsonl", lead.Id!, lead.Id!, lead, lead.Event!.OccurredAt!.Value)).Status);
    }

    [Fact]
    public async Task A_line_that_does_not_read_as_a_lead_moves_no_deadline_however_far_ahead_its_date()
    {
        // A lead with a one-minute first-touch SLA, then two lines dated a day later that are no leads
        // (no id; an event type nobody knows), then the lead's touch 30 seconds in: in time.
        var t0 = new DateTimeOffset(2026, 10, 5, 14, 0, 0, TimeSpan.Zero);
        var later = t0.AddDays(1);
        await ReplayInStoreOfItsOwnAsync(
            (session, _) =>
            {
                session.Writer.Begin();
                var lead = Leads.DemoRequest("L", t0);
                Assert.Equal(WorkStatus.Done, session.Apply(new LeadWork("leads.jsonl", "L", "line 1", lead, t0)).Status);
                var noId = Leads.DemoRequest("X", later) with { Id = null, Email = "x@other.example" };
                Assert.Equal(WorkStatus.DeadLettered, session.Apply(new LeadWork("leads.jsonl", "line 2", "line 2", noId, later)).Status);
                var unknownEvent = Leads.DemoRequest("Y", later) with { Email = "y@other.example", Event = lead.Event! with { Type = "carrier_pigeon", OccurredAt = later } };
                Assert.Equal(WorkStatus.DeadLettered, session.Apply(new LeadWork("leads.jsonl", "Y", "line 3", unknownEvent, later)).Status);
                Assert.Equal(WorkStatus.Done, session.Apply(new ActionWork("leads.jsonl", "touch-L", "line 4", "L", SdrAction.Touch, null, null, null, null, t0.AddSeconds(30))).Status);
                session.Commit();
                return Task.CompletedTask;
            },
            async store =>
            {
                var events = await store.GetEventsAsync("L", null, null, CancellationToken.None);
                Assert.DoesNotContain(events, e => e.Type == HandoffEventTypes.SlaBreached);
                Assert.Contains(events, e => e.Type == HandoffEventTypes.SlaMet);
                Assert.Equal(2, (await store.GetDeadLettersAsync(CancellationToken.None)).Count);
            });
    }

    // A replaying session on a store of its own, with the shared-database playbook (a one-minute
    // first-touch SLA); the store is checked once the session is gone.
    private static async Task ReplayInStoreOfItsOwnAsync(Func<HandoffSession, SqliteHandoffStore, Task> replay, Func<SqliteHandoffStore, Task> check)
    {
        var folder = Directory.CreateTempSubdirectory("handoff-replay-").FullName;
        try
        {
            using var store = new SqliteHandoffStore(Path.Combine(folder, "handoff.db"), synchronousFull: false);
            await store.InitializeAsync(CancellationToken.None);
            using (var driven = new DrivenSession(store, new SharedDatabasePlaybook().Build(), TimeProvider.System, replay: true))
            {
                await replay(driven.Session, store);
            }

            await check(store);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(IReadOnlyList<HandoffEvent> Events, List<string> Leads, List<string> Log)> ReplayAsync(List<string> history)
    {
        await using var host = await RunningHost.StartAsync(
            playbook: new AroundTheClockPlaybook().Build(),
            settings: new Dictionary<string, string?> { ["Handoff:Replay"] = "true" },
            input: history);
        await host.WaitForAsync(c => c.Ingested + c.ActionsApplied == history.Count);
        var events = await host.Store.GetEventsAsync(null, null, null, CancellationToken.None);
        var leads = new List<string>();
        foreach (var id in events.Select(e => e.LeadId).Where(id => id.Length > 0).Distinct().Order(StringComparer.Ordinal))
        {
            var lead = (await host.Store.GetLeadAsync(id, CancellationToken.None))!;
            leads.Add($"{lead.LeadId} {lead.Outcome} {lead.Status} {lead.Queue} {lead.Member}");
        }

        var log = events.Select(e => e.Type == HandoffEventTypes.AlertQueued
            ? $"{e.LeadId} {e.Type}"
            : $"{e.LeadId} {e.Type} {e.At.ToString("O", CultureInfo.InvariantCulture)} {e.Data.ToJsonString()}").ToList();
        return (events, leads, log);
    }

    private static async Task<HandoffEvent> WaitForBreachAsync(RunningHost host, string leadId)
    {
        for (var i = 0; i < 400; i++)
        {
            if ((await host.Store.GetEventsAsync(leadId, null, null, CancellationToken.None)).FirstOrDefault(e => e.Type == HandoffEventTypes.SlaBreached) is { } breach)
            {
                return breach;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{leadId} never breached");
    }
}
