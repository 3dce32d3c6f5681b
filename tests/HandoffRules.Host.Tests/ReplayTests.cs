using HandoffRules.Host.Tests.Support;
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
