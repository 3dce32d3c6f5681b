using HandoffRules.Benchmarks.Peer;
using HandoffRules.Model;
using HandoffRules.Routing;

namespace HandoffRules.Benchmarks.Routing;

/// <summary>
/// The measured loops every routing benchmark runs, written once so each engine and each setup is
/// timed over exactly the same work: every lead of the set, and a count that keeps the answers alive.
/// </summary>
internal static class RoutingLoops
{
    /// <summary>Full decisions from a fresh distribution state; returns the leads routed.</summary>
    public static int Route(Router router, DistributionState state, Lead[] leads)
    {
        state.Reset();
        var routed = 0;
        foreach (var lead in leads)
        {
            routed += router.Route(lead, state).Outcome == LeadOutcome.Routed ? 1 : 0;
        }

        return routed;
    }

    /// <summary>Full decisions, each explained; returns the trace steps written.</summary>
    public static int RouteWithTrace(Router router, DistributionState state, DecisionTrace trace, Lead[] leads)
    {
        state.Reset();
        var steps = 0;
        foreach (var lead in leads)
        {
            trace.Clear();
            router.Route(lead, state, trace);
            steps += trace.Steps.Count;
        }

        return steps;
    }

    /// <summary>The rule and the queue only; returns the leads routed.</summary>
    public static int Classify(Router router, Lead[] leads)
    {
        var routed = 0;
        foreach (var lead in leads)
        {
            routed += router.Classify(lead).Outcome == LeadOutcome.Routed ? 1 : 0;
        }

        return routed;
    }

    /// <summary>The same leads through the peer engine; returns the leads not disqualified.</summary>
    public static async Task<int> Peer(RulesEngineRouter peer, PeerLead[] leads)
    {
        var routed = 0;
        foreach (var lead in leads)
        {
            routed += (await peer.RouteAsync(lead)).StartsWith("disqualified", StringComparison.Ordinal) ? 0 : 1;
        }

        return routed;
    }
}
