using System.Net;
using System.Net.Http.Json;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;

namespace HandoffRules.Host.Tests;

/// <summary>
/// An idempotency key swallows only a true redelivery: keys are scoped by source, caller, kind of
/// input and lead, an empty id is a dead letter, and a repeated accept is refused, not recorded twice.
/// </summary>
public sealed class IdempotencyKeyTests
{
    [Fact]
    public async Task The_same_action_id_from_two_callers_on_two_leads_is_two_actions()
    {
        var now = DateTimeOffset.UtcNow;
        var members = new Acme.Rules.AcmePlaybook().Build().Members;
        var keys = new Dictionary<string, string?>();
        for (var i = 0; i < members.Count; i++)
        {
            keys[$"Handoff:ApiKeys:{i + 2}:Key"] = $"{members[i].Id}-key-0123456789abcdef";
            keys[$"Handoff:ApiKeys:{i + 2}:Member"] = members[i].Id;
        }

        await using var host = await RunningHost.StartAsync(settings: keys, input:
        [
            Leads.Line(Leads.DemoRequest("K1", now)),
            Leads.Line(Leads.DemoRequest("K2", now.AddSeconds(1)) with { Email = "k2@other.example" }),
        ]);
        await host.WaitForAsync(c => c.Routed == 2);
        var k1 = (await host.Store.GetLeadAsync("K1", CancellationToken.None))!;
        using var integration = host.Client(RunningHost.IntegrationKey);

        // A member's key on its own lead, and an integration on another lead, both with id "1".
        using var owner = host.Client($"{k1.Member}-key-0123456789abcdef");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/api/leads/K1/touch", new { id = "1", member = k1.Member })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await integration.PostAsJsonAsync("/api/leads/K2/touch", new { id = "1", member = "someone" })).StatusCode);

        // The same id again on the same lead by the same caller is a redelivery.
        Assert.Equal(HttpStatusCode.OK, (await integration.PostAsJsonAsync("/api/leads/K2/touch", new { id = "1", member = "someone" })).StatusCode);

        var events = await host.Store.GetEventsAsync(null, null, null, CancellationToken.None);
        Assert.Single(events, e => e.LeadId == "K1" && e.Type == HandoffEventTypes.Touched);
        Assert.Single(events, e => e.LeadId == "K2" && e.Type == HandoffEventTypes.Touched);
        Assert.Equal(1, (await host.Store.CountAsync(CancellationToken.None)).Redeliveries);
    }

    [Fact]
    public async Task A_lead_id_and_an_action_id_that_are_equal_do_not_swallow_each_other()
    {
        var now = DateTimeOffset.UtcNow;
        await using var host = await RunningHost.StartAsync(input:
        [
            Leads.Line(Leads.DemoRequest("S1", now)),
            """{"kind":"sdr_action","id":"S2","lead_id":"S1","action":"touch","member":"x"}""",
            Leads.Line(Leads.DemoRequest("S2", now.AddSeconds(1)) with { Email = "s2@other.example" }),
        ]);

        var counts = await host.WaitForAsync(c => c.Ingested + c.ActionsApplied + c.Redeliveries == 3);
        Assert.Equal(2, counts.Routed);
        Assert.Equal(1, counts.ActionsApplied);
        Assert.Equal(0, counts.Redeliveries);
    }

    [Fact]
    public async Task An_empty_id_is_a_dead_letter_every_time_not_a_redelivery()
    {
        var now = DateTimeOffset.UtcNow;
        await using var host = await RunningHost.StartAsync(input:
        [
            Leads.Line(Leads.DemoRequest("E1", now)) .Replace("\"id\":\"E1\"", "\"id\":\"\"", StringComparison.Ordinal),
            Leads.Line(Leads.DemoRequest("E2", now) with { Email = "e2@other.example" }).Replace("\"id\":\"E2\"", "\"id\":\" \"", StringComparison.Ordinal),
            """{"kind":"sdr_action","id":"","lead_id":"E1","action":"touch"}""",
        ]);

        var counts = await host.WaitForAsync(c => c.Ingested + c.Redeliveries == 3);
        Assert.Equal(3, counts.DeadLettered);
        Assert.Equal(0, counts.Redeliveries);
        Assert.All(await host.Store.GetDeadLettersAsync(CancellationToken.None), d => Assert.Contains("id is empty", d.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_runs_of_standard_input_are_two_inputs_whose_bad_lines_are_both_kept()
    {
        var folder = Directory.CreateTempSubdirectory("handoff-stdin-").FullName;
        using var cleanup = new DeleteOnDispose(folder);
        string[] arguments = ["run", "--input", "-", "--db", Path.Combine(folder, "handoff.db")];

        // Any free port: the default one may be another test's or another host's on this machine.
        var environment = new Dictionary<string, string> { ["Handoff__Urls"] = "http://127.0.0.1:0" };
        foreach (var run in new[] { 1, 2 })
        {
            using var cli = await CliProcess.RunAsync(folder, arguments, environment, standardInput: "not json\n");
            Assert.True(cli.ExitCode == 0, $"run {run}: " + string.Join('\n', cli.Error));
        }

        var counts = await new HandoffRules.Host.Store.SqliteHandoffStore(Path.Combine(folder, "handoff.db")).CountAsync(CancellationToken.None);
        Assert.Equal((2, 0), (counts.DeadLettered, counts.Redeliveries));
    }

    [Fact]
    public async Task Accepting_twice_is_refused_and_recorded_once()
    {
        await using var host = await RunningHost.StartAsync(input: [Leads.Line(Leads.DemoRequest("A1", DateTimeOffset.UtcNow))]);
        await host.WaitForAsync(c => c.Routed == 1);
        using var api = host.Client(RunningHost.IntegrationKey);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/leads/A1/accept", new { })).StatusCode);
        var again = await api.PostAsJsonAsync("/api/leads/A1/accept", new { });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already 'Accepted'", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await host.Store.GetEventsAsync("A1", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.Accepted);
    }
}
