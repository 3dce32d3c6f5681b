using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// Two hosts on one PostgreSQL database: the account owners one host refreshed from HubSpot are the
/// owners the other routes by, though that host cannot reach HubSpot itself.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedAccountOwnerTests(PostgresServer server)
{
    [SkippableFact]
    public async Task A_refresh_recorded_by_one_host_routes_the_other_hosts_leads()
    {
        server.SkipIfUnavailable();
        var connection = await server.CreateDatabaseAsync();
        using var store = new PostgresHandoffStore(connection, durableCommits: false);
        await store.InitializeAsync(CancellationToken.None);
        using var reachable = AccountOwnerRefreshTests.Stub(companies: true);
        using var unreachable = AccountOwnerRefreshTests.Stub(companies: false);

        await using var refreshing = await StartAsync(reachable, connection);
        await Eventually.HoldsAsync(() => store.GetEventsAsync("", null, null, CancellationToken.None).GetAwaiter().GetResult()
            .Any(e => e.Type == HandoffEventTypes.AccountOwnersRefreshed && e.Data["owners"]!.AsArray().Count == 1), "the first host's refresh recorded");
        await using var other = await StartAsync(unreachable, connection);
        await Eventually.HoldsAsync(() => other.Logs.Any(l => l.Contains("Account owners could not be refreshed from HubSpot", StringComparison.Ordinal)), "the second host's own refresh failed");

        File.AppendAllText(Path.Combine(other.Folder, "leads.jsonl"),
            Leads.Line(Leads.DemoRequest("G1", DateTimeOffset.UtcNow) with { Email = "g1@globex.com", LastName = "G1", Company = "Globex" }) + "\n");
        await Eventually.HoldsAsync(() => store.GetLeadAsync("G1", CancellationToken.None).GetAwaiter().GetResult() is not null, "the second host routed G1");

        var lead = (await store.GetLeadAsync("G1", CancellationToken.None))!;
        Assert.Equal("maya.chen", lead.Member);
        Assert.Contains("owner maya.chen from HubSpot (owner 9001, refreshed ", lead.Trace, StringComparison.Ordinal);
    }

    private static Task<RunningHost> StartAsync(WireMock.Server.WireMockServer hubspot, string connection) =>
        RunningHost.StartAsync(AccountOwnerRefreshTests.Refreshing(), new Dictionary<string, string?>
        {
            ["Handoff:Store"] = "postgres",
            ["Handoff:ConnectionStrings:Postgres"] = connection,
            ["Handoff:Follow"] = "true",
            ["Handoff:HubSpot:AccessToken"] = "hubspot-token",
            ["Handoff:HubSpot:ApiBaseUrl"] = hubspot.Url + "/",
        }, input: []);
}
