using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.TestRules;

namespace HandoffRules.Host.Tests;

/// <summary>
/// Who may do what through the SDR API: a member's key acts on that member's leads only — reassign
/// included — and hands a lead only to a teammate who can take it; an integration key may force it.
/// An action's time is checked against the lead's arrival and the clock.
/// </summary>
public sealed class SdrApiAuthorizationTests : IAsyncLifetime
{
    private const string KeyOfA = "member-a-key-0123456789abcdef";
    private const string KeyOfB = "member-b-key-0123456789abcdef";

    private RunningHost _host = null!;
    private HttpClient _integration = null!;
    private HttpClient _a = null!;
    private DateTimeOffset _ahead;

    public async Task InitializeAsync()
    {
        // C's daily cap counts leads by the UTC day: keep the arrivals on the day the actions are
        // taken, so a run just after midnight does not find C's lead on yesterday's count.
        var now = DateTimeOffset.UtcNow;
        var arrival = Max(now.AddMinutes(-10), new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero));
        _ahead = now.AddSeconds(30);
        _host = await RunningHost.StartAsync(
            playbook: TeamWithAbsences(),
            settings: new Dictionary<string, string?>
            {
                ["Handoff:ApiKeys:2:Key"] = KeyOfA,
                ["Handoff:ApiKeys:2:Member"] = "a",
                ["Handoff:ApiKeys:3:Key"] = KeyOfB,
                ["Handoff:ApiKeys:3:Member"] = "b",
            },
            input:
            [
                Leads.Line(Leads.DemoRequest("L1", arrival)),
                Leads.Line(Leads.DemoRequest("L2", arrival.AddSeconds(1)) with { Email = "l2@second.example" }),
                Leads.Line(Leads.DemoRequest("L3", arrival.AddSeconds(2)) with { Email = "l3@third.example" }),
                $$"""{"kind":"sdr_action","id":"early","lead_id":"L1","action":"touch","at":"{{arrival.AddMinutes(-1):O}}"}""",

                // Stamped by a sender whose clock runs half a minute ahead of the host's.
                Leads.Line(Leads.DemoRequest("AHEAD", _ahead) with { Email = "ahead@fourth.example" }),
            ]);
        await _host.WaitForAsync(c => c.Routed == 4 && c.DeadLettered == 1);

