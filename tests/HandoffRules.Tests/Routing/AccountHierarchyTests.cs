using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

/// <summary>Accounts from an account book, subsidiaries and the territory or segment an account sets.</summary>
public sealed class AccountHierarchyTests
{
    private static readonly Router Book = Router.Compile(TestPlaybooks.Small(p => p.AccountsFrom("accounts.csv"), new Dictionary<string, string>
    {
        ["accounts.csv"] = """
            account,domains,owner,parent,segment,territory
            Globex,globex.com,ana,,,
            Globex Europe,globex.eu,,Globex,,
            Globex Paris,globex.fr,,Globex Europe,Small,UK
            Initech,initech.com,ben,Globex,,
            """,
    }));

    [Fact]
    public void A_subsidiary_without_an_owner_goes_to_the_nearest_ancestor_with_one_and_the_trace_says_so()
    {
        var trace = new DecisionTrace();
        var decision = Book.Route(TestPlaybooks.Lead() with { Domain = "globex.fr" }, Book.NewState(), trace);

        Assert.Equal(("Globex Paris", "Accounts", "ana"), (decision.Account!.Name, decision.Route!.Name, decision.Member!.Id));
        var step = Assert.Single(trace.Steps, s => s.Stage == TraceStage.Account);
        Assert.Equal(("Globex Paris", "domain globex.fr, owner ana (from parent account 'Globex'); accounts.csv line 4"), (step.Subject, step.Detail));
    }

    [Fact]
    public void A_subsidiary_with_its_own_owner_keeps_it()
    {
        var decision = Book.Route(TestPlaybooks.Lead() with { Domain = "initech.com" }, Book.NewState());

        Assert.Equal(("Initech", "ben"), (decision.Account!.Name, decision.Member!.Id));
    }

    [Fact]
    public void An_account_that_sets_a_territory_and_segment_routes_its_leads_as_them()
    {
        var trace = new DecisionTrace();
        var decision = Book.Route(TestPlaybooks.Lead() with { Domain = "globex.fr", Country = "US", State = "NY", Employees = 5000 }, Book.NewState(), trace);

        Assert.Equal(("UK", "Small"), (decision.Territory!.Name, decision.Segment!.Name));
        Assert.Contains(trace.Steps, s => s is { Stage: TraceStage.Territory, Subject: "UK" } && s.Detail == "set by account 'Globex Paris' (US-NY)");
        Assert.Contains(trace.Steps, s => s is { Stage: TraceStage.Segment, Subject: "Small" } && s.Detail == "set by account 'Globex Paris' (5000 employees)");
    }
}
