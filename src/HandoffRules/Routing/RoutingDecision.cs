using HandoffRules.Model;

namespace HandoffRules.Routing;

/// <summary>What the router decided for a lead.</summary>
public enum LeadOutcome
{
    /// <summary>Handed off to a queue or an owner.</summary>
    Routed,

    /// <summary>Taken out of the handoff with a reason code.</summary>
    Disqualified,
}

/// <summary>Why a routed lead went to the fallback.</summary>
public enum FallbackReason
{
    /// <summary>It did not go to the fallback.</summary>
    None,

    /// <summary>No route matched.</summary>
    NoRouteMatched,

    /// <summary>Context an SDR needs was missing.</summary>
    MissingContext,
}

/// <summary>
/// The router's decision for one lead: the definition it met or the disqualifier that took it out,
/// where it was routed (route or fallback, queue, member), the trigger that fired and the SLA
/// deadlines that started. With a <see cref="DecisionTrace"/>, every step is explained.
/// </summary>
public readonly record struct RoutingDecision
{
    /// <summary>The lead decided on.</summary>
    public required Lead Lead { get; init; }

    /// <summary>Routed or disqualified.</summary>
    public required LeadOutcome Outcome { get; init; }

    /// <summary>The hand-off definition the lead met; for a disqualified lead the best definition it met, if any.</summary>
    public Definition? Definition { get; init; }

    /// <summary>The disqualifier that took the lead out (with its reason code); null when routed.</summary>
    public Disqualifier? Disqualifier { get; init; }

    /// <summary>The lead's territory, if any claims it.</summary>
    public Territory? Territory { get; init; }

    /// <summary>The lead's segment, if its size is known.</summary>
    public Segment? Segment { get; init; }

    /// <summary>The named account its domain matched, if any.</summary>
    public Account? Account { get; init; }

    /// <summary>The route that matched; null when routed by the fallback.</summary>
    public Route? Route { get; init; }

    /// <summary>Why the fallback took the lead, if it did.</summary>
    public FallbackReason FallbackReason { get; init; }

    /// <summary>The queue the lead went to; null for an account-owner route.</summary>
    public Queue? Queue { get; init; }

    /// <summary>The member who owns the lead now; null when no member of the queue was eligible (held in the queue).</summary>
    public Member? Member { get; init; }

    /// <summary>The trigger that fired for the lead's event, if any.</summary>
    public Trigger? Trigger { get; init; }

    /// <summary>The first-touch SLA that started, if any.</summary>
    public Sla? FirstTouchSla { get; init; }

    /// <summary>When the first touch is due (UTC).</summary>
    public DateTimeOffset? FirstTouchDue { get; init; }

    /// <summary>The acceptance SLA that started, if any.</summary>
    public Sla? AcceptanceSla { get; init; }

    /// <summary>When acceptance is due (UTC).</summary>
    public DateTimeOffset? AcceptanceDue { get; init; }

    /// <summary>The explanation, when one was asked for.</summary>
    public DecisionTrace? Trace { get; init; }

    /// <summary>True when the fallback took the lead.</summary>
    public bool ViaFallback => FallbackReason != FallbackReason.None;

    /// <summary>The name of the rule that decided: the route, "fallback", or the disqualifier's code.</summary>
    public string Rule => Outcome == LeadOutcome.Disqualified
        ? Disqualifier?.Code ?? "?"
        : Route?.Name ?? "fallback";
}
