using System.Net;
using System.Text.Json;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Host.Webhooks;
using HandoffRules.Records;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>HubSpot webhooks over real HTTP: verified, processed once, refused when not signed.</summary>
public sealed class HubSpotWebhookTests
{
    [Fact]
    public void The_signature_is_hubspots_v3_scheme()
    {
        // HMAC-SHA256 over method + uri + body + timestamp, base64; %3A and friends decoded first.
        var signature = HubSpotSignature.Sign("secret", "POST", "https://example.com/webhooks/hubspot?portal%3A1", "{}"u8.ToArray(), "1764000000000");
        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            "secret"u8.ToArray(), "POSThttps://example.com/webhooks/hubspot?portal:1{}1764000000000"u8.ToArray()));

        Assert.Equal(expected, signature);
    }

    [Fact]
    public async Task A_signed_workflow_webhook_is_routed_and_its_redelivery_processed_once()
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.Client();
        var body = HubSpotRequests.Fixture("workflow-webhook-contact.json");

        var first = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body));
        var again = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("AlreadyProcessed", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lead = await host.Store.GetLeadAsync("hubspot-512001", CancellationToken.None);
        Assert.NotNull(lead);
        var decision = DecisionRecord.FromJson(lead.Decision);
        Assert.Equal(("Named accounts go to their owner", "maya.chen"), (decision.Route, decision.Member));
        var counts = await host.Store.CountAsync(CancellationToken.None);
        Assert.Equal((1, 1), (counts.Routed, counts.Redeliveries));
    }

    [Theory]
    [InlineData("bad signature")]
    [InlineData("stale timestamp")]
    [InlineData("no signature")]
    [InlineData("wrong secret")]
    public async Task A_request_not_signed_by_hubspot_gets_401_is_recorded_and_routes_nothing(string kind)
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.Client();
        var body = HubSpotRequests.Fixture("workflow-webhook-contact.json");
        var request = kind switch
        {
            "bad signature" => HubSpotRequests.Post(host.BaseAddress, body, signatureOverride: Convert.ToBase64String(new byte[32])),
            "stale timestamp" => HubSpotRequests.Post(host.BaseAddress, body, at: DateTimeOffset.UtcNow.AddMinutes(-6)),
            "no signature" => HubSpotRequests.Post(host.BaseAddress, body, secret: null),
            _ => HubSpotRequests.Post(host.BaseAddress, body, secret: "not-the-app-secret"),
        };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var counts = await host.Store.CountAsync(CancellationToken.None);
        Assert.Equal((0, 1), (counts.Ingested, counts.RejectedRequests));
        Assert.Null(await host.Store.GetLeadAsync("hubspot-512001", CancellationToken.None));
    }

    [Fact]
    public async Task Event_deliveries_fetch_created_contacts_and_redelivered_event_ids_are_processed_once()
    {
        using var hubspot = WireMockServer.Start();
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/contacts/512001").UsingGet().WithHeader("Authorization", "Bearer hubspot-token"))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""
                {"id":"512001","properties":{"email":"sam.rivera@globex.com","firstname":"Sam","lastname":"Rivera","company":"Globex",
                 "country":"Germany","numemployees":"1001-5000","hs_analytics_source":"ORGANIC_SEARCH","hubspotscore":"75"}}
                """));
        await using var host = await RunningHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Handoff:HubSpot:AccessToken"] = "hubspot-token",
            ["Handoff:HubSpot:ApiBaseUrl"] = hubspot.Url + "/",
        });
        using var client = host.Client();
        var body = HubSpotRequests.Fixture("webhook-events.json");

        var first = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body));
        var redelivery = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, redelivery.StatusCode);
        var counts = await host.Store.CountAsync(CancellationToken.None);
        Assert.Equal((1, 1, 2), (counts.Routed, counts.ActionsApplied, counts.Redeliveries));
        // The contact is fetched once; what else reaches HubSpot is the routed contact's write-back.
        Assert.Single(hubspot.LogEntries, e => e.RequestMessage!.Method == "GET" && e.RequestMessage!.Path == "/crm/v3/objects/contacts/512001");
        var events = await host.Store.GetEventsAsync("hubspot-512001", null, null, CancellationToken.None);
        Assert.Equal([HandoffEventTypes.Routed], events.Where(e => e.Type == HandoffEventTypes.Routed).Select(e => e.Type));
        var change = Assert.Single(events, e => e.Type == HandoffEventTypes.PropertyChanged);
        Assert.Equal(("lifecyclestage", "marketingqualifiedlead"), (change.Text("property"), change.Text("value")));
    }

    [Fact]
    public async Task Unknown_events_and_unreadable_bodies_are_dead_lettered_and_oversized_bodies_refused()
    {
        await using var host = await RunningHost.StartAsync(settings: new Dictionary<string, string?> { ["Handoff:MaxBodyBytes"] = "4096" });
        using var client = host.Client();

        var unknown = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress,
            """[{"eventId": 77, "subscriptionType": "deal.creation", "objectId": 9, "occurredAt": 1764000000000}]"""));
        var notJson = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, "{not json"));
        var huge = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, "[" + new string(' ', 5000) + "]"));

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        var reasons = (await host.Store.GetDeadLettersAsync(CancellationToken.None)).Select(d => d.Reason).ToList();
        Assert.Contains(reasons, r => r.Contains("subscriptionType 'deal.creation' is not one the handoff takes", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("the body is not JSON", StringComparison.Ordinal));
        Assert.Equal(2, reasons.Count);

        // An oversized body cannot be verified, so it is refused and recorded at the door, not kept.
        Assert.Contains("longer than 4,096 bytes", Assert.Single(StoreRows.RejectedRequests(host.Store.Path)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creation_events_wait_for_hubspot_when_the_contact_cannot_be_fetched()
    {
        using var hubspot = WireMockServer.Start();
        hubspot.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(502));
        await using var host = await RunningHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Handoff:HubSpot:AccessToken"] = "hubspot-token",
            ["Handoff:HubSpot:ApiBaseUrl"] = hubspot.Url + "/",
        });
        using var client = host.Client();

        var response = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("webhook-events.json")));

        // 503 makes HubSpot deliver again later; nothing was taken in, so nothing is lost.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, (await host.Store.CountAsync(CancellationToken.None)).Ingested);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("HubSpot answered 502", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
