using HandoffRules.Intake;
using HandoffRules.Pipeline;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Simulation;

/// <summary>
/// Routes a stream of leads through a playbook with the same pipeline the host runs (intake,
/// duplicates, router), in arrival order on the leads' own clock. Every lead comes out with a
/// record: routed, disqualified, duplicate, or dead-lettered with the reason.
/// </summary>
public static class LeadSimulation
{
    /// <summary>Routes the leads and returns one record per lead, in input order.</summary>
    /// <param name="router">The compiled playbook.</param>
    /// <param name="leads">Raw leads, in arrival order.</param>
    /// <param name="progress">Called with the number of leads done, every 10,000 leads.</param>
    public static List<DecisionRecord> Run(Router router, IEnumerable<LeadInput> leads, Action<int>? progress = null)
    {
        var records = new List<DecisionRecord>();
        Run(router, leads, records.Add, progress);
        return records;
    }

    /// <summary>
    /// Routes the leads and hands each record to <paramref name="decided"/> as soon as it is made,
    /// in input order, keeping none of them: memory stays with the pipeline (distribution state and
    /// the duplicate keys inside the playbook's window), whatever the number of leads.
    /// </summary>
    /// <param name="router">The compiled playbook.</param>
    /// <param name="leads">Raw leads, in arrival order.</param>
    /// <param name="decided">Receives every record.</param>
    /// <param name="progress">Called with the number of leads done, every 10,000 leads.</param>
    /// <returns>The number of leads routed.</returns>
    public static int Run(Router router, IEnumerable<LeadInput> leads, Action<DecisionRecord> decided, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(leads);
        ArgumentNullException.ThrowIfNull(decided);
        var pipeline = HandoffPipeline.InMemory(router);
        var line = 0;
        foreach (var input in leads)
        {
            line++;
            var receivedAt = input.Event?.OccurredAt ?? LeadGenerator.DefaultStart;
            var result = pipeline.Process(input, receivedAt);
            decided(result.Record ?? new DecisionRecord
            {
                LeadId = input.Id ?? $"(lead {line})",
                Outcome = HandoffOutcome.DeadLettered,
                Reason = result.Error!.ToString(),
            });
            if (progress is not null && line % 10_000 == 0)
            {
                progress(line);
            }
        }

        return line;
    }
}
