namespace HandoffRules.Reporting;

/// <summary>
/// A lead's stretches under one value of an ownership field (a queue or a member), so a split credits
/// each outcome to whoever held the lead when it happened. Closed stretches are measured as they close;
/// the current one folds the events that follow.
/// </summary>
internal sealed class OwnerStretches
{
    // Room for two, not the four a list takes at its first add: of the leads of a simulated week
    // that change owner, 95% change once or twice, and every one keeps a list or two until the end.
    public List<LeadFigure> Closed { get; } = new(2);

    /// <summary>The current stretch's start (UTC ticks): the event that gave the lead its owner.</summary>
    public long Start { get; set; }

    /// <summary>The current owner's queue (its business clock).</summary>
    public int Queue { get; set; }

    /// <summary>The current owner's member.</summary>
    public int Member { get; set; }

    /// <summary>What happened in the current stretch.</summary>
    public LeadOutcome Outcome;
}
