using HandoffRules.Simulation.Review;

namespace Acme.Rules.Tests;

public sealed class CoverageTests
{
    [Fact]
    public void The_generated_leads_reach_every_rule_of_the_sample_playbook()
    {
        var coverage = RuleCoverage.Of(AcmeLeads.Playbook, AcmeLeads.Baseline);

        Assert.Empty(coverage.NeverReached);
        Assert.Equal(AcmeLeads.Playbook.Routes.Count + 1, coverage.Entries.Count(e => e.Kind == "route"));
    }

    [Fact]
    public void A_route_nothing_reaches_is_listed_first()
    {
        var playbook = AcmeLeads.Playbook with
        {
            Routes = [.. AcmeLeads.Playbook.Routes, AcmeLeads.Playbook.Routes[3] with { Name = "Copy of North America enterprise" }],
        };
        var coverage = RuleCoverage.Of(playbook, AcmeLeads.Route(playbook));

        var first = coverage.Entries[0];
        Assert.Equal(("route", "Copy of North America enterprise", 0), (first.Kind, first.Name, first.Hits));
        Assert.EndsWith("1 rule was never reached.", coverage.Summary, StringComparison.Ordinal);
    }
}
