using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

/// <summary>The trace says which step matched a lead's domain: the account's domain, a subdomain, an alias.</summary>
public sealed class AccountDomainTraceTests
{
    private static readonly Router Accounts = Router.Compile(TestPlaybooks.Small(p => p
        .Account("Globex", a => a.Domains("globex.com", "globex-europe.com").Owner("ana"))));

    [Theory]
    [InlineData("globex.com", "domain globex.com, owner ana")]
    [InlineData("eu.globex.com", "domain eu.globex.com (subdomain of globex.com), owner ana")]
    [InlineData("globex-europe.com", "domain globex-europe.com (an alias of globex.com), owner ana")]
    [InlineData("paris.globex-europe.com", "domain paris.globex-europe.com (subdomain of globex-europe.com, an alias of globex.com), owner ana")]
    public void Each_way_a_domain_matches_is_named(string domain, string detail)
    {
        var trace = new DecisionTrace();
        Accounts.Route(TestPlaybooks.Lead() with { Domain = domain }, Accounts.NewState(), trace);

        Assert.Equal(detail, Assert.Single(trace.Steps, s => s.Stage == TraceStage.Account).Detail);
    }
}
