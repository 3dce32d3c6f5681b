using HandoffRules.Intake;
using HandoffRules.Testing;
using Xunit.Sdk;

namespace Acme.Rules.Tests;

/// <summary>The assertions HandoffRules.Testing gives a team, on the sample playbook: they pass on the policy and name the decision when it breaks.</summary>
public sealed class RoutingAssertTests
{
    private static readonly LeadInput GermanDemo = new()
    {
        Id = "demo-de",
        Email = "jana.keller@example-industrie.de",
        FirstName = "Jana",
        LastName = "Keller",
        Company = "Example Industrie",
        Country = "DE",
        Employees = "120",
        Source = "demo_request",
    };

    [Fact]
    public void A_lead_goes_to_the_queue_the_policy_names()
    {
        var decision = RoutingAssert.GoesTo(AcmeLeads.Playbook, GermanDemo, "DACH Commercial");

        Assert.Equal("DACH commercial", decision.Route);
    }

    [Fact]
    public void A_lead_that_goes_elsewhere_fails_naming_where_and_by_which_route()
    {
        var failure = Assert.Throws<XunitException>(() => RoutingAssert.GoesTo(AcmeLeads.Playbook, GermanDemo, "EMEA Enterprise"));

        Assert.Equal("Lead demo-de should go to queue 'EMEA Enterprise' but went to 'DACH Commercial' by route 'DACH commercial'.", failure.Message);
    }

    [Fact]
    public void Leads_reaching_the_fallback_from_a_territory_are_listed()
    {
        var playbook = AcmeLeads.Playbook with { Routes = [.. AcmeLeads.Playbook.Routes.Where(r => r.Name != "Latin America")] };

        RoutingAssert.NoLeadReachesTheFallbackFrom(AcmeLeads.Baseline.Where(d => d.Fallback != "missing_context"), "LATAM");
        var failure = Assert.Throws<XunitException>(() => RoutingAssert.NoLeadReachesTheFallbackFrom(AcmeLeads.Route(playbook), "LATAM"));

        Assert.Matches(@"^\d+ lead\(s\) from territory 'LATAM' reached the fallback:\n  L\d+: went to the fallback queue 'Lead Triage' \(no_route_matched\)", failure.Message);
    }

    [Fact]
    public void Rules_no_lead_reaches_are_listed()
    {
        RoutingAssert.EveryRuleIsReached(AcmeLeads.Leads.Coverage());
        var playbook = AcmeLeads.Playbook with
        {
            Routes = [.. AcmeLeads.Playbook.Routes, AcmeLeads.Playbook.Routes[3] with { Name = "Copy of North America enterprise" }],
        };

        var failure = Assert.Throws<XunitException>(() => RoutingAssert.EveryRuleIsReached(new SeededLeads(playbook, AcmeLeads.Count, AcmeLeads.Seed).Coverage()));

        Assert.StartsWith("1 rule(s) no generated lead reached:\n  route 'Copy of North America enterprise'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_that_moves_leads_fails_MovesNothing_with_the_summary()
    {
        RoutingAssert.MovesNothing(AcmeLeads.Leads.Plan(AcmeLeads.Playbook));

        var failure = Assert.Throws<XunitException>(() => RoutingAssert.MovesNothing(AcmeLeads.Leads.Plan(AcmeLeads.WithRoute("Latin America", r => r with { Queue = "NA Velocity" }))));

        Assert.Contains("LATAM -> NA Velocity", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_a_route_the_playbook_does_not_have_names_the_routes_it_has() =>
        Assert.Contains("no route 'Latin Amerika'", Assert.Throws<ArgumentException>(() => AcmeLeads.WithRoute("Latin Amerika", r => r)).Message, StringComparison.Ordinal);
}