        // Round robin in a fresh team: L1 to A, L2 to B, L3 to C (who is then at the day's cap).
        Assert.Equal(["a", "b", "c"], await Task.WhenAll(new[] { "L1", "L2", "L3" }.Select(async id => (await _host.Store.GetLeadAsync(id, CancellationToken.None))!.Member!)));
        _integration = _host.Client(RunningHost.IntegrationKey);
        _a = _host.Client(KeyOfA);
    }

    public async Task DisposeAsync()
    {
        _integration.Dispose();
        _a.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_members_key_cannot_reassign_another_members_lead_to_itself_nor_then_accept_it()
    {
        var eventsBefore = (await _host.Store.GetEventsAsync("L2", null, null, CancellationToken.None)).Count;

        var reassign = await Act(_a, "L2", "reassign", new { reason = "I'll take it", to = "a" });
        var accept = await Act(_a, "L2", "accept");

        Assert.Equal(HttpStatusCode.Forbidden, reassign.StatusCode);
        Assert.Equal("lead 'L2' belongs to b, not a", await Detail(reassign));
        Assert.Equal(HttpStatusCode.Forbidden, accept.StatusCode);
        Assert.Equal("b", (await _host.Store.GetLeadAsync("L2", CancellationToken.None))!.Member);
        Assert.Equal(eventsBefore, (await _host.Store.GetEventsAsync("L2", null, null, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_members_key_may_hand_its_own_lead_to_an_available_teammate()
    {
        var response = await Act(_a, "L1", "reassign", new { reason = "Going on leave", to = "b" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("b", (await _host.Store.GetLeadAsync("L1", CancellationToken.None))!.Member);
    }

    [Theory]
    [InlineData("gone", "who is inactive")]
    [InlineData("away", "who is out of office")]
    [InlineData("c", "who is at daily cap")]
    [InlineData("lead", "who is not in queue 'Team'")]
    public async Task Reassigning_to_a_member_who_cannot_take_the_lead_is_refused_with_409_naming_why(string to, string why)
    {
        foreach (var client in new[] { _a, _integration })
        {
            var response = await Act(client, "L1", "reassign", new { reason = "Rebalancing", to });

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.StartsWith($"lead 'L1' cannot be reassigned to member '{to}', {why}", await Detail(response), StringComparison.Ordinal);
        }

        Assert.Equal("a", (await _host.Store.GetLeadAsync("L1", CancellationToken.None))!.Member);
    }

    [Fact]
    public async Task An_integration_key_may_force_a_reassignment_and_a_members_key_may_not()
    {
        var member = await Act(_a, "L1", "reassign", new { reason = "Rebalancing", to = "gone", force = true });
        var integration = await Act(_integration, "L1", "reassign", new { reason = "Back from leave early", to = "gone", force = true });

        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal("only an integration key may force an action; member a may not", await Detail(member));
        Assert.Equal(HttpStatusCode.OK, integration.StatusCode);
        Assert.Equal("gone", (await _host.Store.GetLeadAsync("L1", CancellationToken.None))!.Member);
    }

    [Theory]
    [InlineData("member", -11 * 60, HttpStatusCode.BadRequest, "at: ")]
    [InlineData("member", 5 * 60, HttpStatusCode.BadRequest, "at: ")]
    [InlineData("member", -5 * 60, HttpStatusCode.OK, null)]
    [InlineData("member", 60, HttpStatusCode.OK, null)]
    [InlineData("integration", -11 * 60, HttpStatusCode.BadRequest, "at: ")]
    [InlineData("integration", -9 * 60, HttpStatusCode.OK, null)]
    public async Task An_actions_time_must_fall_between_the_leads_arrival_and_now(string caller, int secondsFromNow, HttpStatusCode expected, string? problem)
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(secondsFromNow);

        var response = await Act(caller == "member" ? _a : _integration, "L1", "touch", new { at });

        Assert.Equal(expected, response.StatusCode);
        if (problem is not null)
        {
            Assert.StartsWith(problem, await Detail(response), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_action_without_a_time_on_a_lead_stamped_by_a_clock_running_ahead_is_dated_at_its_arrival()
    {
        var response = await Act(_a, "AHEAD", "touch");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var touched = Assert.Single(await _host.Store.GetEventsAsync("AHEAD", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.Touched);
        Assert.Equal(_ahead.UtcDateTime, touched.At.UtcDateTime, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_file_action_dated_before_the_lead_arrived_is_a_dead_letter_naming_at()
    {
        var dead = Assert.Single(await _host.Store.GetDeadLettersAsync(CancellationToken.None));

        Assert.StartsWith("leads.jsonl line 4: at: ", dead.Reason, StringComparison.Ordinal);
        Assert.Contains("before lead 'L1' arrived", dead.Reason, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Act(HttpClient client, string lead, string action, object? body = null) =>
        client.PostAsJsonAsync($"/api/leads/{lead}/{action}", body ?? new { });

    private static async Task<string> Detail(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    // A, B and C take turns (C at most one lead a day); "gone" has left, "away" is on leave this
    // week; "lead" works another queue. A reassignment starts the lead over; no SLAs, so nothing
    // moves while the tests act.
    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static PlaybookModel TeamWithAbsences()
    {
        var playbook = new AroundTheClockPlaybook().Build();
        var a = playbook.FindMember("a")!;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return playbook with
        {
            Members = [.. playbook.Members.Select(m => m.Id == "c" ? m with { DailyCap = 1 } : m),
                new Member("gone", "Gone", a.TimeZone, a.Hours, null, Active: false, []),
                new Member("away", "Away", a.TimeZone, a.Hours, null, Active: true, [new DateRange(today.AddDays(-2), today.AddDays(2))])],
            Queues = [.. playbook.Queues.Select(q => q.Name == "Team" ? q with { Members = [.. q.Members, new QueueMember("gone", 1), new QueueMember("away", 1)] } : q)],
            Lifecycle = playbook.Lifecycle with { Actions = [.. playbook.Lifecycle.Actions, new SdrActionRule(SdrAction.Reassign, playbook.Lifecycle.InitialStatus, null)] },
            Slas = [],
            Escalations = [],
        };
    }
}
