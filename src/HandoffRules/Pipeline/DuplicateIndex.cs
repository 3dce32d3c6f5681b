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

/// <summary>An in-memory duplicate index under a playbook's rule (the host keeps the same keys in its store).</summary>
public sealed class DuplicateIndex(DuplicateRule rule) : IDuplicateIndex
{
    private readonly Dictionary<string, (DuplicateMatch Match, DateTimeOffset At)> _seen = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public DuplicateMatch? Find(Lead lead, DuplicateKey[] keys)
    {
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
        var match = new DuplicateMatch(lead.Id, queue, member, "", open);
        foreach (var (key, _) in keys)
        {
            _seen[key] = (match, lead.ArrivedAt);
        }
    }
}
