using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

/// <summary>
/// Account owners refreshed from the CRM, on top of the account book: a route to the account owner
/// takes the refreshed one (for a subsidiary, its parent's when it takes its parent's owner), and the
/// trace names where every owner came from when the playbook lets the CRM refresh owners.
/// </summary>
public sealed class RefreshedAccountOwnerTests
{
    private static readonly DateTimeOffset RefreshedAt = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private static readonly Router Book = Router.Compile(Refreshing(TestPlaybooks.Small(p => p.AccountsFrom("accounts.csv"), new Dictionary<string, string>
    {
        ["accounts.csv"] = """
            account,domains,owner,parent,segment,territory
            Globex,globex.com,ana,,,
            Globex Europe,globex.eu,,Globex,,
            Initech,initech.com,ben,Globex,,
            """,
    })));

    [Fact]
    public void A_subsidiary_follows_its_parents_refreshed_owner_and_the_trace_says_it_came_from_HubSpot()
    {
        var state = State(new RefreshedOwner("Globex", "cy", "77", RefreshedAt));
        var trace = new DecisionTrace();

        var decision = Book.Route(TestPlaybooks.Lead(at: RefreshedAt.AddHours(1)) with { Domain = "globex.eu" }, state, trace);

        Assert.Equal("cy", decision.Member!.Id);
        var step = Assert.Single(trace.Steps, s => s.Stage == TraceStage.Account);
        Assert.Equal("domain globex.eu, owner cy (from parent account 'Globex') from HubSpot (owner 77, refreshed 2026-11-29 10:00 UTC); accounts.csv line 3", step.Detail);
    }

    [Fact]
    public void A_subsidiary_with_its_own_owner_keeps_it_and_the_trace_names_the_book_line()
    {
        var state = State(new RefreshedOwner("Globex", "cy", "77", RefreshedAt));
        var trace = new DecisionTrace();

        var decision = Book.Route(TestPlaybooks.Lead(at: RefreshedAt.AddHours(1)) with { Domain = "initech.com" }, state, trace);

        Assert.Equal("ben", decision.Member!.Id);
        Assert.Equal("domain initech.com, owner ben from accounts.csv line 4", Assert.Single(trace.Steps, s => s.Stage == TraceStage.Account).Detail);
    }

    [Fact]
    public void Replayed_a_refresh_applies_from_its_own_time_on()
    {
        var state = Book.NewState();
        state.AccountOwners = new AccountOwnerLog(byDecisionTime: true);
        state.AccountOwners.Add(1, new RefreshedOwner("Globex", "cy", "77", RefreshedAt));

        var before = Book.Route(TestPlaybooks.Lead(at: RefreshedAt.AddMinutes(-1)) with { Domain = "globex.com" }, state);
        var after = Book.Route(TestPlaybooks.Lead(at: RefreshedAt.AddMinutes(1)) with { Domain = "globex.com" }, state);

        Assert.Equal(("ana", "cy"), (before.Member!.Id, after.Member!.Id));
    }

    [Fact]
    public void The_playbook_opts_in_with_an_interval_of_a_minute_or_more()
    {
        var playbook = TestPlaybooks.Small(p => p.HubSpot(h => h.RefreshAccountOwners(TimeSpan.FromMinutes(15))));

        Assert.Equal(TimeSpan.FromMinutes(15), playbook.HubSpot!.AccountOwnerRefresh);
        Assert.Null(TestPlaybooks.Small(p => p.HubSpot(h => h.ClearStageToMoveBack())).HubSpot!.AccountOwnerRefresh);
        var refused = Assert.Throws<PlaybookDefinitionException>(() => TestPlaybooks.Small(p => p.HubSpot(h => h.RefreshAccountOwners(TimeSpan.FromSeconds(10)))));
        Assert.Contains("refresh at most once a minute", refused.Message, StringComparison.Ordinal);
    }

    private static DistributionState State(RefreshedOwner owner)
    {
        var state = Book.NewState();
        state.AccountOwners = new AccountOwnerLog(byDecisionTime: false);
        state.AccountOwners.Add(1, owner);
        return state;
    }

    // A complete HubSpot mapping of the small playbook's lifecycle, refreshing account owners.
    private static PlaybookModel Refreshing(PlaybookModel playbook) => playbook with
    {
        HubSpot = new HubSpotMapping(
            HubSpotMapping.LifecycleStageProperty,
            HubSpotMapping.LeadStatusProperty,
            null,
            [.. playbook.Lifecycle.Stages.Select(s => new HubSpotValue(s.Name, s.Name.ToLowerInvariant()))],
            [.. playbook.Lifecycle.Statuses.Select(s => new HubSpotValue(s.Name, s.Name.ToUpperInvariant()))],
            [],
            [],
            ClearStageToMoveBack: true)
        {
            AccountOwnerRefresh = TimeSpan.FromHours(1),
        },
    };
}
