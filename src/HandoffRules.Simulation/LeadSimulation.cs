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
        var pipeline = HandoffPipeline.InMemory(router);
        var records = new List<DecisionRecord>();
        var line = 0;
        foreach (var input in leads)
        {
            line++;
            var receivedAt = input.Event?.OccurredAt ?? LeadGenerator.DefaultStart;
            var result = pipeline.Process(input, receivedAt);
            records.Add(result.Record ?? new DecisionRecord
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

        return records;
    }
}
