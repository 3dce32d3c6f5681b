using System.Text;
using HandoffRules.Routing;

namespace HandoffRules.Tests.Routing;

// The reference the account name index is held to: matching as it was first written, comparing a
// lead's name with every account name of its first letter and length window, allocating as it goes.
// Kept verbatim (only renamed) so the index's answers can be compared with it.

/// <summary>The reference name matching: every candidate compared in full.</summary>
internal sealed class BruteForceAccountNames
{
    private readonly Dictionary<string, int> _exact = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shared = new(StringComparer.Ordinal);
    // By first letter: a typo rarely changes the first letter, and it keeps the scan to a sliver of a large book.
    private readonly Dictionary<char, List<(string Name, int Account)>> _byInitial = [];

    public BruteForceAccountNames(IReadOnlyList<string> names)
    {
        for (var a = 0; a < names.Count; a++)
        {
            var name = BruteForceCompanyNames.Normalise(names[a]);
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
        var name = BruteForceCompanyNames.Normalise(company);
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

                var score = BruteForceCompanyNames.Similarity(name, candidate);
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

/// <summary>The reference normal form and similarity, as first written.</summary>
internal static class BruteForceCompanyNames
{
    // Legal forms, as words after punctuation is removed ("S.A." → "s a", "Pty. Ltd." → "pty ltd").
    private static readonly HashSet<string> LegalSuffixes = new(StringComparer.Ordinal)
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "llp", "lp", "ltd", "limited",
        "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "pty", "plc", "bv", "nv", "oy", "ab", "as", "kk", "pte", "group", "holdings",
    };

    /// <summary>The comparable form of a company name; empty when nothing but legal words and punctuation is left.</summary>
    public static string Normalise(string name)
    {
        var folded = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c == '&' || c == '+')
            {
                folded.Append(" and ");
            }
            else if (c is '\'' or '’')
            {
                // "Macy's" is "macys", not "macy s".
            }
            else if (Fold(char.ToLowerInvariant(c)) is { } plain)
            {
                folded.Append(plain);
            }
            else if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
            else
            {
                folded.Append(' ');
            }
        }

        var words = folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && words[0] == "the")
        {
            words.RemoveAt(0);
        }

        // Single letters in a row are one abbreviation: "s a" → "sa", "i b m" → "ibm".
        var joined = new List<string>(words.Count);
        var initials = false;
        foreach (var word in words)
        {
            var letter = word.Length == 1 && char.IsLetter(word[0]);
            if (letter && initials)
            {
                joined[^1] += word;
            }
            else
            {
                joined.Add(word);
            }

            initials = letter;
        }

        words = joined;
        while (words.Count > 1 && LegalSuffixes.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words);
    }

    // Accented Latin letters folded to their plain form without Unicode normalisation, which the
    // invariant globalization mode the product runs in does not offer.
    private const string Accented = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿźżž";
    private const string Plain = "aaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz";

    private static string? Fold(char c)
    {
        var at = Accented.IndexOf(c, StringComparison.Ordinal);
        if (at >= 0)
        {
            return Plain[at].ToString();
        }

        return c switch
        {
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'þ' => "th",
            _ => null,
        };
    }

    /// <summary>
    /// How alike two normalised names are, from 0 to 1: one minus the edit distance (insertions,
    /// deletions, substitutions and swaps of neighbours, as typos are) over the longer length.
    /// </summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return 1.0 - (double)d[a.Length, b.Length] / Math.Max(a.Length, b.Length);
    }
}
