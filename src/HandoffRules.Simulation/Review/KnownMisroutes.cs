using System.Globalization;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>A lead an SDR accepted, as the event log tells it: the ground truth of where it belongs.</summary>
/// <param name="LeadId">The lead.</param>
/// <param name="Member">The member who accepted it (its owner when it was accepted).</param>
/// <param name="AfterMisroute">True when it was first rejected as misrouted by someone else: a known misroute.</param>
public sealed record AcceptedLead(string LeadId, string Member, bool AfterMisroute);

/// <summary>
/// A playbook change scored against the misroutes SDRs already flagged: of the leads rejected as
/// misrouted and then accepted by someone else, how many the change now routes where they were
/// accepted; and of the leads accepted where they were routed, how many it moves away. A lead is
/// routed where it was accepted when its owner is the member who accepted it, or its queue is one
/// that member works in (who in a queue gets it is distribution's business).
/// </summary>
/// <param name="Misroutes">Known misroutes among the leads compared.</param>
/// <param name="Fixed">The known misroutes the change routes where they were accepted, by lead id.</param>
/// <param name="AcceptedWhereRouted">Leads accepted by the member they were routed to.</param>
/// <param name="MovedAway">Those the change routes away from the member who accepted them, by lead id.</param>
public sealed record KnownMisroutes(int Misroutes, IReadOnlyList<string> Fixed, int AcceptedWhereRouted, IReadOnlyList<string> MovedAway)
{
    /// <summary>"fixes 14 of 21 misroutes; moves 3 leads that were accepted where they were".</summary>
    public string Summary =>
        $"fixes {N(Fixed.Count)} of {N(Misroutes)} known misroute{(Misroutes == 1 ? "" : "s")}; " +
        $"moves {N(MovedAway.Count)} lead{(MovedAway.Count == 1 ? " that was" : "s that were")} accepted where {(MovedAway.Count == 1 ? "it was" : "they were")}";

    /// <summary>Scores the current decisions of the leads compared against what SDRs accepted.</summary>
    /// <param name="current">The decisions of the playbook under review.</param>
    /// <param name="accepted">Accepted leads by lead id (leads never accepted are not in it).</param>
    /// <param name="playbook">The playbook under review: which members work in which queue.</param>
    public static KnownMisroutes Score(IEnumerable<DecisionRecord> current, IReadOnlyDictionary<string, AcceptedLead> accepted, PlaybookModel playbook)
    {
        ArgumentNullException.ThrowIfNull(current);
        var score = new MisrouteScore(accepted, playbook);
        foreach (var record in current)
        {
            score.Add(record);
        }

        return score.Result();
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
