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
            decided(Decide(pipeline, input, line));
            if (progress is not null && line % 10_000 == 0)
            {
                progress(line);
            }
        }

        return line;
    }

    /// <summary>
    /// Routes each lead through two playbooks in step — the baseline's pipeline, then the current
    /// one's — and hands both records to <paramref name="decided"/> together, in input order, keeping
    /// none of them: a backtest compares the two sides lead by lead while the leads are read once.
    /// Each side keeps its own pipeline state (distribution, duplicate window), so its records are
    /// the ones <see cref="Run(Router, IEnumerable{LeadInput}, Action{DecisionRecord}, Action{int}?)"/> gives.
    /// </summary>
    /// <param name="baseline">The compiled playbook before the change.</param>
    /// <param name="current">The compiled playbook under review.</param>
    /// <param name="leads">Raw leads, in arrival order.</param>
    /// <param name="decided">Receives the baseline's record and the current playbook's for every lead.</param>
    /// <returns>The number of leads routed.</returns>
    public static int RunSideBySide(Router baseline, Router current, IEnumerable<LeadInput> leads, Action<DecisionRecord, DecisionRecord> decided)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(leads);
        ArgumentNullException.ThrowIfNull(decided);
        var (before, after) = (HandoffPipeline.InMemory(baseline), HandoffPipeline.InMemory(current));
        var line = 0;
        foreach (var input in leads)
        {
            line++;
            decided(Decide(before, input, line), Decide(after, input, line));
        }

        return line;
    }

    private static DecisionRecord Decide(HandoffPipeline pipeline, LeadInput input, int line)
    {
        var receivedAt = input.Event?.OccurredAt ?? LeadGenerator.DefaultStart;
        var result = pipeline.Process(input, receivedAt);
        return result.Record ?? new DecisionRecord
        {
            LeadId = input.Id ?? $"(lead {line})",
            Outcome = HandoffOutcome.DeadLettered,
            Reason = result.Error!.ToString(),
        };
    }
}
