using System.Globalization;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Intake;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>
/// Alert delivery against a misbehaving Slack: a channel that asks to be left alone for a while
/// is left alone that long, and a channel that hangs does not hold up the others.
/// </summary>
public sealed class AlertDeliveryTests
{
    [Theory]
    [InlineData(429, "seconds")]
    [InlineData(503, "seconds")]
    [InlineData(429, "date")]
    public async Task A_retry_after_answer_is_honoured_the_next_attempt_is_not_before_it(int status, string form)
    {
        using var slack = WireMockServer.Start();
        var started = DateTimeOffset.UtcNow;
        var retryAfter = form == "seconds" ? "3600" : DateTimeOffset.UtcNow.AddHours(1).ToString("R", CultureInfo.InvariantCulture);
        slack.Given(Request.Create().WithPath("/hooks/demo").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Retry-After", retryAfter));
        await using var host = await RunningHost.StartAsync(
            settings: new Dictionary<string, string?> { ["Handoff:Slack:Channels:sdr-demo-requests"] = slack.Url + "/hooks/demo" },
            input: [Leads.Line(Leads.DemoRequest("D1", DateTimeOffset.UtcNow))]);

        await Eventually.HoldsAsync(() => SlackRow(host) is { Attempts: > 0 }, "the Slack alert was attempted");

        var row = SlackRow(host)!;
        Assert.Equal(1, row.Attempts);
        Assert.True(row.NextAttemptAt >= started.AddMinutes(59), $"next attempt at {row.NextAttemptAt:O}, started at {started:O}");
        Assert.Contains($"Slack answered {status}", row.LastError, StringComparison.Ordinal);
        Assert.Single(slack.LogEntries);
    }

    [Fact]
    public async Task A_hung_channel_does_not_hold_up_alerts_to_the_others()
    {
        using var hung = new HungEndpoint();
        using var slack = WireMockServer.Start();
        slack.Given(Request.Create().WithPath("/hooks/intent").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        var now = DateTimeOffset.UtcNow;
        var lines = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            lines.Add(Leads.Line(Leads.DemoRequest($"D{i}", now.AddSeconds(i)) with { Email = $"d{i}@demo{i}.example" }));
        }

        for (var i = 1; i <= 3; i++)
        {
            lines.Add(Leads.Line(Leads.DemoRequest($"P{i}", now.AddSeconds(10 + i)) with
            {
                Email = $"p{i}@pricing{i}.example",
                Event = new LeadEventInput { Type = "high_intent_page_view", Detail = "/pricing", OccurredAt = now.AddSeconds(10 + i) },
            }));
        }

        await using var host = await RunningHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Handoff:Slack:Channels:sdr-demo-requests"] = hung.Url + "/hooks/demo",
                ["Handoff:Slack:Channels:sdr-intent"] = slack.Url + "/hooks/intent",
            },
            input: lines);

        // The demo alerts came first and hang (each attempt is given ten seconds); the intent
        // alerts arrive all the same. The hung endpoint counts a connection when its accept loop
        // gets to it, which on a busy machine can come after the intent alerts landed: both are
        // waited for, and no demo attempt has ended yet, so the intent alerts did not wait for one.
        await Eventually.HoldsAsync(() => slack.LogEntries.Count == 3 && hung.Connections >= 1,
            "three alerts reached #sdr-intent while a demo alert is stuck in the hung channel", TimeSpan.FromSeconds(15));
        var rows = StoreRows.Outbox(host.Store.Path).Where(r => r.Channel == "slack").ToList();
        Assert.All(rows.Where(r => r.Target == "#sdr-intent"), r => Assert.NotNull(r.DeliveredAt));
        Assert.All(rows.Where(r => r.Target == "#sdr-demo-requests"), r => Assert.Equal((null, 0), (r.DeliveredAt, r.Attempts)));
    }

    private static StoreRows.OutboxRow? SlackRow(RunningHost host) =>
        StoreRows.Outbox(host.Store.Path).SingleOrDefault(r => r.Channel == "slack");
}
