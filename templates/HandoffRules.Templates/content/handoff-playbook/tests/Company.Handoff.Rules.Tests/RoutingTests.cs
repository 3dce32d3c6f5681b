using HandoffRules.Intake;
using HandoffRules.Testing;

namespace Company.Handoff.Rules.Tests;

/// <summary>The policy in plain sentences: where a lead goes, and what must never happen.</summary>
public sealed class RoutingTests
{
    private static SeededLeads Leads => RoutingSnapshotTests.Leads;

    [Fact]
    public void A_demo_request_from_a_large_German_company_goes_to_Europe() =>
        RoutingAssert.GoesTo(Leads.Playbook, new LeadInput
        {
            Id = "demo-1",
            Email = "jana.keller@example-industrie.de",
            FirstName = "Jana",
            LastName = "Keller",
            Company = "Example Industrie",
            Country = "DE",
            Employees = "1200",
            Source = "demo_request",
        }, "Europe");

    [Fact]
    public void No_generated_lead_from_North_America_reaches_the_fallback_unless_data_is_missing() =>
        RoutingAssert.NoLeadReachesTheFallbackFrom(Leads.Decisions.Where(d => d.Fallback != "missing_context"), "North America");

    [Fact]
    public void Every_route_is_reached_by_some_generated_lead() =>
        RoutingAssert.EveryRuleIsReached(Leads.Coverage());
}
