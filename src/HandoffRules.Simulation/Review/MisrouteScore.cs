using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>
/// <see cref="KnownMisroutes"/> scored as the current decisions go by, none of them kept: per lead it
/// keeps only the id of a known misroute the change fixes or of an accepted lead it moves away, the
/// two lists the score names.
/// </summary>
/// <param name="accepted">Accepted leads by lead id (leads never accepted are not in it).</param>
/// <param name="playbook">The playbook under review: which members work in which queue.</param>
public sealed class MisrouteScore(IReadOnlyDictionary<string, AcceptedLead> accepted, PlaybookModel playbook)
{
    private readonly List<string> _fixed = [];
    private readonly List<string> _movedAway = [];
    private int _misroutes;
    private int _acceptedWhereRouted;

    /// <summary>Scores one decision of the playbook under review.</summary>
    /// <param name="record">The current decision of a lead.</param>
    public void Add(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!accepted.TryGetValue(record.LeadId, out var truth))
        {
            return;
        }

        var there = record.Outcome == HandoffOutcome.Routed
            && (record.Member == truth.Member || (record.Queue is { } queue && playbook.FindQueue(queue) is { } q && q.Members.Any(m => m.MemberId == truth.Member)));
        if (truth.AfterMisroute)
        {
            _misroutes++;
            if (there)
            {
                _fixed.Add(record.LeadId);
            }
        }
        else
        {
            _acceptedWhereRouted++;
            if (!there)
            {
                _movedAway.Add(record.LeadId);
            }
        }
    }

    /// <summary>The score of the decisions added so far, their leads in the order they came.</summary>
    public KnownMisroutes Result() => new(_misroutes, [.. _fixed], _acceptedWhereRouted, [.. _movedAway]);
}
