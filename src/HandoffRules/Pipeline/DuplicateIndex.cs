using HandoffRules.Model;

namespace HandoffRules.Pipeline;

/// <summary>The earlier lead a new one duplicates, and where that lead is now.</summary>
/// <param name="LeadId">The earlier lead's id.</param>
/// <param name="Queue">Its queue now.</param>
/// <param name="Member">Its owner now (after any reassignment).</param>
/// <param name="MatchedOn">Which key matched ("email", "name and domain").</param>
/// <param name="Open">True while its hand-off is open: it was routed and has not gone back to nurture.</param>
public sealed record DuplicateMatch(string LeadId, string? Queue, string? Member, string MatchedOn, bool Open);

/// <summary>One key a lead is compared by, and what a match on it is called.</summary>
/// <param name="Key">The comparison key ("email:ana@northwind.com").</param>
/// <param name="MatchedOn">What matched ("email", "name and domain").</param>
public readonly record struct DuplicateKey(string Key, string MatchedOn);

/// <summary>
/// The keys a playbook's duplicate rule compares leads by. Shared by the in-memory index of the
/// simulation and the host's stored index, so both call the same leads duplicates.
/// </summary>
public static class DuplicateKeys
{
    /// <summary>The lead's keys under the rule, most specific first.</summary>
    public static DuplicateKey[] For(Lead lead, DuplicateRule rule)
    {
        var byEmail = rule.SameEmail && lead.Email is not null;
        var byName = rule.SameNameAndDomain && lead is { FirstName: not null, LastName: not null, Domain: not null, IsFreeMail: false };
        if (!byEmail && !byName)
        {
            return [];
        }

        var keys = new DuplicateKey[(byEmail ? 1 : 0) + (byName ? 1 : 0)];
        if (byEmail)
        {
            keys[0] = new DuplicateKey("email:" + lead.Email!.ToLowerInvariant(), "email");
        }

        if (byName)
        {
            keys[^1] = new DuplicateKey($"name:{lead.FirstName!.ToLowerInvariant()}|{lead.LastName!.ToLowerInvariant()}@{lead.Domain}", "name and domain");
        }

        return keys;
    }
}

/// <summary>
/// Where the pipeline looks up and remembers leads for duplicate detection. The pipeline works out
/// a lead's <see cref="DuplicateKeys"/> once and passes them to both calls.
/// </summary>
public interface IDuplicateIndex
{
    /// <summary>The earlier lead this one duplicates within the rule's window, or null.</summary>
    DuplicateMatch? Find(Lead lead, DuplicateKey[] keys);

    /// <summary>Remembers a decided lead with where it went, and whether it was handed off (<paramref name="open"/>).</summary>
    void Remember(Lead lead, DuplicateKey[] keys, string? queue, string? member, bool open);
}

/// <summary>
/// An in-memory duplicate index under a playbook's rule (the host keeps the same keys in its store).
/// It forgets a key once leads arrive more than twice the rule's window after it: no later lead can
/// match it any more, so a long simulation holds the keys of one window of leads, not of every lead.
/// The second window is slack for leads taken slightly out of arrival order.
/// </summary>
public sealed class DuplicateIndex(DuplicateRule rule) : IDuplicateIndex
{
    private readonly Dictionary<string, (DuplicateMatch Match, DateTimeOffset At)> _seen = new(StringComparer.Ordinal);

    // Keys in the order they were remembered, with the arrival they were remembered at.
    private readonly Queue<(string Key, DateTimeOffset At)> _arrivals = new();
    private DateTimeOffset _latest = DateTimeOffset.MinValue;

    /// <summary>How many keys the index holds now.</summary>
    public int Count => _seen.Count;

    /// <inheritdoc />
    public DuplicateMatch? Find(Lead lead, DuplicateKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var (key, matchedOn) in keys)
        {
            if (_seen.TryGetValue(key, out var earlier) && lead.ArrivedAt - earlier.At <= rule.Window)
            {
                return earlier.Match with { MatchedOn = matchedOn };
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Remember(Lead lead, DuplicateKey[] keys, string? queue, string? member, bool open)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(keys);
        var match = new DuplicateMatch(lead.Id, queue, member, "", open);
        foreach (var (key, _) in keys)
        {
            _seen[key] = (match, lead.ArrivedAt);
            _arrivals.Enqueue((key, lead.ArrivedAt));
        }

        if (lead.ArrivedAt > _latest)
        {
            _latest = lead.ArrivedAt;
            Forget();
        }
    }

    private void Forget()
    {
        // Keys remembered before the horizon can match no lead arriving from now on (give or take
        // one window of disorder). A key remembered again later stays under its newer arrival.
        if (rule.Window.Ticks >= (_latest.UtcTicks - DateTimeOffset.MinValue.UtcTicks) / 2)
        {
            return;
        }

        var horizon = _latest - rule.Window - rule.Window;
        while (_arrivals.TryPeek(out var oldest) && oldest.At < horizon)
        {
            _arrivals.Dequeue();
            if (_seen.TryGetValue(oldest.Key, out var held) && held.At == oldest.At)
            {
                _seen.Remove(oldest.Key);
            }
        }
    }
}
