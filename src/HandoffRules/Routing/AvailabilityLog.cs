using HandoffRules.Model;

namespace HandoffRules.Routing;

/// <summary>
/// Every availability set for the members, in the order it was set, and which one is in effect for
/// a decision. The router reads it through <see cref="DistributionState.Availability"/>: distribution,
/// a held lead offered again and the check of a reassignment all ask the same question of it.
/// </summary>
/// <remarks>
/// Live, the availability set last is in effect for every decision made after it, whatever time the
/// lead carries: a member who says they are away gets no lead routed from then on, even one stamped a
/// moment earlier by a slow sender. Replaying history (<paramref name="byDecisionTime"/>), an
/// availability set at T is in effect for decisions at or after T only — the one set latest at or
/// before the decision's time — so a pause set today does not rewrite last month's replayed decisions.
/// </remarks>
/// <param name="byDecisionTime">True when replaying: an availability applies from its own time on.</param>
public sealed class AvailabilityLog(bool byDecisionTime)
{
    private readonly Dictionary<string, List<(long Seq, Availability Set)>> _byMember = new(StringComparer.Ordinal);

    /// <summary>True when an availability applies to decisions at or after the time it was set only.</summary>
    public bool ByDecisionTime { get; } = byDecisionTime;

    /// <summary>The position of the last availability added (0 when none): where to read the log on from.</summary>
    public long LastSeq { get; private set; }

    /// <summary>True when no availability was ever set: the router then skips the lookup.</summary>
    public bool IsEmpty => _byMember.Count == 0;

    /// <summary>Adds an availability as set at position <paramref name="seq"/> of the log (positions only grow).</summary>
    public void Add(long seq, Availability availability)
    {
        if (!_byMember.TryGetValue(availability.MemberId, out var sets))
        {
            _byMember[availability.MemberId] = sets = [];
        }

        sets.Add((seq, availability));
        LastSeq = Math.Max(LastSeq, seq);
    }

    /// <summary>Forgets what was added after position <paramref name="seq"/>: the work of a transaction that was rolled back.</summary>
    public void ForgetAfter(long seq)
    {
        foreach (var (member, sets) in _byMember.ToList())
        {
            sets.RemoveAll(s => s.Seq > seq);
            if (sets.Count == 0)
            {
                _byMember.Remove(member);
            }
        }

        LastSeq = Math.Min(LastSeq, seq);
    }

    /// <summary>The availability in effect for a decision about the member at <paramref name="at"/>; null when none is (the playbook alone decides).</summary>
    public Availability? InEffect(string memberId, DateTimeOffset at)
    {
        if (!_byMember.TryGetValue(memberId, out var sets))
        {
            return null;
        }

        if (!ByDecisionTime)
        {
            return sets[^1].Set;
        }

        // The latest set at or before the decision; of two set at the same time, the later in the log.
        Availability? effect = null;
        foreach (var (_, set) in sets)
        {
            if (set.SetAt <= at && (effect is null || set.SetAt >= effect.SetAt))
            {
                effect = set;
            }
        }

        return effect;
    }
}
