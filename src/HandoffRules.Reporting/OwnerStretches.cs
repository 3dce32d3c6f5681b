namespace HandoffRules.Reporting;

/// <summary>
/// A lead's current stretch under one value of an ownership field (a queue or a member), so a split
/// credits each outcome to whoever held the lead when it happened: it folds the events that follow
/// the change of owner. A stretch that closes is measured then and kept with every other lead's (see
/// <c>HealthReportAccumulator.NextStretch</c>), not here: a split only counts them.
/// </summary>
internal sealed class OwnerStretches
{
    /// <summary>The current stretch's start (UTC ticks): the event that gave the lead its owner.</summary>
    public long Start { get; set; }

    /// <summary>The current owner's queue (its business clock).</summary>
    public int Queue { get; set; }

    /// <summary>The current owner's member.</summary>
    public int Member { get; set; }

    /// <summary>What happened in the current stretch.</summary>
    public LeadOutcome Outcome;
}
