using System.Net;
using System.Text;
using HandoffRules.Host.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>
/// The webhook's door: requests that are not HubSpot's cost a row in rejected_requests and nothing
/// more, and HubSpot's own deliveries with a missing contact or an odd shape end as dead letters
/// with a reason, never as a 500 that blocks the rest of the delivery.
/// </summary>
public sealed class WebhookHardeningTests
{
    [Fact]
    public async Task Unsigned_badly_signed_and_oversized_posts_are_refused_and_kept_only_as_size_and_hash()
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.Client();
        var before = StoreRows.Bytes(host.Store.Path);
        var limit = 256 * 1024;
        var oversized = "[" + new string(' ', limit + 10_000) + "]";
        var small = HubSpotRequests.Fixture("workflow-webhook-contact.json");

        var requests = new List<(HttpRequestMessage Request, HttpStatusCode Expected)>();
        for (var i = 0; i < 4; i++)
        {
            requests.Add((HubSpotRequests.Post(host.BaseAddress, oversized, secret: null), HttpStatusCode.RequestEntityTooLarge));
            requests.Add((HubSpotRequests.Post(host.BaseAddress, oversized, signatureOverride: Convert.ToBase64String(new byte[32])), HttpStatusCode.RequestEntityTooLarge));

            // Even a correctly signed oversized body cannot be taken: it would have to be read whole to be verified.
            requests.Add((HubSpotRequests.Post(host.BaseAddress, oversized), HttpStatusCode.RequestEntityTooLarge));
            requests.Add((HubSpotRequests.Post(host.BaseAddress, small, secret: null), HttpStatusCode.Unauthorized));
            requests.Add((HubSpotRequests.Post(host.BaseAddress, small, secret: "not-the-app-secret"), HttpStatusCode.Unauthorized));
        }

        foreach (var (request, expected) in requests)
        {
            using var response = await client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
            Assert.True(response.Content.Headers.ContentLength is null or < 2048, "the refusal is short");
        }

        var counts = await host.Store.CountAsync(CancellationToken.None);
        Assert.Equal((0, 0, 0, requests.Count), (counts.Ingested, counts.DeadLettered, counts.ActionsApplied, counts.RejectedRequests));
        Assert.Equal(0, StoreRows.Count(host.Store.Path, "inputs"));
        Assert.Equal(0, StoreRows.Count(host.Store.Path, "dead_letters"));
        var rows = StoreRows.RejectedRequests(host.Store.Path);
        Assert.All(rows, r => Assert.True(r.BodyBytes > 0 && r.BodySha256.Length == 64, $"{r.BodyBytes} bytes, sha256 {r.BodySha256}"));
        Assert.Equal(12, rows.Count(r => r.Reason.Contains("longer than 262,144 bytes", StringComparison.Ordinal)));
        Assert.DoesNotContain(StoreRows.Columns(host.Store.Path, "rejected_requests"), c => c.Contains("body", StringComparison.Ordinal) && !c.StartsWith("body_", StringComparison.Ordinal));

