using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Simulation.Review;

namespace Acme.Rules.Tests;

/// <summary>
/// <c>plan</c> sees every field a policy change can move, says why a group of leads moved, and keeps
/// member reshuffles (a side effect of distribution) apart from policy changes.
/// </summary>
public sealed class PlanExplainsTests
{
    // Oregon moves from NA West to NA Central: every North America route claims both, so no queue changes.
    private static PlaybookModel OregonToCentral() => AcmeLeads.Playbook with
    {
        Territories = [.. AcmeLeads.Playbook.Territories.Select(t => t.Name switch
        {
            "NA West" => t with { Claims = [.. t.Claims.Where(c => c.Region != "OR")] },
            "NA Central" => t with { Claims = [.. t.Claims, new TerritoryClaim("US", "OR", null)] },
            _ => t,
        })],
    };

    [Fact]
    public void A_territory_only_change_is_a_change_and_names_the_territories()
    {
        var playbook = OregonToCentral();
        var plan = RoutingPlan.Compare(AcmeLeads.Baseline, AcmeLeads.Route(playbook), playbook);

        // By hand: the routed leads of Oregon that were in NA West are now in NA Central.
        var oregon = AcmeLeads.Route(playbook).Where(r => r.Territory == "NA Central").Select(r => r.LeadId)
            .Intersect(AcmeLeads.Baseline.Where(r => r.Territory == "NA West").Select(r => r.LeadId)).Count();
        Assert.True(oregon > 0);
        Assert.True(plan.HasChanges);
        Assert.Empty(plan.Moves);
        var territory = Assert.Single(plan.FieldChanges, f => f.Field == "territory");
        Assert.Equal(oregon, territory.Leads);
        Assert.Equal([new ValueChange("NA West", "NA Central", oregon)], territory.Top);
        Assert.DoesNotContain(plan.FieldChanges, f => f.Field == "queue");
        Assert.Equal(oregon, plan.PolicyChanges);
        // One group per destination, each naming the territory change and keeping its destination.
        Assert.Equal(oregon, plan.Groups.Sum(g => g.Leads));
        Assert.All(plan.Groups, g => Assert.Equal(["territory NA West → NA Central"], g.Changes));
        Assert.All(plan.Groups, g => Assert.False(g.Moves));
        Assert.All(plan.Groups, g => Assert.StartsWith("their territory is now NA Central (was NA West)", g.Why, StringComparison.Ordinal));
        Assert.Contains($"{oregon} more change without moving (territory {oregon})", plan.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_of_moves_says_what_its_leads_share_and_which_rule_no_longer_takes_them()
    {
        var playbook = AcmeLeads.WithRoute("North America small business", r => r with { Territories = [.. r.Territories.Where(t => t != "Canada")] });
        var plan = RoutingPlan.Compare(AcmeLeads.Baseline, AcmeLeads.Route(playbook), playbook);

        var expected = AcmeLeads.Baseline.Count(r => r.Route == "North America small business" && r.Territory == "Canada");
        var group = Assert.Single(plan.Groups, g => g.FromRule == "North America small business");
        Assert.Equal(expected, group.Leads);
        Assert.Contains(new Trait("territory", "Canada"), group.Common);
        Assert.Contains(new Trait("segment", "SMB"), group.Common);
        Assert.Equal("fallback", group.ToRule);
        Assert.Contains("route 'North America small business' no longer claims Canada", group.Why, StringComparison.Ordinal);
        Assert.Contains("they now reach the fallback", group.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_placed_earlier_takes_leads_first_and_the_plan_says_so()
    {
        var copy = AcmeLeads.Playbook.Routes.Single(r => r.Name == "Latin America") with { Name = "LATAM first", Queue = "NA Velocity" };
        var playbook = AcmeLeads.Playbook with { Routes = [copy, .. AcmeLeads.Playbook.Routes] };
        var plan = RoutingPlan.Compare(AcmeLeads.Baseline, AcmeLeads.Route(playbook), playbook);

        var group = Assert.Single(plan.Groups, g => g.FromRule == "Latin America");
        Assert.Contains("route 'LATAM first' comes earlier and now claims them", group.Why, StringComparison.Ordinal);
        Assert.Contains(new Trait("territory", "LATAM"), group.Common);
    }

    [Fact]
    public void Member_reshuffles_are_distribution_effects_not_policy_changes()
    {
        var playbook = AcmeLeads.WithRoute("Latin America", r => r with { Queue = "NA Velocity" });
        var plan = RoutingPlan.Compare(AcmeLeads.Baseline, AcmeLeads.Route(playbook), playbook);

        // By hand: the route's leads, and the duplicates of them, which follow their original to its queue.
        var moved = AcmeLeads.Baseline.Count(r => r.Queue == "LATAM");
        Assert.Equal(moved, plan.PolicyChanges);
        Assert.True(plan.MemberChanges > 0, "NA Velocity's round robin shifts once LATAM leads join it");
        Assert.DoesNotContain(plan.Groups, g => g.Changes.Any(c => c.StartsWith("member", StringComparison.Ordinal)));
        Assert.Equal(plan.MemberChanges, plan.DistributionMoves.Count);
        Assert.All(plan.DistributionMoves, m => Assert.NotEqual(m.FromMember, m.ToMember));
    }

    [Fact]
    public void A_deadline_change_alone_is_a_change_of_its_own_kind()
    {
        var playbook = AcmeLeads.Playbook with
        {
            Slas = [.. AcmeLeads.Playbook.Slas.Select(s => s with { Within = s.Within + TimeSpan.FromHours(1) })],
        };
        var plan = RoutingPlan.Compare(AcmeLeads.Baseline, AcmeLeads.Route(playbook), playbook);

        Assert.True(plan.HasChanges);
        Assert.Empty(plan.Moves);
        Assert.Contains(plan.FieldChanges, f => f.Field == "first_touch_due" && f.Leads > 0);
    }
}
