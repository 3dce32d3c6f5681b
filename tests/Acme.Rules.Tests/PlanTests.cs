using HandoffRules.Records;
using HandoffRules.Simulation.Review;

namespace Acme.Rules.Tests;

/// <summary><c>plan</c> against hand-built expectations: it reports exactly the leads that moved.</summary>
public sealed class PlanTests
{
    [Fact]
    public void An_unchanged_playbook_plans_no_changes()
    {
        var plan = RoutingPlan.Compare(AcmeLeads.Baseline, AcmeLeads.Route(AcmeLeads.Playbook), AcmeLeads.Playbook);

        Assert.False(plan.HasChanges);
        Assert.Empty(plan.Moves);
        Assert.Equal($"No changes. {AcmeLeads.Count:N0} leads route exactly as in the baseline.", plan.Summary);
    }

    [Fact]
    public void Sending_one_route_to_another_queue_moves_exactly_that_routes_leads()
    {
        var playbook = AcmeLeads.WithRoute("Latin America", r => r with { Queue = "NA Velocity" });
        var plan = RoutingPlan.Compare(AcmeLeads.Baseline, AcmeLeads.Route(playbook), playbook);

        // By hand: every lead the route took before now goes to NA Velocity, and nothing else moves.
        var expected = AcmeLeads.Baseline.Where(r => r.Route == "Latin America").Select(r => r.LeadId).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, plan.Moves.Select(m => m.LeadId));
        Assert.All(plan.Moves, m => Assert.Equal(("LATAM", "NA Velocity"), (m.From, m.To)));
        Assert.Equal([new MoveCount("LATAM", "NA Velocity", expected.Count)], plan.Matrix);
        Assert.Contains(new LoadChange("LATAM", expected.Count, 0), plan.QueueLoad);
        Assert.Empty(plan.DeadRoutes);
        Assert.StartsWith($"Plan: {expected.Count} of {AcmeLeads.Count:N0} leads move", plan.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Widening_a_route_takes_the_leads_of_the_routes_it_now_shadows_and_they_go_dead()
    {
        var playbook = AcmeLeads.WithRoute("North America enterprise", r => r with { Segments = [] });
        var plan = RoutingPlan.Compare(AcmeLeads.Baseline, AcmeLeads.Route(playbook), playbook);

        var shadowed = new[] { "North America mid-market", "North America small business" };
        var expected = AcmeLeads.Baseline
            .Where(r => shadowed.Contains(r.Route) || (r.Fallback == "no_route_matched" && r.Territory is "NA West" or "NA Central" or "NA East" or "Canada"))
            .Select(r => r.LeadId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, plan.Moves.Select(m => m.LeadId));
        Assert.All(plan.Moves, m => Assert.Equal("NA Enterprise", m.To));
        Assert.Equal(shadowed, plan.DeadRoutes.Order(StringComparer.Ordinal));
        // By hand: the two shadowed routes, the two queues only they fed, and the members only in those queues
        // (Emily Carter still gets leads on the partner desk; Hannah Schultz is inactive and got none before).
        Assert.Equal(
            ["member aisha.johnson", "member diego.morales", "member jordan.kim", "member kevin.nguyen", "member tyler.brooks",
             "queue NA Mid-Market", "queue NA Velocity", "route North America mid-market", "route North America small business"],
            plan.NewlyUnreached.Select(e => $"{e.Kind} {e.Name}").Order(StringComparer.Ordinal));
        Assert.Contains("9 rules newly unreached", plan.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_a_route_sends_its_leads_to_the_fallback()
    {
        var playbook = AcmeLeads.Playbook with { Routes = [.. AcmeLeads.Playbook.Routes.Where(r => r.Name != "Latin America")] };
        var plan = RoutingPlan.Compare(AcmeLeads.Baseline, AcmeLeads.Route(playbook), playbook);

        var expected = AcmeLeads.Baseline.Where(r => r.Route == "Latin America").Select(r => r.LeadId).Order(StringComparer.Ordinal);
        Assert.Equal(expected, plan.NewlyToFallback.Select(m => m.LeadId));
        Assert.Equal(["Latin America"], plan.DeadRoutes);
    }

    [Fact]
    public void Plans_compare_only_the_same_leads()
    {
        Assert.Throws<ArgumentException>(() => RoutingPlan.Compare(AcmeLeads.Baseline, [.. AcmeLeads.Baseline.Skip(1)], AcmeLeads.Playbook));
    }
}
