namespace HandoffRules.Model;

/// <summary>What an SLA measures.</summary>
public enum SlaKind
{
    /// <summary>From hand-off to the SDR's first touch.</summary>
    FirstTouch,

    /// <summary>From hand-off to the SDR's accept or reject.</summary>
    Acceptance,
}

/// <summary>What happens when an SLA is breached.</summary>
public enum BreachActionKind
{
    /// <summary>Move the lead along the escalation for its queue (or the named escalation).</summary>
    Escalate,

    /// <summary>Give the lead to the next eligible member of its queue.</summary>
    ReassignToNextMember,

    /// <summary>Post to a Slack channel.</summary>
    Notify,
}

/// <summary>One breach action; the target is an escalation name or a channel where the kind needs one.</summary>
public sealed record BreachAction(BreachActionKind Kind, string? Target)
{
    /// <inheritdoc />
    public override string ToString() => Target is null ? Kind.ToString() : $"{Kind}({Target})";
}

/// <summary>
/// A service-level agreement on the business-hours clock: what it measures, within how much
/// business time, whether it starts for every hand-off or only when a trigger starts it, and what
/// happens on breach.
/// </summary>
public sealed record Sla(string Name, SlaKind Kind, TimeSpan Within, bool StartsOnEveryHandoff, EquatableArray<BreachAction> OnBreach);
