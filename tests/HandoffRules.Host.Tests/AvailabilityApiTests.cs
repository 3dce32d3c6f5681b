using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.TestRules;

namespace HandoffRules.Host.Tests;

/// <summary>
/// Availability without a code change: <c>PUT /api/members/{id}/availability</c> over real HTTP on
/// loopback, against a real SQLite file. A member's key sets its own availability only, an
/// integration key anyone's; the router honours it from the next lead on, the trace says why and who
/// set it, <c>GET /api/queues</c> shows it, and a restarted host keeps it.
/// </summary>
public sealed class AvailabilityApiTests
{
    private const string KeyOfA = "member-a-key-0123456789abcdef";

    [Fact]
    public async Task A_member_away_by_their_own_key_is_passed_over_and_the_trace_says_until_when_and_who_set_it()
    {
        await using var host = await StartAsync();
        using var a = host.Client(KeyOfA);
        var until = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(3).AddHours(17), TimeSpan.Zero);

        var response = await a.PutAsJsonAsync("/api/members/a/availability", new { away_to = until });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            var shown = body.RootElement.GetProperty("availability");
            Assert.Equal(("a", true), (shown.GetProperty("set_by").GetString(), shown.GetProperty("away_now").GetBoolean()));
        }

        await AppendAsync(host, 1, "L1");

        // Round robin starts at A, who is away: B takes the lead, and the trace says why.
        var lead = (await host.Store.GetLeadAsync("L1", CancellationToken.None))!;
        Assert.Equal("b", lead.Member);
        Assert.Contains($"away until {until.UtcDateTime:yyyy-MM-dd} 17:00 UTC, set by a", lead.Trace, StringComparison.Ordinal);

        using var integration = host.Client(RunningHost.IntegrationKey);
        var memberA = (await QueueMembersAsync(integration))["a"];
        Assert.True(memberA.GetProperty("availability").GetProperty("away_now").GetBoolean());
        Assert.Equal($"away until {until.UtcDateTime:yyyy-MM-dd} 17:00 UTC, set by a", memberA.GetProperty("unavailable").GetString());
        Assert.Equal(JsonValueKind.Null, (await QueueMembersAsync(integration))["b"].GetProperty("availability").ValueKind);

        using (var own = JsonDocument.Parse(await a.GetStringAsync("/api/members/a/availability")))
        {
            Assert.Equal(until, own.RootElement.GetProperty("availability").GetProperty("away_to").GetDateTimeOffset());
        }

        var set = Assert.Single(await host.Store.GetEventsAsync("", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.AvailabilitySet);
        Assert.Equal(("a", "a", "api"), (set.Text("member"), set.Text("set_by"), set.Text("source")));
    }

    [Fact]
    public async Task A_members_key_may_not_set_another_members_availability_and_an_integration_key_may_set_anyones()
    {
        await using var host = await StartAsync();
        using var a = host.Client(KeyOfA);
        using var integration = host.Client(RunningHost.IntegrationKey);
        using var anonymous = host.Client();

        var other = await a.PutAsJsonAsync("/api/members/b/availability", new { paused = true });
        var unknown = await integration.PutAsJsonAsync("/api/members/nobody/availability", new { paused = true });
        var noKey = await anonymous.PutAsJsonAsync("/api/members/b/availability", new { paused = true });

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("member a may set their own availability only, not b's", await DetailAsync(other));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("there is no member 'nobody'", await DetailAsync(unknown));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.DoesNotContain(await host.Store.GetEventsAsync("", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.AvailabilitySet);

        // The integration key's name is what the audit says, never the key.
        var paused = await integration.PutAsJsonAsync("/api/members/b/availability", new { paused = true });
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        await AppendAsync(host, 2, "L1", "L2");

        Assert.Equal(["a", "c"], await MembersAsync(host, "L1", "L2"));
        var trace = (await host.Store.GetLeadAsync("L2", CancellationToken.None))!.Trace!;
        Assert.Contains("paused since ", trace, StringComparison.Ordinal);
        Assert.Contains("set by ops-console", trace, StringComparison.Ordinal);
        Assert.DoesNotContain(RunningHost.IntegrationKey, string.Join("\n", host.Logs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cap_for_the_day_takes_effect_at_once_and_clearing_it_gives_the_member_leads_again()
    {
        await using var host = await StartAsync();
        using var integration = host.Client(RunningHost.IntegrationKey);

        Assert.Equal(HttpStatusCode.OK, (await integration.PutAsJsonAsync("/api/members/a/availability", new { cap = 0 })).StatusCode);
        await AppendAsync(host, 2, "L1", "L2");
        Assert.Equal(["b", "c"], await MembersAsync(host, "L1", "L2"));
        Assert.Contains($"at daily cap (0 on {DateTime.UtcNow:yyyy-MM-dd}, set by ops-console)", (await host.Store.GetLeadAsync("L1", CancellationToken.None))!.Trace, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await integration.DeleteAsync("/api/members/a/availability")).StatusCode);
        await AppendAsync(host, 3, "L3");

        Assert.Equal("a", (await host.Store.GetLeadAsync("L3", CancellationToken.None))!.Member);
        Assert.Equal(JsonValueKind.Null, (await QueueMembersAsync(integration))["a"].GetProperty("availability").ValueKind);
    }

    [Fact]
    public async Task Reassigning_a_lead_to_a_member_paused_by_availability_is_refused_by_the_same_check_naming_who_set_it()
    {
        await using var host = await StartAsync();
        using var integration = host.Client(RunningHost.IntegrationKey);
        await AppendAsync(host, 1, "L1");
        Assert.Equal(HttpStatusCode.OK, (await integration.PutAsJsonAsync("/api/members/b/availability", new { paused = true })).StatusCode);

        var response = await integration.PostAsJsonAsync("/api/leads/L1/reassign", new { reason = "Rebalancing", to = "b" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.StartsWith("lead 'L1' cannot be reassigned to member 'b', who is paused since ", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Contains(", set by ops-console;", await DetailAsync(response), StringComparison.Ordinal);
        Assert.Equal("a", (await host.Store.GetLeadAsync("L1", CancellationToken.None))!.Member);
    }

    [Theory]
    [InlineData("""{"away_from":"2026-12-04T09:00:00Z","away_to":"2026-12-01T09:00:00Z"}""", "away_to: 2026-12-01T09:00:00.0000000Z is not after away_from (2026-12-04T09:00:00.0000000Z)")]
    [InlineData("""{"away_to":"2020-01-01T00:00:00Z"}""", "away_to: 2020-01-01T00:00:00.0000000Z is not after the time it is set")]
    [InlineData("""{"away_from":"2026-12-04T09:00:00Z"}""", "away_to: is missing; away_from needs an end")]
    [InlineData("""{"cap":-1}""", "cap: -1 is below zero; 0 takes no leads that day")]
    [InlineData("""{"cap_day":"2026-12-01"}""", "cap_day: is given without cap")]
    [InlineData("""{"cap":"two"}""", "field 'cap' is not a whole number")]
    [InlineData("""{"cap":2,"cap_day":"1 December"}""", "field 'cap_day' is not a day like 2026-12-01")]
    [InlineData("""{"paused":"yes"}""", "field 'paused' is not true or false")]
    [InlineData("""{"away_until":"2026-12-04T09:00:00Z"}""", "field 'away_until' is not one of away_from, away_to, paused, cap, cap_day, clear, at, id")]
    [InlineData("""{}""", "nothing to set: give away_to (with away_from), paused or cap (with cap_day), or \"clear\": true")]
    [InlineData("""{"clear":true,"paused":true}""", "clear: true clears everything; send it without away_from, away_to, paused, cap or cap_day")]
    [InlineData("""[1]""", "the body must be a JSON object, not array")]
    public async Task A_body_that_cannot_be_right_is_refused_with_400_naming_the_field(string body, string problem)
    {
        await using var host = await StartAsync();
        using var integration = host.Client(RunningHost.IntegrationKey);

        var response = await integration.PutAsync("/api/members/a/availability", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(problem, await DetailAsync(response), StringComparison.Ordinal);
        Assert.DoesNotContain(await host.Store.GetEventsAsync("", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.AvailabilitySet);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413_unread()
    {
        await using var host = await StartAsync();
        using var integration = host.Client(RunningHost.IntegrationKey);
        var huge = """{"id":"x","paused":true,"by":" """ + new string('x', 2048) + "\"}";

        var response = await integration.PutAsync("/api/members/a/availability", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_restarted_host_keeps_the_availability_set_before()
    {
        var folder = Directory.CreateTempSubdirectory("handoff-availability-").FullName;
        try
        {
            var database = Path.Combine(folder, "handoff.db");
            await using (var first = await StartAsync(database))
            {
                using var integration = first.Client(RunningHost.IntegrationKey);
                Assert.Equal(HttpStatusCode.OK, (await integration.PutAsJsonAsync("/api/members/a/availability", new { paused = true, id = "pause-a" })).StatusCode);
            }

            await using var second = await StartAsync(database);
            await AppendAsync(second, 1, "L1");

            Assert.Equal("b", (await second.Store.GetLeadAsync("L1", CancellationToken.None))!.Member);
            Assert.Contains("paused since ", (await second.Store.GetLeadAsync("L1", CancellationToken.None))!.Trace, StringComparison.Ordinal);

            // The same change sent again under its id is a redelivery, not a second change.
            using var again = second.Client(RunningHost.IntegrationKey);
            Assert.Equal(HttpStatusCode.OK, (await again.PutAsJsonAsync("/api/members/a/availability", new { paused = true, id = "pause-a" })).StatusCode);
            Assert.Single(await second.Store.GetEventsAsync("", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.AvailabilitySet);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_sets_availability_with_lines_of_its_own_and_a_line_that_cannot_be_right_is_a_dead_letter_naming_the_field()
    {
        var now = DateTimeOffset.UtcNow;
        await using var host = await RunningHost.StartAsync(playbook: Team(), input:
        [
            """{"kind":"availability","member":"a","paused":true,"by":"ops rota"}""",
            Leads.Line(Lead("L1", now)),
            """{"kind":"availability","member":"a","cap":-2}""",
            """{"kind":"availability","member":"zz","paused":true}""",
            """{"kind":"availability","paused":true}""",
            """{"kind":"availability","id":"back","member":"a","clear":true}""",
            Leads.Line(Lead("L2", now.AddSeconds(1))),
            Leads.Line(Lead("L3", now.AddSeconds(2))),
        ]);
        await host.WaitForAsync(c => c.Routed == 3 && c.DeadLettered == 3);

        // Paused, A is passed over; cleared, A takes its turn again.
        Assert.Equal(["b", "c", "a"], await MembersAsync(host, "L1", "L2", "L3"));
        Assert.Contains("paused since ", (await host.Store.GetLeadAsync("L1", CancellationToken.None))!.Trace, StringComparison.Ordinal);
        Assert.Contains("set by ops rota", (await host.Store.GetLeadAsync("L1", CancellationToken.None))!.Trace, StringComparison.Ordinal);
        var reasons = (await host.Store.GetDeadLettersAsync(CancellationToken.None)).Select(d => d.Reason).ToList();
        Assert.Equal(
        [
            "leads.jsonl line 3: cap: -2 is below zero; 0 takes no leads that day",
            "leads.jsonl line 4: there is no member 'zz'",
            "leads.jsonl line 5: member is missing: say whose availability it is",
        ], reasons);

        // Both availability lines applied are counted with the actions: every line is accounted for.
        var counts = await host.Store.CountAsync(CancellationToken.None);
        Assert.Equal((2, 8), (counts.ActionsApplied, counts.Received));
    }

    [Fact]
    public async Task Replaying_a_file_an_availability_applies_to_leads_at_or_after_its_time_only()
    {
        var t = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        await using var host = await RunningHost.StartAsync(
            playbook: Team(),
            settings: new Dictionary<string, string?> { ["Handoff:Replay"] = "true" },
            input:
            [
                $$"""{"kind":"availability","member":"a","paused":true,"at":"{{t:O}}"}""",

                // An earlier lead read after the pause (a file slightly out of order) is decided as of its own time.
                Leads.Line(Lead("EARLY", t.AddMinutes(-1))),
                Leads.Line(Lead("L2", t.AddMinutes(1))),
                Leads.Line(Lead("L3", t.AddMinutes(2))),
                Leads.Line(Lead("L4", t.AddMinutes(3))),
            ]);
        await host.WaitForAsync(c => c.Routed == 4);

        // Round robin would give L4 to A again; from the pause's time on, A is passed over.
        Assert.Equal(["a", "b", "c", "b"], await MembersAsync(host, "EARLY", "L2", "L3", "L4"));
    }

    private static Task<RunningHost> StartAsync(string? database = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Handoff:ApiKeys:0:Name"] = "ops-console",
            ["Handoff:ApiKeys:2:Key"] = KeyOfA,
            ["Handoff:ApiKeys:2:Member"] = "a",
            ["Handoff:Follow"] = "true",
            ["Handoff:MaxBodyBytes"] = "1024",
        };
        if (database is not null)
        {
            settings["Handoff:Database"] = database;
        }

        return RunningHost.StartAsync(playbook: Team(), settings: settings, input: []);
    }

    // Appends leads to the followed input and waits until the host has routed `routed` leads in all.
    private static async Task AppendAsync(RunningHost host, int routed, params string[] ids)
    {
        File.AppendAllText(Path.Combine(host.Folder, "leads.jsonl"), string.Join("", ids.Select((id, i) => Leads.Line(Lead(id, DateTimeOffset.UtcNow.AddMilliseconds(i))) + "\n")));
        await host.WaitForAsync(c => c.Routed == routed);
    }

    private static LeadInput Lead(string id, DateTimeOffset at) => Leads.DemoRequest(id, at) with { Email = $"{id.ToLowerInvariant()}@{id.ToLowerInvariant()}.example" };

    private static async Task<string[]> MembersAsync(RunningHost host, params string[] ids) =>
        await Task.WhenAll(ids.Select(async id => (await host.Store.GetLeadAsync(id, CancellationToken.None))?.Member ?? "(nobody)"));

    private static async Task<Dictionary<string, JsonElement>> QueueMembersAsync(HttpClient client)
    {
        using var queues = JsonDocument.Parse(await client.GetStringAsync("/api/queues"));
        return queues.RootElement.GetProperty("queues").EnumerateArray()
            .Single(q => q.GetProperty("queue").GetString() == "Team")
            .GetProperty("members").EnumerateArray()
            .ToDictionary(m => m.GetProperty("member").GetString()!, m => m.Clone());
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    // A, B and C take turns around the clock; no SLAs, so nothing moves while the tests act.
    private static PlaybookModel Team()
    {
        var playbook = new AroundTheClockPlaybook().Build();
        return playbook with
        {
            Lifecycle = playbook.Lifecycle with { Actions = [.. playbook.Lifecycle.Actions, new SdrActionRule(SdrAction.Reassign, playbook.Lifecycle.InitialStatus, null)] },
            Slas = [],
            Escalations = [],
        };
    }
}