        // A row is a few dozen bytes; one stored oversized body alone would be 256 KiB.
        var grown = StoreRows.Bytes(host.Store.Path) - before;
        Assert.True(grown < requests.Count * 16 * 1024, $"the database grew by {grown:N0} bytes for {requests.Count} refused requests");
    }

    [Fact]
    public async Task An_oversized_body_is_refused_by_its_declared_length_and_read_no_further_than_the_limit()
    {
        await using var host = await RunningHost.StartAsync(settings: new Dictionary<string, string?> { ["Handoff:MaxBodyBytes"] = "4096" });
        using var client = host.Client();
        var request = HubSpotRequests.Post(host.BaseAddress, "[" + new string(' ', 8000) + "]", secret: null);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var row = Assert.Single(StoreRows.RejectedRequests(host.Store.Path));
        Assert.Equal("the body is 8,002 bytes, longer than 4,096 bytes", row.Reason);
        Assert.True(row.BodyBytes <= 4096, $"{row.BodyBytes} bytes read");
        Assert.Equal(0, (await host.Store.CountAsync(CancellationToken.None)).DeadLettered);
    }

    [Fact]
    public async Task A_contact_hubspot_no_longer_has_is_dead_lettered_and_the_rest_of_the_delivery_is_taken()
    {
        using var hubspot = WireMockServer.Start();
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/contacts/700001").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithBody("""{"status":"error","message":"resource not found"}"""));
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/contacts/700002").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""
                {"id":"700002","properties":{"email":"kim@globex.com","firstname":"Kim","lastname":"Lee","company":"Globex",
                 "country":"Germany","numemployees":"1001-5000","hs_analytics_source":"ORGANIC_SEARCH","hubspotscore":"75"}}
                """));
        await using var host = await RunningHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Handoff:HubSpot:AccessToken"] = "hubspot-token",
            ["Handoff:HubSpot:ApiBaseUrl"] = hubspot.Url + "/",
        });
        using var client = host.Client();
        var body = """
            [{"eventId": 901, "subscriptionType": "contact.creation", "objectId": 700001, "occurredAt": 1764000000000},
             {"eventId": 902, "subscriptionType": "contact.creation", "objectId": 700002, "occurredAt": 1764000001000},
             {"eventId": 903, "subscriptionType": "contact.propertyChange", "objectId": 700002, "propertyName": "lifecyclestage", "propertyValue": "lead", "occurredAt": 1764000002000}]
            """;

        var response = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body));
        var again = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var counts = await host.Store.CountAsync(CancellationToken.None);
        Assert.Equal((1, 1, 1, 3), (counts.Routed + counts.Disqualified, counts.ActionsApplied, counts.DeadLettered, counts.Redeliveries));
        var dead = Assert.Single(await host.Store.GetDeadLettersAsync(CancellationToken.None));
        Assert.Equal("event 901: contact 700001 is not in HubSpot (the contacts API answered 404; it was deleted or merged)", dead.Reason);
        Assert.NotNull(await host.Store.GetLeadAsync("hubspot-700002", CancellationToken.None));
    }

    [Theory]
    [InlineData("""[{"eventId": 11, "subscriptionType": "contact.propertyChange", "objectId": 5, "propertyName": 42, "propertyValue": "x", "occurredAt": 1764000000000}]""", "event 11: propertyName is not text")]
    [InlineData("""[{"eventId": 12, "subscriptionType": "contact.propertyChange", "objectId": 5, "propertyName": {"name": "x"}, "occurredAt": 1764000000000}]""", "event 12: propertyName is not text")]
    [InlineData("""[{"eventId": 13, "subscriptionType": "contact.propertyChange", "objectId": 5, "propertyName": "lifecyclestage", "occurredAt": "yesterday"}]""", "event 13: occurredAt is not a time in epoch milliseconds")]
    [InlineData("""[{"eventId": 14, "subscriptionType": "contact.creation", "objectId": 5, "occurredAt": 99999999999999999}]""", "event 14: occurredAt is not a time in epoch milliseconds")]
    [InlineData("""[{"eventId": 15, "subscriptionType": "contact.propertyChange", "objectId": 5, "propertyName": "x", "propertyValue": [1, 2]}]""", "event 15: propertyValue is not a single value")]
    [InlineData("""[{"eventId": 16.5, "subscriptionType": "contact.creation", "objectId": 5}]""", "event #1: eventId is missing or not a whole number")]
    [InlineData("""[{"eventId": 17, "subscriptionType": "contact.creation", "objectId": "five"}]""", "event 17: objectId is missing or not a whole number")]
    [InlineData("""{"vid": 5, "properties": "none"}""", "workflow webhook: properties is not an object")]
    [InlineData("""{"vid": 5, "properties": [1, 2]}""", "workflow webhook: properties is not an object")]
    [InlineData("""{"vid": {"id": 5}, "properties": {}}""", "workflow webhook: vid is not a contact id")]
    public async Task A_signed_payload_of_an_odd_shape_is_a_dead_letter_naming_the_field(string body, string reason)
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.Client();

        var response = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dead = Assert.Single(await host.Store.GetDeadLettersAsync(CancellationToken.None));
        Assert.Equal(reason, dead.Reason);
        Assert.Equal(1, (await host.Store.CountAsync(CancellationToken.None)).Ingested);
    }

    [Fact]
    public async Task Dead_letters_keep_a_few_kib_of_the_input_with_its_size_and_hash()
    {
        var line = "{\"id\":\"BIG\",\"score\":\"high\",\"company\":\"" + new string('x', 100_000) + "\"}";
        await using var host = await RunningHost.StartAsync(input: [line]);
        await host.WaitForAsync(c => c.DeadLettered == 1);
        using var client = host.Client();
        var body = "{not json" + new string(' ', 60_000) + "}";

        var response = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var dead = await host.Store.GetDeadLettersAsync(CancellationToken.None);
        Assert.Equal(2, dead.Count);
        var sizes = new[] { Encoding.UTF8.GetByteCount(line), Encoding.UTF8.GetByteCount(body) };
        foreach (var (letter, size) in dead.Zip(sizes))
        {
            Assert.True(Encoding.UTF8.GetByteCount(letter.Raw) < 4096 + 200, $"{letter.Position} kept {letter.Raw.Length:N0} characters");
            Assert.Contains($"of {size:N0} bytes", letter.Raw, StringComparison.Ordinal);
            Assert.Contains("sha256 ", letter.Raw, StringComparison.Ordinal);
        }

        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body))), dead[1].Raw, StringComparison.Ordinal);
    }
}
