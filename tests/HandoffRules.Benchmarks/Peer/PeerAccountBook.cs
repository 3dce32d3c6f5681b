namespace HandoffRules.Benchmarks.Peer;

/// <summary>
/// The playbook's account domains as one lookup the peer engine's rule calls
/// (<c>book.Matches(lead.Domain)</c>), the way a RulesEngine team with hundreds of named accounts
/// would write it: one rule over a set passed in as a rule parameter, not one rule per account. A
/// lead matches when its domain, or a parent of it, is an account's domain.
/// </summary>
public sealed class PeerAccountBook
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _domains;

    internal PeerAccountBook(IEnumerable<string> domains) =>
        _domains = new HashSet<string>(domains, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the domain or one of its parent domains belongs to an account.</summary>
    public bool Matches(string? domain)
    {
        var rest = domain.AsSpan();
        while (!rest.IsEmpty)
        {
            if (_domains.Contains(rest))
            {
                return true;
            }

            var dot = rest.IndexOf('.');
            rest = dot < 0 ? [] : rest[(dot + 1)..];
        }

        return false;
    }
}
