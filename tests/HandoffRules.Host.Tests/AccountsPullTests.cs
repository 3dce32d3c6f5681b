using HandoffRules.Cli.Accounts;
using HandoffRules.Host.Tests.Support;
using Acme.Rules;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>
/// <c>handoff accounts pull --hubspot</c>, the real command in its own process, against an HTTP-level
/// stub of HubSpot: two pages of companies, the first answered 429 with Retry-After once, and the
/// owners list the host reads. The book on disk changes by the owner cells that changed only.
/// </summary>
public sealed class AccountsPullTests : IDisposable
{
    private const string TokenVariable = "HANDOFF_TEST_HUBSPOT_TOKEN";

    // CRLF, a quoted name, segment and territory overrides and a team-added account: all kept.
    private const string Book =
        "account,domains,owner,parent,segment,territory\r\n" +
        "Soylent,soylent.com;soylent.de,maya.chen,,Enterprise,\r\n" +
        "Soylent Europe,soylent.eu,,Soylent,,Europe\r\n" +
        "\"Hooli, Inc.\",hooli.com,ryan.mitchell,,,\r\n" +
        "Pied Piper,piedpiper.com,fatima.haddad,,,\r\n" +
        "Vandelay,vandelay.com,david.okafor,,,\r\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-pull-").FullName;

    [Fact]
    public async Task Pull_pages_through_a_429_changes_only_the_changed_owner_cell_and_counts_what_it_did_not_take()
    {
        using var hubspot = Stub();
        var book = Path.Combine(_folder, "accounts.csv");
        await File.WriteAllTextAsync(book, Book);

        using var pull = await CliProcess.RunAsync(_folder, ["accounts", "pull", "--hubspot", "--file", "accounts.csv", "--api-url", hubspot.Url + "/", "--token-env", TokenVariable],
            new Dictionary<string, string> { [TokenVariable] = "hubspot-token" });

        var output = string.Join('\n', pull.Output);
        Assert.True(pull.ExitCode == 0, output + string.Join('\n', pull.Error));
        var written = await File.ReadAllTextAsync(book);
        Assert.Equal(
            Book.Replace("Soylent,soylent.com;soylent.de,maya.chen,", "Soylent,soylent.com;soylent.de,david.okafor,", StringComparison.Ordinal) +
            "Stark Industries,stark.com;starkindustries.com;stark.co.uk,isabel.fernandez,Soylent,,\r\n",
            written);
        Assert.Contains("  ~ Soylent: owner maya.chen → david.okafor (HubSpot owner 9131)", output, StringComparison.Ordinal);
        Assert.Contains("  ! company 105 has owner 9999, who maps to no member; account 'Pied Piper' keeps its owner", output, StringComparison.Ordinal);
        Assert.Contains("  ! company 104 has no domain", output, StringComparison.Ordinal);
        Assert.Contains("  ! company 107 has the name or a domain of company 101", output, StringComparison.Ordinal);
        Assert.Contains(
            "accounts.csv: 1 owner(s) changed, 1 account(s) added, 2 unchanged, 1 not in HubSpot (kept as written). " +
            "Not taken: 1 with an owner no member maps to, 1 without an owner, 1 without a domain, 1 duplicate(s).", output, StringComparison.Ordinal);
        Assert.Contains("HubSpot: 8 companies in 2 page(s); waited 2 time(s) for HubSpot's rate limit", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hubspot-token", output + string.Join('\n', pull.Error), StringComparison.Ordinal);

        // The 429's Retry-After (1 s) was waited out before the page was asked for again.
        var firstPage = hubspot.LogEntries
            .Where(e => e.RequestMessage!.Path == "/crm/v3/objects/companies" && !e.RequestMessage.Query!.ContainsKey("after"))
            .OrderBy(e => e.RequestMessage!.DateTime).ToList();
        Assert.Equal([429, 200], firstPage.Select(e => Convert.ToInt32(e.ResponseMessage!.StatusCode ?? 200, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(firstPage[1].RequestMessage!.DateTime - firstPage[0].RequestMessage!.DateTime >= TimeSpan.FromSeconds(0.95));

        // The written book passes the checks 'handoff check' runs, with the sample playbook's members.
        Assert.Empty(AccountBookCheck.Errors(new AcmePlaybook().Build(), "accounts.csv", written));

        // A second pull finds nothing to change: the book is HubSpot's now, and a dry run says so.
        using var again = await CliProcess.RunAsync(_folder, ["accounts", "pull", "--hubspot", "--file", "accounts.csv", "--dry-run", "--api-url", hubspot.Url + "/", "--token-env", TokenVariable],
            new Dictionary<string, string> { [TokenVariable] = "hubspot-token" });
        Assert.Contains("Dry run: the book is up to date.", again.Output);
        Assert.Equal(written, await File.ReadAllTextAsync(book));
    }

    [Fact]
    public async Task A_dry_run_prints_the_changes_and_writes_nothing_and_a_missing_token_names_the_variable()
    {
        using var hubspot = Stub();
        var book = Path.Combine(_folder, "accounts.csv");
        await File.WriteAllTextAsync(book, Book);

        using var dry = await CliProcess.RunAsync(_folder, ["accounts", "pull", "--hubspot", "--file", "accounts.csv", "--dry-run", "--api-url", hubspot.Url + "/", "--token-env", TokenVariable],
            new Dictionary<string, string> { [TokenVariable] = "hubspot-token" });
        using var tokenless = await CliProcess.RunAsync(_folder, ["accounts", "pull", "--hubspot", "--file", "accounts.csv", "--api-url", hubspot.Url + "/", "--token-env", TokenVariable]);

        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("  ~ Soylent: owner maya.chen → david.okafor (HubSpot owner 9131)", dry.Output);
        Assert.Contains(dry.Output, l => l.StartsWith("Dry run: ", StringComparison.Ordinal) && l.EndsWith("accounts.csv not written.", StringComparison.Ordinal));
        Assert.Equal(Book, await File.ReadAllTextAsync(book));
        Assert.Equal(1, tokenless.ExitCode);
        Assert.Contains($"error: no HubSpot access token: set the environment variable {TokenVariable}", string.Join('\n', tokenless.Error), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>HubSpot's owners, and its companies in two pages; the first page is refused once with 429 and Retry-After: 1.</summary>
    internal static WireMockServer Stub()
    {
        var hubspot = WireMockServer.Start();
        HubSpotWriteBackTests.Owners(hubspot);
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/companies").UsingGet().WithHeader("Authorization", "Bearer hubspot-token"))
            .InScenario("companies").WillSetStateTo("limited").AtPriority(5)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithHeader("Content-Type", "application/json")
                .WithBody(HubSpotRequests.Fixture(Path.Combine("hubspot", "rate-limited.response.json"))));
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/companies").UsingGet().WithHeader("Authorization", "Bearer hubspot-token"))
            .InScenario("companies").WhenStateIs("limited").AtPriority(5)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
                // The 10-second budget is spent: the next page waits the interval rather than take a 429.
                .WithHeader("X-HubSpot-RateLimit-Remaining", "0").WithHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "200")
                .WithBody(HubSpotRequests.Fixture(Path.Combine("hubspot", "companies-page-1.response.json"))));
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/companies").WithParam("after", "104").UsingGet().WithHeader("Authorization", "Bearer hubspot-token"))
            .AtPriority(1)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
                .WithBody(HubSpotRequests.Fixture(Path.Combine("hubspot", "companies-page-2.response.json"))));
        return hubspot;
    }
}
