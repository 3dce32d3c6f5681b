using System.Buffers;
using System.Runtime.Intrinsics;

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
/// <remarks>
/// <para>
/// The candidates for a typo match are the names with the lead's first letter (a typo rarely
/// changes it) whose length is within what the threshold allows of the lead's. A book of tens of
/// thousands of accounts still leaves hundreds of those, so each is first measured by the letters
/// the two names do not share, a bound no name that could reach the threshold exceeds (proved at
/// <see cref="UnsharedLetters"/>), and only the few within it are compared typo by typo — in a band
/// as wide as the typos the threshold allows, stopping as soon as that is exceeded.
/// </para>
/// <para>
/// The closest name below the threshold (the near miss the trace names) is only looked for when
/// the decision is traced; it is found among the same candidates with the same bound against the
/// closest so far. Matching a lead allocates nothing: its name is normalised into the stack.
/// </para>
/// </remarks>
internal sealed class AccountNameIndex
{
    // Letter classes counted per name: a–z, digits, space, and four for every other character.
    private const int Classes = 32;
    // A lead's normalised name fits on the stack up to this many characters (a 100-character name).
    private const int StackChars = 512;
    private const int StackCells = 768;

    private readonly double _threshold;
    private readonly Dictionary<string, (int Account, bool Shared)> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Account, bool Shared)>.AlternateLookup<ReadOnlySpan<char>> _exactSpans;

    // The candidates, ordered by first letter, then length, then account; a shelf is one length of one first letter.
    private readonly Dictionary<char, Shelf[]> _byInitial = [];
    private readonly string[] _names;
    private readonly int[] _accounts;
    private readonly byte[] _letters;
    private readonly int[] _letterTotals;
    private readonly int _longest;

    /// <summary>Indexes the accounts' names (one per account, by account index) for a playbook's threshold.</summary>
    public AccountNameIndex(IReadOnlyList<string> names, double threshold)
    {
        _threshold = threshold;
        _exactSpans = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        var candidates = new List<(string Name, int Account)>(names.Count);
        for (var a = 0; a < names.Count; a++)
        {
            var name = CompanyNames.Normalise(names[a]);
            if (name.Length == 0)
            {
                continue;
            }

            if (!_exact.TryAdd(name, (a, false)) && _exact[name].Account != a)
            {
                _exact[name] = (_exact[name].Account, true);
            }

            candidates.Add((name, a));
        }

        candidates.Sort((x, y) => x.Name[0] != y.Name[0] ? x.Name[0].CompareTo(y.Name[0])
            : x.Name.Length != y.Name.Length ? x.Name.Length.CompareTo(y.Name.Length)
            : x.Account.CompareTo(y.Account));
        _names = new string[candidates.Count];
        _accounts = new int[candidates.Count];
        _letters = new byte[candidates.Count * Classes];
        _letterTotals = new int[candidates.Count];
        var shelves = new List<Shelf>();
        for (var c = 0; c < candidates.Count; c++)
        {
            var (name, account) = candidates[c];
            (_names[c], _accounts[c]) = (name, account);
            _letterTotals[c] = Count(name, _letters.AsSpan(c * Classes, Classes));
            _longest = Math.Max(_longest, name.Length);
            if (c > 0 && name[0] == _names[c - 1][0] && name.Length == _names[c - 1].Length)
            {
                shelves[^1] = shelves[^1] with { Count = shelves[^1].Count + 1 };
                continue;
            }

            if (c > 0 && name[0] != _names[c - 1][0])
            {
                _byInitial[_names[c - 1][0]] = [.. shelves];
                shelves.Clear();
            }

            shelves.Add(new Shelf(name.Length, c, 1));
        }

        if (candidates.Count > 0)
        {
            _byInitial[_names[^1][0]] = [.. shelves];
        }
    }

    /// <summary>
    /// Matches a lead's company name. With <paramref name="nearMiss"/>, a name below the threshold
    /// also gets the closest account and its confidence, for the trace; without it, such a name
    /// only gets "no match" (no closest account), which is all a decision needs.
    /// </summary>
    public NameMatch Match(ReadOnlySpan<char> company, bool nearMiss)
    {
        var size = CompanyNames.FoldedLength(company.Length);
        char[]? rented = null;
        var buffer = size <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(size));
        try
        {
            return MatchNormalised(CompanyNames.Normalise(company, buffer), nearMiss);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private NameMatch MatchNormalised(ReadOnlySpan<char> name, bool nearMiss)
    {
        if (name.Length == 0)
        {
            return new NameMatch(-1, -1, 0, false);
        }

        if (_exactSpans.TryGetValue(name, out var exact))
        {
            return exact.Shared ? new NameMatch(-1, exact.Account, 1, true) : new NameMatch(exact.Account, exact.Account, 1, false);
        }

        if (!_byInitial.TryGetValue(name[0], out var shelves))
        {
            return new NameMatch(-1, -1, 0, false);
        }

        Span<byte> letters = stackalloc byte[Classes];
        var total = Count(name, letters);
        var lead = Vector256.Create((ReadOnlySpan<byte>)letters);
        var cells = 3 * (_longest + 1);
        int[]? rented = null;
        var rows = cells <= StackCells ? stackalloc int[StackCells] : (rented = ArrayPool<int>.Shared.Rent(cells));
        try
        {
            // First the names that can reach the threshold: all a decision needs when one does.
            var best = Search(name, shelves, lead, total, _threshold, rows);
            if (best.Confidence >= _threshold)
            {
                return best.Tie ? new NameMatch(-1, best.Account, best.Confidence, true) : new NameMatch(best.Account, best.Account, best.Confidence, false);
            }

            if (!nearMiss)
            {
                return new NameMatch(-1, -1, 0, false);
            }

            // None does: the trace names the closest of all the candidates.
            best = Search(name, shelves, lead, total, 0, rows);
            return new NameMatch(-1, best.Account, best.Confidence, best.Tie);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    // The closest candidates at or above the floor: the highest confidence, the first account that
    // has it, and whether another has it too. A candidate is scored only when the letters it does not
    // share with the lead allow it to reach the floor or, once one is found, the closest so far.
    private Closest Search(ReadOnlySpan<char> name, Shelf[] shelves, Vector256<byte> lead, int total, double floor, Span<int> rows)
    {
        var best = new Closest(-1, 0, false);
        foreach (var shelf in shelves)
        {
            // Names whose lengths differ by more than the threshold allows are never candidates.
            if (Math.Abs(shelf.Length - name.Length) > Math.Max(shelf.Length, name.Length) * (1 - _threshold))
            {
                continue;
            }

            var longer = Math.Max(shelf.Length, name.Length);
            var limit = TyposWithin(longer, Math.Max(floor, best.Confidence));
            for (var c = shelf.Start; c < shelf.Start + shelf.Count; c++)
            {
                if (UnsharedLetters(lead, total, c) > limit)
                {
                    continue;
                }

                var typos = CompanyNames.Typos(name, _names[c], limit, rows);
                if (typos > limit)
                {
                    continue;
                }

                var confidence = CompanyNames.Confidence(typos, longer);
                var account = _accounts[c];
                if (confidence > best.Confidence)
                {
                    best = new Closest(account, confidence, false);
                    limit = TyposWithin(longer, Math.Max(floor, confidence));
                }
                else if (confidence == best.Confidence)
                {
                    // Ties are kept in account order, as a scan of the book in its order finds them.
                    best = new Closest(Math.Min(account, best.Account), confidence, true);
                }
            }
        }

        return best;
    }

    // The most typos a name of this longer length can have and still score the floor: the
    // confidence falls as the typos grow, so these are exactly the typo counts that reach it.
    private static int TyposWithin(int longer, double floor)
    {
        var typos = 0;
        while (typos < longer && CompanyNames.Confidence(typos + 1, longer) >= floor)
        {
            typos++;
        }

        return typos;
    }

    /// <summary>
    /// A lower bound of the typos between the lead's name and candidate <paramref name="c"/>: how
    /// many letters one has that the other lacks, counted by letter class.
    /// </summary>
    /// <remarks>
    /// Why no candidate within a typo limit is pruned: with a<sub>x</sub> and b<sub>x</sub> the two
    /// names' counts of letter x, let P = Σ max(0, a<sub>x</sub> − b<sub>x</sub>) and
    /// N = Σ max(0, b<sub>x</sub> − a<sub>x</sub>). A typo changes P and N by at most one each: an
    /// insertion or a deletion adds or removes one letter, a substitution removes one and adds one,
    /// a swap of neighbours changes no count. The distance <see cref="CompanyNames.Typos"/> measures
    /// is the length of such a sequence of typos turning one name into the other (after which P = N
    /// = 0), so it is at least max(P, N). Counting letters by class (several letters in one class)
    /// and capping a count at 255 can only lower P and N: a class's difference is at most the sum
    /// of its letters' differences, and capping both counts never widens the gap between them.
    /// Since P + N = Σ |a<sub>x</sub> − b<sub>x</sub>| and P − N = Σ a<sub>x</sub> − Σ b<sub>x</sub>,
    /// max(P, N) = (Σ |a<sub>x</sub> − b<sub>x</sub>| + |Σ a<sub>x</sub> − Σ b<sub>x</sub>|) / 2,
    /// which is what is returned. A candidate whose bound exceeds the typos a confidence allows
    /// (<see cref="TyposWithin"/>) therefore cannot reach that confidence.
    /// </remarks>
    private int UnsharedLetters(Vector256<byte> lead, int total, int c)
    {
        var candidate = Vector256.Create((ReadOnlySpan<byte>)_letters.AsSpan(c * Classes, Classes));
        var (low, high) = Vector256.Widen(Vector256.Max(lead, candidate) - Vector256.Min(lead, candidate));
        return (Vector256.Sum(low + high) + Math.Abs(total - _letterTotals[c])) / 2;
    }

    // Counts a name's letters by class into the span (capped at 255) and returns the sum of the counts.
    private static int Count(ReadOnlySpan<char> name, Span<byte> letters)
    {
        letters.Clear();
        foreach (var ch in name)
        {
            var x = ch switch
            {
                >= 'a' and <= 'z' => ch - 'a',
                >= '0' and <= '9' => 26,
                ' ' => 27,
                _ => 28 + (ch & 3),
            };
            if (letters[x] < byte.MaxValue)
            {
                letters[x]++;
            }
        }

        var total = 0;
        foreach (var n in letters)
        {
            total += n;
        }

        return total;
    }

    // The candidates of one first letter and one length: Count of them from Start.
    private readonly record struct Shelf(int Length, int Start, int Count);

    private readonly record struct Closest(int Account, double Confidence, bool Tie);
}
