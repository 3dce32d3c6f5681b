using HandoffRules.Records;

namespace HandoffRules.Simulation;

/// <summary>Counts over a set of decisions: outcomes, fallbacks, reasons, queues, routes, members, data quality.</summary>
public sealed class SimulationSummary
{
    internal SimulationSummary(SimulationCounts counts)
    {
        Total = counts.Total;
        Outcomes = Sorted(counts.Outcomes);
        Routed = counts.Routed;
        Fallbacks = Sorted(counts.Fallbacks);
        Reasons = Sorted(counts.Reasons);
        Queues = Sorted(counts.Queues);
        Routes = Sorted(counts.Routes);
        Members = Sorted(counts.Members);
        QueueMembers = Sorted(counts.QueueMembers);
        Held = counts.Held;
        LeadsWithNotes = counts.LeadsWithNotes;
        Notes = Sorted(counts.Notes);
    }

    /// <summary>Number of leads.</summary>
    public int Total { get; }

    /// <summary>Leads per outcome.</summary>
    public IReadOnlyList<Tally> Outcomes { get; }

    /// <summary>Routed leads.</summary>
    public int Routed { get; }

    /// <summary>Routed leads the fallback took, per reason.</summary>
    public IReadOnlyList<Tally> Fallbacks { get; }

    /// <summary>Disqualified leads per reason code.</summary>
    public IReadOnlyList<Tally> Reasons { get; }

    /// <summary>Routed leads per queue.</summary>
    public IReadOnlyList<Tally> Queues { get; }

    /// <summary>Routed leads per route ("fallback" included).</summary>
    public IReadOnlyList<Tally> Routes { get; }

    /// <summary>Routed leads per member.</summary>
    public IReadOnlyList<Tally> Members { get; }

    /// <summary>Routed leads per queue and member, keyed "queue|member".</summary>
    public IReadOnlyList<Tally> QueueMembers { get; }

    /// <summary>Leads a member was given in a queue.</summary>
    public int InQueue(string queue, string member) => QueueMembers.FirstOrDefault(t => t.Key == queue + "|" + member)?.Count ?? 0;

    /// <summary>Routed leads no member was eligible for (held in the queue).</summary>
    public int Held { get; }

    /// <summary>Leads with at least one data-quality note.</summary>
    public int LeadsWithNotes { get; }

    /// <summary>Data-quality notes per field.</summary>
    public IReadOnlyList<Tally> Notes { get; }

    /// <summary>Leads with the outcome.</summary>
    public int Of(string outcome) => Outcomes.FirstOrDefault(t => t.Key == outcome)?.Count ?? 0;

    /// <summary>The total of the four outcomes, which must equal <see cref="Total"/>.</summary>
    public int Reconciled => Of(HandoffOutcome.Routed) + Of(HandoffOutcome.Disqualified) + Of(HandoffOutcome.Duplicate) + Of(HandoffOutcome.DeadLettered);

    /// <summary>Summarises the records.</summary>
    public static SimulationSummary Of(IReadOnlyList<DecisionRecord> records)
    {
        var counts = new SimulationCounts();
        foreach (var record in records)
        {
            counts.Add(record);
        }

        return counts.Summary();
    }

    // Sorted by count, then name, so printed tables are deterministic.
    private static Tally[] Sorted(Dictionary<string, int> counts) =>
        [.. counts
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new Tally(p.Key, p.Value))];
}

/// <summary>A name and how many times it occurred.</summary>
public sealed record Tally(string Key, int Count);
