using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>
/// <see cref="KnownMisroutes"/> scored as the current decisions go by, none of them kept: per lead it
/// keeps only the id of a known misroute the change fixes or of an accepted lead it moves away, the
/// two lists the score names. Fed either from accepted leads held by id, or each decision with its
/// lead's acceptance as the history is read (<see cref="Add(DecisionRecord, AcceptedLead?)"/>), when
/// it holds no accepted lead at all.
/// </summary>
/// <param name="accepted">Accepted leads by lead id (leads never accepted are not in it).</param>
/// <param name="playbook">The playbook under review: which members work in which queue.</param>
public sealed class MisrouteScore(IReadOnlyDictionary<string, AcceptedLead> accepted, PlaybookModel playbook)
{
    /// <summary>A score fed each decision with its lead's acceptance, through <see cref="Add(DecisionRecord, AcceptedLead?)"/>.</summary>
    /// <param name="playbook">The playbook under review: which members work in which queue.</param>
    public MisrouteScore(PlaybookModel playbook)
        : this(new Dictionary<string, AcceptedLead>(), playbook)
    {
    }

    private readonly List<string> _fixed = [];
    private readonly List<string> _movedAway = [];
    private int _misroutes;
    private int _acceptedWhereRouted;

    /// <summary>Scores one decision of the playbook under review.</summary>
    /// <param name="record">The current decision of a lead.</param>
    public void Add(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Add(record, accepted.GetValueOrDefault(record.LeadId));
    }

    /// <summary>Scores one decision of the playbook under review against its lead's acceptance.</summary>
    /// <param name="record">The current decision of a lead.</param>
    /// <param name="truth">The lead's last acceptance, or null when no SDR accepted it.</param>
    /// <exception cref="ArgumentException">The acceptance is another lead's.</exception>
    public void Add(DecisionRecord record, AcceptedLead? truth)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (truth is null)
        {
            return;
        }

        if (truth.LeadId != record.LeadId)
        {
            throw new ArgumentException($"lead {record.LeadId}: scored against the acceptance of lead {truth.LeadId}.", nameof(truth));
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
