using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Pipeline;

/// <summary>What became of one input.</summary>
/// <param name="Record">The recorded outcome (routed, disqualified, duplicate); null when the input was rejected.</param>
/// <param name="Lead">The normalised lead, when intake succeeded.</param>
/// <param name="Decision">The router's decision, when the lead was routed or disqualified; for a duplicate of an open lead whose event fires a trigger, what that trigger sets off for the current owner (<see cref="Router.Repeat"/>).</param>
/// <param name="Error">Why intake rejected the input; the caller dead-letters it.</param>
public sealed record PipelineResult(DecisionRecord? Record, Lead? Lead, RoutingDecision? Decision, IntakeError? Error);

/// <summary>
/// The intake loop every lead goes through, in the simulation, the host and the tests alike:
/// normalise, detect duplicates under the playbook's rule, route. Every input comes out with an
/// outcome or an error naming the field.
/// </summary>
public sealed class HandoffPipeline(Router router, DistributionState state, IDuplicateIndex duplicates)
{
    /// <summary>The router leads go through.</summary>
    public Router Router { get; } = router;

    /// <summary>The distribution state the router advances.</summary>
    public DistributionState State { get; } = state;

    /// <summary>A pipeline with a fresh state and an in-memory duplicate index.</summary>
    public static HandoffPipeline InMemory(Router router) =>
        new(router, router.NewState(), new DuplicateIndex(router.Playbook.DuplicateRule));

    /// <summary>Takes one input through intake, dedupe and routing.</summary>
    /// <param name="input">The raw lead.</param>
    /// <param name="receivedAt">When it was received; stands in for a missing event time.</param>
    /// <param name="trace">Filled with the router's explanation, when given.</param>
    public PipelineResult Process(LeadInput input, DateTimeOffset receivedAt, DecisionTrace? trace = null) =>
        Process(LeadNormalizer.Normalize(input, receivedAt), trace);

    /// <summary>
    /// Takes an input intake has read already through dedupe and routing: for a caller with something
    /// to do between the two, such as a replay judging the deadlines its history passed before this
    /// lead, which it knows only once the input reads as a lead.
    /// </summary>
    /// <param name="intake">What <see cref="LeadNormalizer.Normalize"/> made of the raw lead.</param>
    /// <param name="trace">Filled with the router's explanation, when given.</param>
    public PipelineResult Process(IntakeResult intake, DecisionTrace? trace = null)
    {
        if (intake.Lead is not { } lead)
        {
            return new PipelineResult(null, null, null, intake.Error);
        }

        var keys = DuplicateKeys.For(lead, Router.Playbook.DuplicateRule);
        if (duplicates.Find(lead, keys) is { } match)
        {
            // A repeat is qualified again: one that now hands off while the earlier lead is not (or no
            // longer) with an SDR is routed like a new lead; a repeat of an open lead stays with its
            // current owner and sets off the trigger of its own event (task, alert, SLA) for them.
            if (!match.Open && Router.Classify(lead).Outcome == LeadOutcome.Routed)
            {
                var handedOff = Router.Route(lead, State, trace);
                duplicates.Remember(lead, keys, handedOff.Queue?.Name, handedOff.Member?.Id, open: true);
                var routed = DecisionRecord.From(handedOff);
                return new PipelineResult(routed with { Notes = [.. routed.Notes, $"duplicate of {match.LeadId} by {match.MatchedOn}, which is not with an SDR: it qualifies now and is handed off"] }, lead, handedOff, null);
            }

            var repeat = match.Open ? Router.Repeat(lead, match.Queue, match.Member, trace) : (RoutingDecision?)null;
            var record = new DecisionRecord
            {
                LeadId = lead.Id,
                Outcome = HandoffOutcome.Duplicate,
                DuplicateOf = match.LeadId,
                Queue = match.Queue,
                Member = match.Member,
                Route = null,
                Trigger = repeat?.Trigger?.Name,
                FirstTouchSla = repeat?.FirstTouchSla?.Name,
                FirstTouchDue = repeat?.FirstTouchDue,
                AcceptanceSla = repeat?.AcceptanceSla?.Name,
                AcceptanceDue = repeat?.AcceptanceDue,
                Source = lead.Source.ToString(),
                ArrivedAt = lead.ArrivedAt,
                Notes = DecisionRecord.NoteLines(lead, $"duplicate of {match.LeadId} by {match.MatchedOn}"),
            };
            return new PipelineResult(record, lead, repeat is { Trigger: not null } ? repeat : null, null);
        }

        var decision = Router.Route(lead, State, trace);
        duplicates.Remember(lead, keys, decision.Queue?.Name, decision.Member?.Id, decision.Outcome == LeadOutcome.Routed);
        return new PipelineResult(DecisionRecord.From(decision), lead, decision, null);
    }
}
