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
        return Route(router, TakenIn(leads), decided, progress);
    }

    /// <summary>
    /// Routes the leads as <see cref="Run(Router, IEnumerable{LeadInput}, Action{DecisionRecord}, Action{int}?)"/>
    /// does, with the same records in the same order, while the leads are made and taken in (read
    /// and normalised, which depends on the lead alone) on a thread of their own, a few batches ahead
    /// of the duplicate index and the router, which follow the leads in order on the caller's thread.
    /// Only for leads made without regard to what is decided: a source that reads state the decisions
    /// set (what arrived with the lead being routed) must go through <c>Run</c>.
    /// </summary>
    /// <param name="router">The compiled playbook.</param>
    /// <param name="leads">Raw leads, in arrival order; enumerated once, on the other thread.</param>
    /// <param name="decided">Receives every record, on the caller's thread.</param>
    /// <param name="progress">Called with the number of leads done, every 10,000 leads.</param>
    /// <returns>The number of leads routed.</returns>
    public static int RunAhead(Router router, IEnumerable<LeadInput> leads, Action<DecisionRecord> decided, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(leads);
        ArgumentNullException.ThrowIfNull(decided);
        return Route(router, ReadAhead.Of(TakenIn(leads)), decided, progress);
    }

    private static int Route(Router router, IEnumerable<(LeadInput Input, IntakeResult Intake)> leads, Action<DecisionRecord> decided, Action<int>? progress)
    {
        var pipeline = HandoffPipeline.InMemory(router);
        var line = 0;
        foreach (var (input, intake) in leads)
        {
            line++;
            decided(Decide(pipeline, input, intake, line));
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
            // Intake reads the lead alone, whichever playbook routes it: once for both sides.
            var intake = TakenIn(input);
            decided(Decide(before, input, intake, line), Decide(after, input, intake, line));
        }

        return line;
    }

    private static IEnumerable<(LeadInput Input, IntakeResult Intake)> TakenIn(IEnumerable<LeadInput> leads)
    {
        foreach (var input in leads)
        {
            yield return (input, TakenIn(input));
        }
    }

    // Intake on the lead's own clock: its event's time, or the simulated week's start.
    private static IntakeResult TakenIn(LeadInput input) => LeadNormalizer.Normalize(input, input.Event?.OccurredAt ?? LeadGenerator.DefaultStart);

    private static DecisionRecord Decide(HandoffPipeline pipeline, LeadInput input, IntakeResult intake, int line)
    {
        var result = pipeline.Process(intake);
        return result.Record ?? new DecisionRecord
        {
            LeadId = input.Id ?? $"(lead {line})",
            Outcome = HandoffOutcome.DeadLettered,
            Reason = result.Error!.ToString(),
        };
    }
}
