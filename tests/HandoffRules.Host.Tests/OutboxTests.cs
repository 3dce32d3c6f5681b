using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>Alerts go through the outbox: a Slack outage delays an alert but never loses or repeats it.</summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task A_slack_alert_answered_500_then_200_arrives_exactly_once()
    {
        using var slack = WireMockServer.Start();
        slack.Given(Request.Create().WithPath("/hooks/demo").UsingPost()).InScenario("outage").WillSetStateTo("back")
            .RespondWith(Response.Create().WithStatusCode(500));
        slack.Given(Request.Create().WithPath("/hooks/demo").UsingPost()).InScenario("outage").WhenStateIs("back")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        slack.Given(Request.Create().WithPath("/hooks/other").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));

        await using var host = await RunningHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Handoff:Slack:Channels:sdr-demo-requests"] = slack.Url + "/hooks/demo",
                ["Handoff:Slack:WebhookUrl"] = slack.Url + "/hooks/other",
            },
            input: [Leads.Line(Leads.DemoRequest("D1", DateTimeOffset.UtcNow))]);

        await host.WaitForAsync(c => c.Routed == 1 && c.OutboxPending == 1, TimeSpan.FromSeconds(30));
        var demo = slack.LogEntries.Where(e => e.RequestMessage!.Path == "/hooks/demo").ToList();
        Assert.Equal([500, 200], demo.Select(e => Convert.ToInt32(e.ResponseMessage!.StatusCode, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("Demo request: lead D1 from Big Buyer", demo[1].RequestMessage!.Body!, StringComparison.Ordinal);
        Assert.DoesNotContain("d1@bigbuyer.example", demo[1].RequestMessage!.Body!, StringComparison.Ordinal);

        // Nothing more is sent for it later.
        await Task.Delay(300);
        Assert.Equal(2, slack.LogEntries.Count(e => e.RequestMessage!.Path == "/hooks/demo"));
        var queued = (await host.Store.GetEventsAsync("D1", null, null, CancellationToken.None)).Where(e => e.Type == HandoffEventTypes.AlertQueued).ToList();
        Assert.Contains(queued, e => e.Text("channel") == "slack" && e.Text("target") == "#sdr-demo-requests");
    }

    [Fact]
    public async Task Alerts_wait_in_the_outbox_while_a_channel_is_down()
    {
        using var slack = WireMockServer.Start();
        slack.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        await using var host = await RunningHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Handoff:Slack:WebhookUrl"] = slack.Url + "/hooks/all" },
            input: [Leads.Line(Leads.DemoRequest("D1", DateTimeOffset.UtcNow))]);

        await host.WaitForAsync(c => c.Routed == 1);
        // Waited for, not slept on: a loaded machine may take longer than any fixed pause.
        await Eventually.HoldsAsync(() => slack.LogEntries.Count >= 3, "three tries of the Slack alert");
        await Eventually.HoldsAsync(() => host.Logs.Any(l => l.Contains("Slack answered 503", StringComparison.Ordinal)), "the failed delivery logged");

        // Three tries in the first attempt (one plus two quick retries), then it waits its turn; never
        // dropped. (The other pending alert is the e-mail to the owner: no SMTP server is configured.)
        Assert.Equal(2, (await host.Store.CountAsync(CancellationToken.None)).OutboxPending);
        Assert.True(slack.LogEntries.Count >= 3, $"{slack.LogEntries.Count} deliveries tried");
        Assert.Contains(host.Logs, l => l.Contains("Slack answered 503", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs, l => l.Contains(slack.Url!, StringComparison.Ordinal));
    }
}
