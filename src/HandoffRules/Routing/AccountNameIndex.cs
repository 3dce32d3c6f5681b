namespace HandoffRules.Routing;

/// <summary>How a lead was matched to an account, for the trace.</summary>
internal enum AccountMatchKind
{
    None,
    Domain,
    Name,
}

/// <summary>The outcome of matching a lead's company name: the account (or -1), the closest one and how close.</summary>
internal readonly record struct NameMatch(int Account, int Closest, double Confidence, bool Ambiguous);

/// <summary>
/// Account names in their comparable form (see <see cref="CompanyNames"/>), built when the router
/// is compiled. An exact match of the forms has confidence 1; otherwise the closest name by
/// typo distance is scored, and only a score at or above the playbook's threshold is a match —
/// below it the lead matches no account, it is never given to a guess. Names that two accounts
/// share match neither.
/// </summary>
internal sealed class AccountNameIndex
{
    private readonly Dictionary<string, int> _exact = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shared = new(StringComparer.Ordinal);
    // By first letter: a typo rarely changes the first letter, and it keeps the scan to a sliver of a large book.
    private readonly Dictionary<char, List<(string Name, int Account)>> _byInitial = [];

    public AccountNameIndex(IReadOnlyList<string> names)
    {
        for (var a = 0; a < names.Count; a++)
        {
            var name = CompanyNames.Normalise(names[a]);
            if (name.Length == 0)
            {
                continue;
            }

            if (!_exact.TryAdd(name, a) && _exact[name] != a)
            {
                _shared.Add(name);
            }

            if (!_byInitial.TryGetValue(name[0], out var list))
            {
                _byInitial[name[0]] = list = [];
            }

            list.Add((name, a));
        }
    }

    public NameMatch Match(string company, double threshold)
    {
        var name = CompanyNames.Normalise(company);
        if (name.Length == 0)
        {
            return new NameMatch(-1, -1, 0, false);
        }

        if (_exact.TryGetValue(name, out var exact))
        {
            return _shared.Contains(name) ? new NameMatch(-1, exact, 1, true) : new NameMatch(exact, exact, 1, false);
        }

        var best = -1;
        var bestScore = 0.0;
        var tie = false;
        if (_byInitial.TryGetValue(name[0], out var candidates))
        {
            foreach (var (candidate, account) in candidates)
            {
                // Names whose lengths differ by more than the threshold allows cannot reach it.
                if (Math.Abs(candidate.Length - name.Length) > Math.Max(candidate.Length, name.Length) * (1 - threshold))
                {
                    continue;
                }

                var score = CompanyNames.Similarity(name, candidate);
                if (score > bestScore)
                {
                    (best, bestScore, tie) = (account, score, false);
                }
                else if (score == bestScore && account != best)
                {
                    tie = true;
                }
            }
        }

        return bestScore >= threshold && !tie ? new NameMatch(best, best, bestScore, false) : new NameMatch(-1, best, bestScore, tie);
    }
}
