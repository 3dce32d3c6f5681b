using System.Globalization;
using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Simulation.Review;
using Xunit.Sdk;

namespace HandoffRules.Testing;

/// <summary>
/// The assertions a RevOps engineer writes about a playbook, failing with the decision that broke
/// them: where a lead goes, which leads must never reach the fallback, which rules must be reached.
/// </summary>
public static class RoutingAssert
{
    /// <summary>How many offending decisions a failure lists.</summary>
    public const int Shown = 10;

    /// <summary>Routes one lead through the playbook and asserts the queue it lands in.</summary>
    /// <returns>The decision, for further assertions.</returns>
    public static DecisionRecord GoesTo(PlaybookModel playbook, LeadInput lead, string queue)
    {
        var decision = LeadSimulation.Run(Router.Compile(playbook), [lead]).Single();
        if (decision.Queue != queue)
        {
            throw new XunitException($"Lead {decision.LeadId} should go to queue '{queue}' but {Describe(decision)}.");
        }

        return decision;
    }

    /// <summary>Asserts that no lead from the territory ends in the fallback (a gap in the routes).</summary>
    public static void NoLeadReachesTheFallbackFrom(IEnumerable<DecisionRecord> decisions, string territory)
    {
        var fallen = decisions.Where(d => d.Territory == territory && d.Fallback is not null).OrderBy(d => d.LeadId, StringComparer.Ordinal).ToList();
        if (fallen.Count > 0)
        {
            throw new XunitException(
                $"{fallen.Count} lead(s) from territory '{territory}' reached the fallback:\n"
                + string.Join('\n', fallen.Take(Shown).Select(d => $"  {d.LeadId}: {Describe(d)}"))
                + (fallen.Count > Shown ? $"\n  … and {fallen.Count - Shown} more." : string.Empty));
        }
    }

    /// <summary>Asserts that every rule coverage counts (route, definition, disqualifier, territory, segment, account, queue, member, trigger, SLA) is reached by some lead.</summary>
    public static void EveryRuleIsReached(RuleCoverage coverage)
    {
        var never = coverage.NeverReached.ToList();
        if (never.Count > 0)
        {
            throw new XunitException(
                $"{never.Count} rule(s) no generated lead reached:\n"
                + string.Join('\n', never.Select(e => $"  {e.Kind} '{e.Name}'"))
                + $"\nOut of {coverage.Leads.ToString("N0", CultureInfo.InvariantCulture)} leads.");
        }
    }

    /// <summary>Asserts that a planned change moves no lead.</summary>
    public static void MovesNothing(RoutingPlan plan)
    {
        if (plan.HasChanges)
        {
            throw new XunitException(plan.Summary + "\n" + string.Join('\n', plan.Moves.Take(Shown).Select(m => $"  {m.LeadId}: {m.From} -> {m.To}")));
        }
    }

    private static string Describe(DecisionRecord d) => d.Outcome switch
    {
        HandoffOutcome.Routed when d.Fallback is not null => $"went to the fallback queue '{d.Queue}' ({d.Fallback})",
        HandoffOutcome.Routed => $"went to '{d.Queue}' by route '{d.Route}'",
        _ => $"was {d.Outcome} ({d.Reason})",
    };
}
