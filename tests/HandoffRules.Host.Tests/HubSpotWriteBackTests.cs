using System.Net;
using System.Text.Json.Nodes;
using HandoffRules.Host.Crm;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>
/// HubSpot as the system of record: a routed contact's owner, status, stage and task are written
/// back through the outbox, against an HTTP-level stub of HubSpot's CRM API answering with
/// recorded responses (Fixtures/hubspot).
/// </summary>
public sealed class HubSpotWriteBackTests
{
    private const string ContactPath = "/crm/v3/objects/contacts/512001";

    [Fact]
    public void An_outbox_body_is_written_in_snake_case_without_nulls_and_reads_back_as_written()
    {
        var update = new HubSpotWriteBack(new Dictionary<string, string> { ["hs_lead_status"] = "NEW", ["lifecyclestage"] = "salesqualifiedlead" }, "maya.chen", "lifecyclestage", null);
        var task = new HubSpotWriteBack(null, "sam.patel", null,
            new HubSpotTask("L1/Form submission/New inbound lead", "Call <b>now</b> & log it", "lead L1 \u2192 'Lead Triage' / sam.patel.\nFirst touch \"due\".", new DateTimeOffset(2026, 11, 2, 17, 0, 0, TimeSpan.FromHours(1)), "HIGH"));

        Assert.Equal("""{"properties":{"hs_lead_status":"NEW","lifecyclestage":"salesqualifiedlead"},"owner":"maya.chen","clear_stage":"lifecyclestage"}""", update.ToJson());

        // The same bytes as the serializer's own reading of the type with those rules, escapes included.
        var rules = new System.Text.Json.JsonSerializerOptions
        {
            PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        };
        foreach (var write in new[] { update, task })
        {
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(write, rules), write.ToJson());
            var read = HubSpotWriteBack.FromJson(write.ToJson());
            Assert.Equal((write.Owner, write.ClearStage, write.Task), (read.Owner, read.ClearStage, read.Task));
            Assert.Equal(write.Properties?.OrderBy(p => p.Key), read.Properties?.OrderBy(p => p.Key));
        }
    }

    [Fact]
    public async Task A_routed_contact_gets_one_owner_status_and_stage_update_and_one_task_due_at_the_SLA_deadline_even_when_redelivered()
    {
        using var hubspot = Stub();
        await using var host = await StartAsync(hubspot);
        using var client = host.Client();
        var body = HubSpotRequests.Fixture("workflow-webhook-contact.json");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body))).StatusCode);
        await WriteBacksSettledAsync(host, expected: 2);

        var updates = Requests(hubspot, "PATCH", ContactPath);
        var update = Assert.Single(updates);
        Assert.Equal("""{"properties":{"hs_lead_status":"NEW","hubspot_owner_id":"9001","lifecyclestage":"marketingqualifiedlead"}}""", update.Body);
        var created = Assert.Single(Requests(hubspot, "POST", "/crm/v3/objects/tasks"));
        var task = JsonNode.Parse(created.Body!)!;
        Assert.Equal("Call within 15 minutes: demo request", (string?)task["properties"]!["hs_task_subject"]);
        Assert.Equal("9001", (string?)task["properties"]!["hubspot_owner_id"]);
        Assert.Equal("HIGH", (string?)task["properties"]!["hs_task_priority"]);
        Assert.Equal("512001", (string?)task["associations"]![0]!["to"]!["id"]);
        Assert.Equal(204, (int)task["associations"]![0]!["types"]![0]!["associationTypeId"]!);
        Assert.Contains("Northwind Traders", (string?)task["properties"]!["hs_task_body"], StringComparison.Ordinal);
        Assert.DoesNotContain("Dana", (string?)task["properties"]!["hs_task_body"], StringComparison.Ordinal);

        var lead = await host.Store.GetLeadAsync("hubspot-512001", CancellationToken.None);
        var timers = await host.Store.GetTimersAsync("hubspot-512001", CancellationToken.None);
        var due = timers.Single(t => t.Sla == "Demo first touch").DueAt;
        Assert.Equal(due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), (string?)task["properties"]!["hs_timestamp"]);
        Assert.Equal("maya.chen", DecisionRecord.FromJson(lead!.Decision).Member);
        // Owners were read once, at start-up, page by page; no write looked one up again.
        Assert.Equal(2, Requests(hubspot, "GET", "/crm/v3/owners").Count);
    }

    [Fact]
    public async Task A_task_HubSpot_already_has_under_the_lead_and_trigger_key_is_not_created_again()
    {
        using var hubspot = Stub(taskSearch: "task-search-found.response.json");
        await using var host = await StartAsync(hubspot);
        using var client = host.Client();

        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("workflow-webhook-contact.json")));
        await WriteBacksSettledAsync(host, expected: 2);

        var search = JsonNode.Parse(Assert.Single(Requests(hubspot, "POST", "/crm/v3/objects/tasks/search")).Body!)!;
        Assert.Equal("hubspot-512001/Demo request/Call within 15 minutes: demo request", (string?)search["filterGroups"]![0]!["filters"]![0]!["value"]);
        Assert.Empty(Requests(hubspot, "POST", "/crm/v3/objects/tasks"));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_then_delivered()
    {
        using var hubspot = Stub();
        hubspot.Given(Request.Create().WithPath(ContactPath).UsingPatch()).InScenario("limit").WillSetStateTo("waited").AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2").WithHeader("Content-Type", "application/json")
                .WithBody(HubSpotFixture("rate-limited.response.json")));
        await using var host = await StartAsync(hubspot);
        using var client = host.Client();

        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("workflow-webhook-contact.json")));
        await WriteBacksSettledAsync(host, expected: 2);

        var patches = hubspot.LogEntries.Where(e => e.RequestMessage!.Method == "PATCH").OrderBy(e => e.RequestMessage!.DateTime).ToList();
        Assert.Equal(new[] { 429, 200 }, patches.Select(p => Convert.ToInt32(p.ResponseMessage!.StatusCode, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(patches[1].RequestMessage!.DateTime - patches[0].RequestMessage!.DateTime >= TimeSpan.FromSeconds(1.9),
            "the second attempt came before HubSpot's Retry-After");
        var row = StoreRows.Outbox(Path.Combine(host.Folder, "handoff.db")).First(r => r.Channel == HubSpotWriteBack.Channel);
        Assert.Equal(2, row.Attempts);
    }

    [Fact]
    public async Task A_contact_HubSpot_does_not_have_is_dead_lettered_with_its_message_and_other_contacts_are_written()
    {
        using var hubspot = Stub();
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/contacts/512002").UsingPatch()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json").WithBody(HubSpotFixture("contact-not-found.response.json")));
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/tasks").UsingPost()
                .WithBody(new WildcardMatcher("*\"to\":{\"id\":\"512002\"}*"))).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/json").WithBody(HubSpotFixture("contact-not-found.response.json")));
        await using var host = await StartAsync(hubspot);
        using var client = host.Client();
        var body = HubSpotRequests.Fixture("workflow-webhook-contact.json");
        var gone = body.Replace("512001", "512002", StringComparison.Ordinal).Replace("Dana.Whitfield", "Sam.Ortiz", StringComparison.Ordinal).Replace("Northwind", "Contoso", StringComparison.Ordinal);

        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, gone));
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, body));
        await WriteBacksSettledAsync(host, expected: 4);

        var givenUp = await host.Store.GetGivenUpOutboxAsync(CancellationToken.None);
        Assert.Equal(new[] { "512002", "512002" }, givenUp.Select(g => g.Item.Target));
        Assert.All(givenUp, g => Assert.Contains("HubSpot answered 404", g.Problem, StringComparison.Ordinal));
        Assert.All(givenUp, g => Assert.Contains("resource not found", g.Problem, StringComparison.Ordinal));
        Assert.Single(Requests(hubspot, "PATCH", ContactPath));
        Assert.Single(Requests(hubspot, "PATCH", "/crm/v3/objects/contacts/512002"));
        Assert.Equal(0, (await host.Store.CountAsync(CancellationToken.None)).DeadLettered);
    }

    [Fact]
    public async Task Without_a_HubSpot_access_token_nothing_is_queued_for_HubSpot()
    {
        await using var host = await RunningHost.StartAsync();
        using var client = host.Client();

        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("workflow-webhook-contact.json")));
        await host.WaitForAsync(c => c.Routed == 1);

        Assert.DoesNotContain(StoreRows.Outbox(Path.Combine(host.Folder, "handoff.db")), r => r.Channel == HubSpotWriteBack.Channel);
    }

    internal static WireMockServer Stub(string taskSearch = "task-search-none.response.json")
    {
        var hubspot = WireMockServer.Start();
        Owners(hubspot);
        Json(hubspot, Request.Create().WithPath("/crm/v3/objects/contacts/*").UsingPatch(), "contact-update.response.json");
        Json(hubspot, Request.Create().WithPath("/crm/v3/objects/tasks/search").UsingPost(), taskSearch);
        Json(hubspot, Request.Create().WithPath("/crm/v3/objects/tasks").UsingPost(), "task-create.response.json", 201);
        return hubspot;
    }

    internal static Task<RunningHost> StartAsync(WireMockServer hubspot, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Handoff:HubSpot:AccessToken"] = "hubspot-token",
            ["Handoff:HubSpot:ApiBaseUrl"] = hubspot.Url + "/",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return RunningHost.StartAsync(settings: settings);
    }

    /// <summary>Waits until the expected write-backs are queued and none is pending.</summary>
    internal static Task WriteBacksSettledAsync(RunningHost host, int expected) =>
        Eventually.HoldsAsync(() =>
        {
            var rows = StoreRows.Outbox(Path.Combine(host.Folder, "handoff.db")).Where(r => r.Channel == HubSpotWriteBack.Channel).ToList();
            return rows.Count == expected && rows.All(r => r.DeliveredAt is not null);
        }, $"{expected} write-backs delivered or given up");

    internal static List<(string Method, string Path, string? Body)> Requests(WireMockServer hubspot, string method, string path) =>
        [.. hubspot.LogEntries
            .Where(e => e.RequestMessage!.Method == method && e.RequestMessage!.Path == path)
            .Select(e => (e.RequestMessage!.Method, e.RequestMessage!.Path, e.RequestMessage!.Body))];

    /// <summary>HubSpot's owners, two pages: every member of the sample playbook, and one owner it does not map (9999).</summary>
    internal static void Owners(WireMockServer hubspot, string lastPage = "owners-page-2.response.json")
    {
        Json(hubspot, Request.Create().WithPath("/crm/v3/owners").UsingGet(), "owners-page-1.response.json");
        hubspot.Given(Request.Create().WithPath("/crm/v3/owners").WithParam("after", "18").UsingGet().WithHeader("Authorization", "Bearer hubspot-token")).AtPriority(5)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(HubSpotFixture(lastPage)));
    }

    private static string HubSpotFixture(string name) => HubSpotRequests.Fixture(Path.Combine("hubspot", name));

    private static void Json(WireMockServer hubspot, IRequestBuilder request, string fixture, int status = 200) =>
        hubspot.Given(request.WithHeader("Authorization", "Bearer hubspot-token")).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(HubSpotFixture(fixture)));
}
