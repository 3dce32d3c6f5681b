using System.Globalization;
using Acme.Rules;
using HandoffRules.Host.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>Slack alerts SDRs act on: Block Kit with the company, the trigger, the deadline on the owner's clock, an @mention and the HubSpot record.</summary>
public sealed class SlackMessageTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task A_demo_request_alert_is_Block_Kit_that_mentions_the_owner_with_the_deadline_in_their_time_zone_and_links_the_HubSpot_record()
    {
        using var slack = WireMockServer.Start();
        slack.Given(Request.Create().WithPath("/hooks/demo").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        var acme = new AcmePlaybook().Build();
        var playbook = acme with { Members = [.. acme.Members.Select(m => m.Id == "maya.chen" ? m with { SlackId = "U024BE7LH" } : m)] };
        await using var host = await RunningHost.StartAsync(playbook, new Dictionary<string, string?>
        {
            ["Handoff:Slack:Channels:sdr-demo-requests"] = slack.Url + "/hooks/demo",
            ["Handoff:HubSpot:PortalId"] = "62515",
        });
        using var client = host.Client();

        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("workflow-webhook-contact.json")));
        await Eventually.HoldsAsync(() => slack.LogEntries.Any(), "the alert reached Slack");

        var lead = (await host.Store.GetLeadAsync("hubspot-512001", CancellationToken.None))!;
        var due = (await host.Store.GetTimersAsync("hubspot-512001", CancellationToken.None)).Single(t => t.Sla == "Demo first touch").DueAt;
        var local = TimeZoneInfo.ConvertTime(due, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")).ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture);
        var text = $"Demo request: lead hubspot-512001 from Northwind Traders ({lead.Source}, {lead.Segment}, {lead.Territory}) → {lead.Queue ?? "account owner"} / maya.chen. " +
                   $"First touch due {due.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.";
        var queue = string.Join(" · ", new[] { lead.Queue ?? "account owner", lead.Segment, lead.Territory }.Where(p => p is not null));
        var expected =
            "{\"text\":" + System.Text.Json.JsonSerializer.Serialize(text, Readable) + "," +
            "\"blocks\":[" +
            "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Demo request*: a lead from *Northwind Traders* for <@U024BE7LH>\"}}," +
            "{\"type\":\"section\",\"fields\":[" +
            "{\"type\":\"mrkdwn\",\"text\":\"*Company*\\nNorthwind Traders\"}," +
            "{\"type\":\"mrkdwn\",\"text\":\"*Why*\\nDemo request (" + lead.Source + ")\"}," +
            "{\"type\":\"mrkdwn\",\"text\":\"*First touch by*\\n" + local + " (America/Los_Angeles)\"}," +
            "{\"type\":\"mrkdwn\",\"text\":" + System.Text.Json.JsonSerializer.Serialize("*Queue*\n" + queue, Readable) + "}]}," +
            "{\"type\":\"actions\",\"elements\":[{\"type\":\"button\",\"text\":{\"type\":\"plain_text\",\"text\":\"Open in HubSpot\"}," +
            "\"url\":\"https://app.hubspot.com/contacts/62515/record/0-1/512001\"}]}]," +
            "\"channel\":\"#sdr-demo-requests\"}";
        Assert.Equal(expected, Assert.Single(slack.LogEntries).RequestMessage!.Body);

        // The company goes to Slack by design, never into a log line.
        Assert.DoesNotContain(host.Logs, l => l.Contains("Northwind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_Slack_id_or_a_portal_id_the_alert_names_the_owner_and_has_no_link()
    {
        using var slack = WireMockServer.Start();
        slack.Given(Request.Create().WithPath("/hooks/demo").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        await using var host = await RunningHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Handoff:Slack:Channels:sdr-demo-requests"] = slack.Url + "/hooks/demo",
        });
        using var client = host.Client();

        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("workflow-webhook-contact.json")));
        await Eventually.HoldsAsync(() => slack.LogEntries.Any(), "the alert reached Slack");

        var body = Assert.Single(slack.LogEntries).RequestMessage!.Body!;
        Assert.Contains("\"text\":\"*Demo request*: a lead from *Northwind Traders* for Maya Chen\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"actions\"", body, StringComparison.Ordinal);
        Assert.StartsWith("{\"text\":\"Demo request: lead hubspot-512001 from Northwind Traders", body, StringComparison.Ordinal);
    }
}
