using HandoffRules.Model;

namespace HandoffRules.Routing;

/// <summary>
/// Account owners refreshed from the CRM, in the order they were refreshed, and which one is in
/// effect for a decision. The router reads it through <see cref="DistributionState.AccountOwners"/>:
/// an account with a refreshed owner goes to that member instead of the book's owner, and so do its
/// subsidiaries that take their owner from it.
/// </summary>
/// <remarks>
/// Live, the owner refreshed last is in effect for every decision after it. Replaying history
/// (<paramref name="byDecisionTime"/>), an owner refreshed at T is in effect for decisions at or after
/// T only, so today's owner does not rewrite last month's replayed decisions.
/// </remarks>
/// <param name="byDecisionTime">True when replaying: a refreshed owner applies from its own time on.</param>
public sealed class AccountOwnerLog(bool byDecisionTime)
{
    private readonly Dictionary<string, List<(long Seq, RefreshedOwner Owner)>> _byAccount = new(StringComparer.Ordinal);

    /// <summary>The position of the last refresh added (0 when none): where to read the log on from.</summary>
    public long LastSeq { get; private set; }

    /// <summary>True when no owner was ever refreshed: the router then skips the lookup.</summary>
    public bool IsEmpty => _byAccount.Count == 0;

    /// <summary>Adds an owner as refreshed at position <paramref name="seq"/> of the log (positions only grow).</summary>
    public void Add(long seq, RefreshedOwner owner)
    {
        if (!_byAccount.TryGetValue(owner.Account, out var owners))
        {
            _byAccount[owner.Account] = owners = [];
        }

        owners.Add((seq, owner));
        LastSeq = Math.Max(LastSeq, seq);
    }

    /// <summary>Notes that the log was read up to <paramref name="seq"/>, even when the refreshes there changed no owner.</summary>
    public void ReadTo(long seq) => LastSeq = Math.Max(LastSeq, seq);

    /// <summary>Forgets what was added after position <paramref name="seq"/>: the work of a transaction that was rolled back.</summary>
    public void ForgetAfter(long seq)
    {
        foreach (var (account, owners) in _byAccount.ToList())
        {
            owners.RemoveAll(o => o.Seq > seq);
            if (owners.Count == 0)
            {
                _byAccount.Remove(account);
            }
        }

        LastSeq = Math.Min(LastSeq, seq);
    }

    /// <summary>The owner in effect for a decision about the account at <paramref name="at"/>; null when none is (the book decides).</summary>
    public RefreshedOwner? InEffect(string account, DateTimeOffset at)
    {
        if (!_byAccount.TryGetValue(account, out var owners))
        {
            return null;
        }

        if (!byDecisionTime)
        {
            return owners[^1].Owner;
        }

        RefreshedOwner? effect = null;
        foreach (var (_, owner) in owners)
        {
            if (owner.RefreshedAt <= at && (effect is null || owner.RefreshedAt >= effect.RefreshedAt))
            {
                effect = owner;
            }
        }

        return effect;
    }
}
