using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace HandoffRules.Host.Tests;

/// <summary>SDR work done in HubSpot comes back as SDR actions; the host's own writes do not.</summary>
public sealed class HubSpotSdrWorkTests
{
    [Fact]
    public async Task A_status_set_by_a_person_in_HubSpot_becomes_the_SDR_action_and_the_hosts_own_write_is_no_action()
    {
        using var hubspot = HubSpotWriteBackTests.Stub();
        await using var host = await HubSpotWriteBackTests.StartAsync(hubspot);
        using var client = host.Client();
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("workflow-webhook-contact.json")));
        await HubSpotWriteBackTests.WriteBacksSettledAsync(host, expected: 2);
        var events = HubSpotRequests.Fixture(Path.Combine("hubspot", "status-change-events.json"))
            .Replace("\"occurredAt\": 0", "\"occurredAt\": " + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var response = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, events));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lead = await host.Store.GetLeadAsync("hubspot-512001", CancellationToken.None);
        Assert.Equal("Attempting", lead!.Status);
        var logged = await host.Store.GetEventsAsync("hubspot-512001", null, null, CancellationToken.None);
        var touch = Assert.Single(logged, e => e.Type == HandoffEventTypes.Touched);
        Assert.Equal("maya.chen", (string?)touch.Data["by"]);
        var echo = Assert.Single(logged, e => e.Type == HandoffEventTypes.PropertyChanged);
        Assert.Equal(("NEW", true), ((string?)echo.Data["value"], (bool?)echo.Data["echo"]));
        Assert.Equal(1, (await host.Store.CountAsync(CancellationToken.None)).ActionsApplied);
    }

    [Fact]
    public async Task An_owner_set_by_a_person_in_HubSpot_is_a_reassignment_to_the_mapped_member_and_the_hosts_own_owner_write_is_no_action()
    {
        using var hubspot = HubSpotWriteBackTests.Stub();
        await using var host = await HubSpotWriteBackTests.StartAsync(hubspot);
        var meters = host.App.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var reassigned = new MetricCollector<long>(meters, HandoffRules.Host.Telemetry.HandoffMetrics.MeterName, "handoff.leads.reassigned");
        using var client = host.Client();
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("workflow-webhook-contact.json")));
        await HubSpotWriteBackTests.WriteBacksSettledAsync(host, expected: 2);

        // 9001 is maya.chen, whom the host wrote; 9101 is olivia.bennett, set by a person.
        var response = await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, Changes(
            (1843200001, "hubspot_owner_id", "9001", "INTEGRATION"),
            (1843200002, "hubspot_owner_id", "9101", "CRM_UI"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lead = await host.Store.GetLeadAsync("hubspot-512001", CancellationToken.None);
        Assert.Equal("olivia.bennett", lead!.Member);
        var logged = await host.Store.GetEventsAsync("hubspot-512001", null, null, CancellationToken.None);
        var moved = Assert.Single(logged, e => e.Type == HandoffEventTypes.Reassigned);
        Assert.Equal(("olivia.bennett", "maya.chen", "hubspot", "owner changed in HubSpot"),
            (moved.Text("member"), moved.Text("from_member"), moved.Text("via"), moved.Text("reason")));
        var echo = Assert.Single(logged, e => e.Type == HandoffEventTypes.PropertyChanged);
        Assert.Equal(("9001", true), ((string?)echo.Data["value"], (bool?)echo.Data["echo"]));
        Assert.Equal("hubspot", (string?)Assert.Single(reassigned.GetMeasurementSnapshot()).Tags["via"]);

        // The new owner's write-back is HubSpot's value again, and its echo is no second reassignment.
        await HubSpotWriteBackTests.WriteBacksSettledAsync(host, expected: 3);
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, Changes((1843200003, "hubspot_owner_id", "9101", "INTEGRATION"))));
        Assert.Single(await host.Store.GetEventsAsync("hubspot-512001", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.Reassigned);
    }

    [Fact]
    public async Task An_owner_the_playbook_does_not_map_is_dead_lettered_naming_the_owner()
    {
        using var hubspot = HubSpotWriteBackTests.Stub();
        await using var host = await HubSpotWriteBackTests.StartAsync(hubspot);
        using var client = host.Client();
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("workflow-webhook-contact.json")));
        await HubSpotWriteBackTests.WriteBacksSettledAsync(host, expected: 2);

        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, Changes(
            (1843200011, "hubspot_owner_id", "9999", "CRM_UI"),
            (1843200012, "hubspot_owner_id", "123456", "CRM_UI"))));

        var reasons = (await host.Store.GetDeadLettersAsync(CancellationToken.None)).Select(d => d.Reason).ToList();
        Assert.Contains(reasons, r => r.Contains("owner 9999, a HubSpot user the playbook does not map to a member", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("owner 123456, an owner id HubSpot did not list when the host started", StringComparison.Ordinal));
        Assert.Equal(2, (await host.Store.CountAsync(CancellationToken.None)).DeadLettered);
        Assert.Equal("maya.chen", (await host.Store.GetLeadAsync("hubspot-512001", CancellationToken.None))!.Member);
    }

    [Fact]
    public async Task A_reason_set_in_HubSpot_after_or_before_the_status_makes_the_reject_with_that_reason_and_an_unknown_reason_is_named()
    {
        using var hubspot = HubSpotWriteBackTests.Stub();
        await using var host = await HubSpotWriteBackTests.StartAsync(hubspot);
        using var client = host.Client();
        var contact = HubSpotRequests.Fixture("workflow-webhook-contact.json");
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, contact));
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, contact.Replace("512001", "512002", StringComparison.Ordinal).Replace("Northwind", "Contoso", StringComparison.Ordinal)));
        await HubSpotWriteBackTests.WriteBacksSettledAsync(host, expected: 4);

        // Contact 512001: the status first, its reason in a later delivery.
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, Changes((1843200021, "hs_lead_status", "UNQUALIFIED", "CRM_UI"))));
        Assert.Equal("New", (await host.Store.GetLeadAsync("hubspot-512001", CancellationToken.None))!.Status);
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, Changes((1843200022, "handoff_reject_reason", "NO_BUDGET", "CRM_UI"))));

        // Contact 512002: an unknown reason, then a known one and the status in one delivery.
        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, Changes(
            (1843200031, "handoff_reject_reason", "TOO_EXPENSIVE", "CRM_UI", 512002),
            (1843200032, "handoff_reject_reason", "NO_NEED", "CRM_UI", 512002),
            (1843200033, "hs_lead_status", "UNQUALIFIED", "CRM_UI", 512002))));

        foreach (var (id, reason) in new[] { ("hubspot-512001", "NO_BUDGET"), ("hubspot-512002", "NO_NEED") })
        {
            Assert.Equal("Rejected", (await host.Store.GetLeadAsync(id, CancellationToken.None))!.Status);
            var rejected = Assert.Single(await host.Store.GetEventsAsync(id, null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.Rejected);
            Assert.Equal((reason, "hubspot"), (rejected.Text("reason"), rejected.Text("via")));
        }

        var dead = Assert.Single(await host.Store.GetDeadLettersAsync(CancellationToken.None));
        Assert.Contains("to 'TOO_EXPENSIVE', which is neither a reject nor a recycle reason of the playbook", dead.Reason, StringComparison.Ordinal);
    }

    /// <summary>A delivery of contact.propertyChange events, in the shape HubSpot sends (see status-change-events.json).</summary>
    internal static string Changes(params (long EventId, string Property, string Value, string ChangeSource)[] changes) =>
        Changes([.. changes.Select(c => (c.EventId, c.Property, c.Value, c.ChangeSource, 512001L))]);

    internal static string Changes(params (long EventId, string Property, string Value, string ChangeSource, long ContactId)[] changes)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return new JsonArray([.. changes.Select(c => (JsonNode)new JsonObject
        {
            ["eventId"] = c.EventId,
            ["subscriptionId"] = 2210002,
            ["portalId"] = 62515,
            ["appId"] = 1160452,
            ["occurredAt"] = now,
            ["subscriptionType"] = "contact.propertyChange",
            ["attemptNumber"] = 0,
            ["objectId"] = c.ContactId,
            ["propertyName"] = c.Property,
            ["propertyValue"] = c.Value,
            ["changeSource"] = c.ChangeSource,
            ["sourceId"] = c.ChangeSource == "INTEGRATION" ? "1160452" : "userId:7001",
        })]).ToJsonString();
    }
}
