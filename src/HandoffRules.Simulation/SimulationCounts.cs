using System.Runtime.InteropServices;
using HandoffRules.Records;

namespace HandoffRules.Simulation;

/// <summary>
/// The counters behind a <see cref="SimulationSummary"/>, added to one decision at a time, so a
/// simulation can summarise millions of leads without keeping their decisions.
/// </summary>
public sealed class SimulationCounts
{
    internal Dictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, int> Fallbacks { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, int> Queues { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, int> Routes { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, int> Members { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, int> QueueMembers { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, int> Notes { get; } = new(StringComparer.Ordinal);

    /// <summary>Decisions counted so far.</summary>
    public int Total { get; private set; }

    internal int Routed { get; private set; }

    internal int Held { get; private set; }

    internal int LeadsWithNotes { get; private set; }

    /// <summary>Counts one decision.</summary>
    public void Add(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Total++;
        Increment(Outcomes, record.Outcome);
        if (record.Outcome == HandoffOutcome.Routed)
        {
            Routed++;
            if (record.Fallback is not null)
            {
                Increment(Fallbacks, record.Fallback);
            }

            Increment(Queues, record.Queue ?? "(account owner)");
            Increment(Routes, record.Route!);
            if (record.Member is null)
            {
                Held++;
            }
            else
            {
                Increment(Members, record.Member);
                if (record.Queue is not null)
                {
                    Increment(QueueMembers, record.Queue + "|" + record.Member);
                }
            }
        }
        else if (record.Outcome == HandoffOutcome.Disqualified)
        {
            Increment(Reasons, record.Reason ?? "?");
        }

        if (record.Notes.Length > 0)
        {
            LeadsWithNotes++;
        }

        foreach (var note in record.Notes)
        {
            if (!note.StartsWith("duplicate of", StringComparison.Ordinal))
            {
                Increment(Notes, note[..note.IndexOf(':', StringComparison.Ordinal)]);
            }
        }
    }

    /// <summary>The summary of the decisions counted so far.</summary>
    public SimulationSummary Summary() => new(this);

    private static void Increment(Dictionary<string, int> counts, string key) =>
        CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _)++;
}
