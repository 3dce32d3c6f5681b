using Acme.Rules;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace HandoffRules.Host.Tests;

/// <summary>
/// Members are HubSpot owners: resolved by e-mail through the owners API (every page) when the
/// host starts, against an HTTP-level stub of HubSpot answering with recorded owner pages.
/// </summary>
public sealed class HubSpotOwnerTests
{
    [Fact]
    public async Task A_member_HubSpot_does_not_know_stops_the_start_with_an_error_naming_it()
    {
        using var hubspot = HubSpotWriteBackTests.Stub();
        hubspot.Given(Request.Create().WithPath("/crm/v3/owners").WithParam("after", "18").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(
                HubSpotRequests.Fixture(Path.Combine("hubspot", "owners-page-2-without-two-members.response.json"))));

        var error = await Assert.ThrowsAsync<HostStartException>(() => HubSpotWriteBackTests.StartAsync(hubspot));

        Assert.Contains("HubSpot knows no owner for 2 member(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'isabel.fernandez' (no HubSpot owner has its playbook e-mail)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'fatima.haddad'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("maya.chen", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("@", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owner_ids_mapped_directly_need_no_lookup_and_are_written_back()
    {
        using var hubspot = HubSpotWriteBackTests.Stub();
        var acme = new AcmePlaybook().Build();
        // Two members HubSpot's list lacks are mapped by id, so nothing needs their e-mail.
        var playbook = acme with
        {
            HubSpot = acme.HubSpot! with
            {
                Owners = [new HubSpotOwner("maya.chen", "4242", null), new HubSpotOwner("isabel.fernandez", "4343", null), new HubSpotOwner("fatima.haddad", "4444", null)],
            },
        };
        hubspot.Given(Request.Create().WithPath("/crm/v3/owners").WithParam("after", "18").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(
                HubSpotRequests.Fixture(Path.Combine("hubspot", "owners-page-2-without-two-members.response.json"))));
        await using var host = await RunningHost.StartAsync(playbook, new Dictionary<string, string?>
        {
            ["Handoff:HubSpot:AccessToken"] = "hubspot-token",
            ["Handoff:HubSpot:ApiBaseUrl"] = hubspot.Url + "/",
        });
        using var client = host.Client();

        await client.SendAsync(HubSpotRequests.Post(host.BaseAddress, HubSpotRequests.Fixture("workflow-webhook-contact.json")));
        await HubSpotWriteBackTests.WriteBacksSettledAsync(host, expected: 2);

        var update = Assert.Single(HubSpotWriteBackTests.Requests(hubspot, "PATCH", "/crm/v3/objects/contacts/512001"));
        Assert.Contains("\"hubspot_owner_id\":\"4242\"", update.Body, StringComparison.Ordinal);
        Assert.Equal(2, HubSpotWriteBackTests.Requests(hubspot, "GET", "/crm/v3/owners").Count);
    }

    [Fact]
    public async Task HubSpot_unreachable_at_start_up_does_not_stop_the_host()
    {
        using var hubspot = HubSpotWriteBackTests.Stub();
        hubspot.Given(Request.Create().WithPath("/crm/v3/owners").WithParam("limit", "100").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(502));

        await using var host = await HubSpotWriteBackTests.StartAsync(hubspot);

        Assert.Contains(host.Logs, l => l.Contains("HubSpot owners could not be read at start-up", StringComparison.Ordinal));
    }
}
