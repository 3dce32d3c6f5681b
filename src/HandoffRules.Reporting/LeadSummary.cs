namespace HandoffRules.Reporting;

/// <summary>
/// The little a report keeps of one lead while the log streams by: its hand-off (time and the ids of
/// its source, segment, queue, member, route and playbook version), what happened to it up to the
/// window's end (<see cref="LeadOutcome"/>), its holds, its changes of owner, its rejections and first
/// breach, and — only once it changes owner — its owners' stretches. No lead data, no trace, no event.
/// </summary>
internal sealed class LeadSummary(string leadId)
{
    /// <summary>"No such time" for the time fields (UTC ticks).</summary>
    public const long NoTime = long.MinValue;

    public string LeadId { get; } = leadId;

    /// <summary>True once the lead's first <c>lead.routed</c> event was read.</summary>
    public bool Routed { get; set; }

    /// <summary>The hand-off's time (UTC ticks).</summary>
    public long RoutedAt { get; set; }

    /// <summary>Routed and handed off inside the window: the leads the figures count.</summary>
    public bool HandedOff { get; set; }

    public int Source { get; set; }

    public int Segment { get; set; }

    public int Queue { get; set; }

    public int Member { get; set; }

    public int Route { get; set; }

    public int Version { get; set; }

    /// <summary>What happened to the whole lead.</summary>
    public LeadOutcome Outcome;

    /// <summary>The start of the hold the lead is in, or <see cref="NoTime"/>.</summary>
    public long HoldStart { get; set; } = NoTime;

    /// <summary>Holds that ended: start and end (UTC ticks), in the accumulator's chains of holds.</summary>
    public Chain Holds;

    /// <summary>Reassignments, escalations and offers after the hand-off, in log order, in the accumulator's chains of owner changes.</summary>
    public Chain OwnerChanges;

    /// <summary>Recycled, or rejected for a reason other than a misroute: out of the handoff.</summary>
    public bool Closed { get; set; }

    /// <summary>The first SLA breach in log order, or <see cref="NoTime"/>.</summary>
    public long FirstBreach { get; set; } = NoTime;

    /// <summary>Rejections before the window's end.</summary>
    public int Rejections { get; set; }

    /// <summary>The reasons of the misroute rejections, in log order.</summary>
    public List<int>? MisrouteReasons { get; set; }

    /// <summary>The lead's stretches under one queue each; null while it has had one queue.</summary>
    public OwnerStretches? QueueStretches { get; set; }

    /// <summary>The lead's stretches under one member each; null while it has had one member.</summary>
    public OwnerStretches? MemberStretches { get; set; }

    /// <summary>
    /// Who had the lead at a moment: its queue, its member (0 while nobody has it) and since when it has
    /// been without a member. Ownership follows the hand-off and every reassignment, escalation and offer
    /// before the moment.
    /// </summary>
    /// <param name="end">The moment.</param>
    /// <param name="changes">The changes of owner the lead's <see cref="OwnerChanges"/> are kept in.</param>
    public (int Queue, int Member, long Since) OwnerAt(long end, Chains<OwnerChange> changes)
    {
        var (queue, member, since) = (Queue, Member, RoutedAt);
        foreach (var change in changes.Of(OwnerChanges))
        {
            if (change.At >= end)
            {
                continue;
            }

            queue = change.HasQueue && change.Queue != NameTable.None ? change.Queue : queue;
            if (change.HasMember)
            {
                since = change.Member == NameTable.None && member != NameTable.None ? change.At : since;
                member = change.Member;
            }
        }

        return (queue, member, since);
    }

    /// <summary>Every hold (start, end or null while still held), in order.</summary>
    /// <param name="holds">The holds the lead's <see cref="Holds"/> are kept in.</param>
    // Most leads were never held: they cost no enumerator (a report asks this of every lead).
    public IEnumerable<(long Start, long? End)> AllHolds(Chains<(long Start, long End)> holds) =>
        Holds.IsEmpty && HoldStart == NoTime ? [] : EveryHold(holds);

    private IEnumerable<(long Start, long? End)> EveryHold(Chains<(long Start, long End)> holds)
    {
        foreach (var (start, end) in holds.Of(Holds))
        {
            yield return (start, end);
        }

        if (HoldStart != NoTime)
        {
            yield return (HoldStart, null);
        }
    }
}
