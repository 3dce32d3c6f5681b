using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>
/// Hits per rule counted as decisions go by, none of them kept: what <see cref="RuleCoverage"/> is
/// made of, so coverage over a long history needs memory for the playbook's rules, not its leads.
/// </summary>
/// <remarks>What counts as reaching a rule is described on <see cref="RuleCoverage"/>.</remarks>
public sealed class RuleHits
{
    private readonly Dictionary<(string Kind, string Name), int> _counts = [];
    private readonly HashSet<string> _accountRoutes;

    /// <summary>Starts counting for a playbook: its account routes decide which account matches count.</summary>
    /// <param name="playbook">The playbook whose decisions are counted.</param>
    public RuleHits(PlaybookModel playbook)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        _accountRoutes = playbook.Routes.Where(r => r.ToAccountOwner || r.RequiresAccountMatch).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Decisions counted.</summary>
    public int Leads { get; private set; }

    /// <summary>Leads that reached the rule of this kind and name.</summary>
    /// <param name="kind">One of <see cref="RuleCoverage.Kinds"/>.</param>
    /// <param name="name">The rule's name, code or member id.</param>
    public int Count(string kind, string name) => _counts.GetValueOrDefault((kind, name));

    /// <summary>Counts what one decision reached.</summary>
    /// <param name="record">A decision of the playbook.</param>
    public void Add(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Leads++;
        Add("definition", record.Definition);
        if (record.Outcome == HandoffOutcome.Disqualified)
        {
            Add("disqualifier", record.Reason);
        }

        if (record.Outcome != HandoffOutcome.Routed)
        {
            return;
        }

        Add("route", record.Route);
        Add("territory", record.Territory);
        Add("segment", record.Segment);
        if (record.Route is { } route && _accountRoutes.Contains(route))
        {
            Add("account", record.Account);
        }

        Add("queue", record.Queue);
        Add("member", record.Member);
        Add("trigger", record.Trigger);
        Add("sla", record.FirstTouchSla);
        if (record.AcceptanceSla != record.FirstTouchSla)
        {
            Add("sla", record.AcceptanceSla);
        }
    }

    private void Add(string kind, string? name)
    {
        if (name is not null)
        {
            _counts[(kind, name)] = _counts.GetValueOrDefault((kind, name)) + 1;
        }
    }
}
