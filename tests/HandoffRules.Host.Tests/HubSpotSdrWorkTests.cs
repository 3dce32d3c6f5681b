using System.Globalization;
using System.Net;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;

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
}
