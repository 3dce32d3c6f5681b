using System.Threading.Channels;
using System.Threading.RateLimiting;
using Acme.Rules;
using HandoffRules.Host.Crm;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Model;
using HandoffRules.Records;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>
/// Account owners refreshed from HubSpot while the host runs, when the playbook allows it: the
/// real host on a real SQLite file, HubSpot stubbed at the HTTP level. The refresh is an event in
/// the log, the router takes the owner from it (and says so in the trace), an owner that maps to no
/// member changes nothing and is logged by id, and a restarted host routes by the refresh it recorded.
/// </summary>
public sealed class AccountOwnerRefreshTests
{
    [Fact]
    public async Task A_refreshed_owner_takes_the_accounts_leads_with_its_source_in_the_trace_and_a_restart_keeps_it()
    {
        var folder = Directory.CreateTempSubdirectory("handoff-owners-").FullName;
        try
        {
            var database = Path.Combine(folder, "handoff.db");
            using (var hubspot = Stub(companies: true))
            {
                await using var host = await StartAsync(hubspot, database, Refreshing());
                var refresh = await RefreshedAsync(host);

                // Globex goes from david.okafor (the book) to maya.chen (HubSpot owner 9001); Fabrikam
                // is maya.chen's already; Initech's owner 9999 maps to no member; Contoso has none.
                var owner = Assert.Single(refresh.Data["owners"]!.AsArray())!;
                Assert.Equal(("Globex", "maya.chen", "9001", "david.okafor"),
                    (owner["account"]!.GetValue<string>(), owner["member"]!.GetValue<string>(), owner["owner_id"]!.GetValue<string>(), owner["was"]!.GetValue<string>()));
                var unmapped = Assert.Single(refresh.Data["unmapped"]!.AsArray())!;
                Assert.Equal(("702", "9999"), (unmapped["company"]!.GetValue<string>(), unmapped["owner_id"]!.GetValue<string>()));
                Assert.Equal((4, 1, 1), (refresh.Data["companies"]!.GetValue<int>(), refresh.Data["unchanged"]!.GetValue<int>(), refresh.Data["no_owner"]!.GetValue<int>()));

                await AppendAsync(host, 2, ("G1", "globex.com"), ("I1", "initech.com"));

                var globex = (await host.Store.GetLeadAsync("G1", CancellationToken.None))!;
                Assert.Equal("maya.chen", globex.Member);
                Assert.Contains("owner maya.chen from HubSpot (owner 9001, refreshed ", globex.Trace, StringComparison.Ordinal);
                var initech = (await host.Store.GetLeadAsync("I1", CancellationToken.None))!;
                Assert.Equal("ryan.mitchell", initech.Member);
                Assert.Contains("owner ryan.mitchell from the playbook's code", initech.Trace, StringComparison.Ordinal);
                Assert.Contains(host.Logs, l => l.Contains("HubSpot company 702 has owner 9999, who maps to no member", StringComparison.Ordinal));
                Assert.Contains(host.Logs, l => l.Contains("1 owner(s) changed, 1 unchanged, 1 with an owner no member maps to", StringComparison.Ordinal));
                Assert.DoesNotContain(host.Logs, l => l.Contains('@', StringComparison.Ordinal) && l.Contains("HubSpot company", StringComparison.Ordinal));
            }

            // HubSpot down after a restart: the owners recorded stay in effect.
            using (var down = Stub(companies: false))
            {
                await using var restarted = await StartAsync(down, database, Refreshing());
                await Eventually.HoldsAsync(() => restarted.Logs.Any(l => l.Contains("Account owners could not be refreshed from HubSpot", StringComparison.Ordinal)), "the failed refresh logged");
                await AppendAsync(restarted, 3, ("G2", "globex.com"));

                var globex = (await restarted.Store.GetLeadAsync("G2", CancellationToken.None))!;
                Assert.Equal("maya.chen", globex.Member);
                Assert.Contains("from HubSpot (owner 9001, refreshed ", globex.Trace, StringComparison.Ordinal);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_playbook_that_does_not_allow_it_routes_by_its_book_and_never_reads_companies()
    {
        using var hubspot = Stub(companies: true);
        var folder = Directory.CreateTempSubdirectory("handoff-owners-").FullName;
        try
        {
            await using var host = await StartAsync(hubspot, Path.Combine(folder, "handoff.db"), new AcmePlaybook().Build());
            await AppendAsync(host, 1, ("G1", "globex.com"));

            var globex = (await host.Store.GetLeadAsync("G1", CancellationToken.None))!;
            Assert.Equal("david.okafor", globex.Member);
            Assert.DoesNotContain("HubSpot", globex.Trace, StringComparison.Ordinal);
            Assert.Empty(HubSpotWriteBackTests.Requests(hubspot, "GET", "/crm/v3/objects/companies"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_host_without_a_token_says_it_cannot_refresh_and_routes_by_the_book()
    {
        await using var host = await RunningHost.StartAsync(Refreshing(), new Dictionary<string, string?> { ["Handoff:Follow"] = "true" }, input: []);
        await AppendAsync(host, 1, ("G1", "globex.com"));

        Assert.Equal("david.okafor", (await host.Store.GetLeadAsync("G1", CancellationToken.None))!.Member);
        Assert.Contains(host.Logs, l => l.Contains("The playbook lets HubSpot refresh account owners, but the host has no HubSpot access token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refreshes_come_at_start_and_then_once_every_interval_of_the_hosts_clock()
    {
        using var hubspot = Stub(companies: true);
        var start = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var time = new WatchedTime(start);
        var options = Options.Create(new HandoffHostOptions());
        options.Value.HubSpot.AccessToken = "hubspot-token";
        var queue = new HandoffQueue(options);
        using var http = new HttpClient { BaseAddress = new Uri(hubspot.Url + "/") };
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 100 });
        var crm = new HubSpotCrmClient(http, limiter, time);
        var playbook = Refreshing();
        using var refresh = new HubSpotAccountOwnerRefresh(playbook, crm, new HubSpotOwners(playbook, crm), queue, options, time, NullLogger<HubSpotAccountOwnerRefresh>.Instance);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await refresh.StartAsync(stop.Token);
        var first = await TakeAsync(queue, stop.Token);
        await time.TimerCreatedAsync(stop.Token);
        time.Advance(TimeSpan.FromHours(1));
        var second = await TakeAsync(queue, stop.Token);
        await refresh.StopAsync(CancellationToken.None);

        // The second refresh is read an hour of the host's clock later: it waited the playbook's interval.
        Assert.Equal((start, start.AddHours(1)), (first.RefreshedAt, second.RefreshedAt));
        Assert.Equal(CompanyOutcome.Owned, first.Companies.Single(c => c.Company.Id == "701").Outcome);
        Assert.Equal("maya.chen", first.Companies.Single(c => c.Company.Id == "701").MemberId);
    }

    // Takes the next refresh off the processor's queue and answers it as the processor would.
    private static async Task<AccountOwnersWork> TakeAsync(HandoffQueue queue, CancellationToken cancellation)
    {
        var work = Assert.IsType<AccountOwnersWork>(await queue.Reader.ReadAsync(cancellation));
        work.Completion!.SetResult(new WorkResult(WorkStatus.Done, "applied"));
        return work;
    }

    // The host's clock, moved by the test; says when something starts waiting on it.
    private sealed class WatchedTime(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _created.Writer.TryWrite(dueTime);
            return timer;
        }

        public async Task TimerCreatedAsync(CancellationToken cancellation) => await _created.Reader.ReadAsync(cancellation);
    }

    internal static PlaybookModel Refreshing()
    {
        var acme = new AcmePlaybook().Build();
        return acme with { HubSpot = acme.HubSpot! with { AccountOwnerRefresh = TimeSpan.FromHours(1) } };
    }

    internal static WireMockServer Stub(bool companies)
    {
        var hubspot = HubSpotWriteBackTests.Stub();
        var response = companies
            ? Response.Create().WithHeader("Content-Type", "application/json").WithBody(HubSpotRequests.Fixture(Path.Combine("hubspot", "companies-acme.response.json")))
            : Response.Create().WithStatusCode(502);
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/companies").UsingGet().WithHeader("Authorization", "Bearer hubspot-token")).AtPriority(5).RespondWith(response);
        return hubspot;
    }

    private static Task<RunningHost> StartAsync(WireMockServer hubspot, string database, PlaybookModel playbook) =>
        RunningHost.StartAsync(playbook, new Dictionary<string, string?>
        {
            ["Handoff:Database"] = database,
            ["Handoff:Follow"] = "true",
            ["Handoff:HubSpot:AccessToken"] = "hubspot-token",
            ["Handoff:HubSpot:ApiBaseUrl"] = hubspot.Url + "/",
        }, input: []);

    private static async Task<HandoffEvent> RefreshedAsync(RunningHost host)
    {
        HandoffEvent? refresh = null;
        await Eventually.HoldsAsync(() =>
        {
            refresh = host.Store.GetEventsAsync("", null, null, CancellationToken.None).GetAwaiter().GetResult()
                .SingleOrDefault(e => e.Type == HandoffEventTypes.AccountOwnersRefreshed);
            return refresh is not null;
        }, "the refresh recorded");
        return refresh!;
    }

    // Appends demo requests from the given domains and waits until the host has routed `routed` leads in all.
    private static async Task AppendAsync(RunningHost host, int routed, params (string Id, string Domain)[] leads)
    {
        File.AppendAllText(Path.Combine(host.Folder, "leads.jsonl"), string.Join("", leads.Select(l =>
            Leads.Line(Leads.DemoRequest(l.Id, DateTimeOffset.UtcNow) with { Email = $"{l.Id.ToLowerInvariant()}@{l.Domain}", LastName = l.Id, Company = l.Domain }) + "\n")));
        await host.WaitForAsync(c => c.Routed == routed);
    }
}
