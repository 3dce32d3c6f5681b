using HandoffRules.Model;

namespace HandoffRules.Pipeline;

/// <summary>The earlier lead a new one duplicates, and where that lead went.</summary>
/// <param name="LeadId">The earlier lead's id.</param>
/// <param name="Queue">Its queue.</param>
/// <param name="Member">Its owner.</param>
/// <param name="MatchedOn">Which key matched ("email", "name and domain").</param>
public sealed record DuplicateMatch(string LeadId, string? Queue, string? Member, string MatchedOn);

/// <summary>
/// The keys a playbook's duplicate rule compares leads by. Shared by the in-memory index of the
/// simulation and the host's stored index, so both call the same leads duplicates.
/// </summary>
public static class DuplicateKeys
{
    /// <summary>The lead's keys under the rule, most specific first.</summary>
    public static IEnumerable<(string Key, string MatchedOn)> For(Lead lead, DuplicateRule rule)
    {
        if (rule.SameEmail && lead.Email is not null)
        {
            yield return ("email:" + lead.Email.ToLowerInvariant(), "email");
        }

        if (rule.SameNameAndDomain && lead is { FirstName: not null, LastName: not null, Domain: not null, IsFreeMail: false })
        {
            yield return ($"name:{lead.FirstName.ToLowerInvariant()}|{lead.LastName.ToLowerInvariant()}@{lead.Domain}", "name and domain");
        }
    }
}

/// <summary>Where the pipeline looks up and remembers leads for duplicate detection.</summary>
public interface IDuplicateIndex
{
    /// <summary>The earlier lead this one duplicates within the rule's window, or null.</summary>
    DuplicateMatch? Find(Lead lead);

    /// <summary>Remembers a decided lead with where it went.</summary>
    void Remember(Lead lead, string? queue, string? member);
}

/// <summary>An in-memory duplicate index under a playbook's rule (the host keeps the same keys in its store).</summary>
public sealed class DuplicateIndex(DuplicateRule rule) : IDuplicateIndex
{
    private readonly Dictionary<string, (DuplicateMatch Match, DateTimeOffset At)> _seen = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public DuplicateMatch? Find(Lead lead)
    {
        foreach (var (key, matchedOn) in DuplicateKeys.For(lead, rule))
        {
            if (_seen.TryGetValue(key, out var earlier) && lead.ArrivedAt - earlier.At <= rule.Window)
            {
                return earlier.Match with { MatchedOn = matchedOn };
            }
        }

        return null;
    }

    /// <inheritdoc />
    public void Remember(Lead lead, string? queue, string? member)
    {
        var match = new DuplicateMatch(lead.Id, queue, member, "");
        foreach (var (key, _) in DuplicateKeys.For(lead, rule))
        {
            _seen[key] = (match, lead.ArrivedAt);
        }
    }
}
