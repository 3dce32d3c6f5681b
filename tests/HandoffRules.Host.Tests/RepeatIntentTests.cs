using System.Net;
using System.Net.Http.Json;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Intake;
using HandoffRules.Records;

namespace HandoffRules.Host.Tests;

/// <summary>
/// A repeat of a known person is qualified again: one who now qualifies is handed off, and new intent
/// on an open lead fires its trigger (task, alert, SLA) for the lead's owner now, not the first one.
/// </summary>
public sealed class RepeatIntentTests
{
    private static LeadInput FormFill(string id, DateTimeOffset at) => Leads.DemoRequest(id, at) with
    {
        Email = "pat.lee@bigbuyer.example",
        Source = "organic",
        Score = 20,
        Event = new LeadEventInput { Type = "form_submission", Detail = "/whitepaper", OccurredAt = at },
    };

    [Fact]
    public async Task A_demo_request_from_a_person_whose_form_fill_was_not_ready_is_handed_off()
    {
        var now = DateTimeOffset.UtcNow;
        await using var host = await RunningHost.StartAsync(input:
        [
            Leads.Line(FormFill("R1", now)),
            Leads.Line(Leads.DemoRequest("R2", now.AddMinutes(5)) with { Email = "pat.lee@bigbuyer.example" }),
        ]);

        var counts = await host.WaitForAsync(c => c.Ingested == 2);

        Assert.Equal((1, 1, 0), (counts.Disqualified, counts.Routed, counts.Duplicates));
        var events = await host.Store.GetEventsAsync("R2", null, null, CancellationToken.None);
        Assert.Contains(events, e => e.Type == HandoffEventTypes.Routed && e.Data["notes"]!.ToJsonString().Contains("duplicate of R1 by email, which is not with an SDR", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Type == HandoffEventTypes.TaskCreated);
        Assert.Contains(events, e => e.Type == HandoffEventTypes.SlaStarted && e.Data["sla"]!.GetValue<string>() == "Demo first touch");
    }

    [Fact]
    public async Task A_repeat_demo_request_on_an_open_lead_sets_off_its_trigger_for_the_owner_after_a_reassignment()
    {
        var now = DateTimeOffset.UtcNow;
        var first = Leads.DemoRequest("O1", now);
        await using var host = await RunningHost.StartAsync(input: [Leads.Line(first)]);
        await host.WaitForAsync(c => c.Routed == 1);
        using var api = host.Client(RunningHost.IntegrationKey);
        var before = (await host.Store.GetLeadAsync("O1", CancellationToken.None))!;

        // The first-touch SLA is met, then the lead moves to another member of its queue.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/leads/O1/touch", new { member = before.Member })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync("/api/leads/O1/reassign", new { reason = "covering for a colleague" })).StatusCode);
        var owner = (await host.Store.GetLeadAsync("O1", CancellationToken.None))!.Member;
        Assert.NotEqual(before.Member, owner);

        var queue = host.App.Services.GetService(typeof(HandoffRules.Host.Processing.HandoffQueue)) as HandoffRules.Host.Processing.HandoffQueue;
        var again = first with { Id = "O2", Event = first.Event! with { OccurredAt = now.AddMinutes(30) } };
        var result = await queue!.SubmitAsync(new HandoffRules.Host.Inputs.LeadWork("test", "O2", "test O2", again, now.AddMinutes(30)) { Completion = HandoffRules.Host.Inputs.HandoffWork.Waiting() }, CancellationToken.None);

        Assert.Equal(HandoffOutcome.Duplicate, result.Outcome);
        var duplicate = (await host.Store.GetLeadAsync("O2", CancellationToken.None))!;
        Assert.Equal(owner, duplicate.Member);
        var events = await host.Store.GetEventsAsync("O1", null, null, CancellationToken.None);
        Assert.Equal(2, events.Count(e => e.Type == HandoffEventTypes.TaskCreated));
        Assert.Equal(2, events.Count(e => e.Type == HandoffEventTypes.SlaStarted && e.Data["sla"]!.GetValue<string>() == "Demo first touch"));
        Assert.Equal(owner, events.Last(e => e.Type == HandoffEventTypes.TaskCreated).Data["member"]!.GetValue<string>());
        var timer = Assert.Single(await host.Store.GetTimersAsync("O1", CancellationToken.None), t => t.Sla == "Demo first touch");
        Assert.Equal("pending", timer.State);
        Assert.Equal(now.AddMinutes(30), timer.StartedAt);
    }

    [Fact]
    public async Task A_kept_lead_id_from_another_input_gets_an_id_of_its_own_even_where_a_lead_already_has_that_id()
    {
        var now = DateTimeOffset.UtcNow;
        await using var host = await RunningHost.StartAsync(input: []);
        var queue = (HandoffRules.Host.Processing.HandoffQueue)host.App.Services.GetService(typeof(HandoffRules.Host.Processing.HandoffQueue))!;
        async Task<HandoffRules.Host.Inputs.WorkResult> Take(string source, string sourceId, LeadInput lead) =>
            await queue.SubmitAsync(new HandoffRules.Host.Inputs.LeadWork(source, sourceId, $"{source} {sourceId}", lead, now) { Completion = HandoffRules.Host.Inputs.HandoffWork.Waiting() }, CancellationToken.None);

        // A lead whose own id has the shape a repeat's is given, then the id it repeats.
        Assert.Equal("A/7", (await Take("crm", "7", Leads.DemoRequest("A/7", now) with { Email = "first@one.example" })).LeadId);
        var first = (await host.Store.GetLeadAsync("A/7", CancellationToken.None))!;
        Assert.Equal("A", (await Take("file", "A", Leads.DemoRequest("A", now) with { Email = "second@two.example" })).LeadId);

        // "A" again, from an input whose key is 7: "A/7" is taken, so the key goes on once more.
        var third = await Take("webhook", "7", Leads.DemoRequest("A", now) with { Email = "third@three.example" });
        Assert.Equal((HandoffRules.Host.Inputs.WorkStatus.Done, "A/7/7"), (third.Status, third.LeadId));
        Assert.Equal(first, await host.Store.GetLeadAsync("A/7", CancellationToken.None));
        Assert.Contains("third@three.example", (await host.Store.GetLeadAsync("A/7/7", CancellationToken.None))!.Lead, StringComparison.Ordinal);
        Assert.Single(await host.Store.GetEventsAsync("A/7", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.Routed);
        Assert.Equal(2, (await host.Store.GetTimersAsync("A/7/7", CancellationToken.None)).Count);
    }
}
