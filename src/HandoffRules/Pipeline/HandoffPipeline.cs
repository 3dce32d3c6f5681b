using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Pipeline;

/// <summary>What became of one input.</summary>
/// <param name="Record">The recorded outcome (routed, disqualified, duplicate); null when the input was rejected.</param>
/// <param name="Lead">The normalised lead, when intake succeeded.</param>
/// <param name="Decision">The router's decision, when the lead was routed or disqualified (not for duplicates).</param>
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
    public PipelineResult Process(LeadInput input, DateTimeOffset receivedAt, DecisionTrace? trace = null)
    {
        var intake = LeadNormalizer.Normalize(input, receivedAt);
        if (intake.Lead is not { } lead)
        {
            return new PipelineResult(null, null, null, intake.Error);
        }

        var keys = DuplicateKeys.For(lead, Router.Playbook.DuplicateRule);
        if (duplicates.Find(lead, keys) is { } match)
        {
            var record = new DecisionRecord
            {
                LeadId = lead.Id,
                Outcome = HandoffOutcome.Duplicate,
                DuplicateOf = match.LeadId,
                Queue = match.Queue,
                Member = match.Member,
                Route = null,
                Source = lead.Source.ToString(),
                ArrivedAt = lead.ArrivedAt,
                Notes = DecisionRecord.NoteLines(lead, $"duplicate of {match.LeadId} by {match.MatchedOn}"),
            };
            return new PipelineResult(record, lead, null, null);
        }

        var decision = Router.Route(lead, State, trace);
        duplicates.Remember(lead, keys, decision.Queue?.Name, decision.Member?.Id);
        return new PipelineResult(DecisionRecord.From(decision), lead, decision, null);
    }
}
