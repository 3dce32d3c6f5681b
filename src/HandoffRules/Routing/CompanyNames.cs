using System.Globalization;
using System.Text;

namespace HandoffRules.Routing;

/// <summary>
/// The form company names are compared in when a lead is matched to an account by name: case,
/// accents, punctuation, a leading "The", "&amp;" for "and" and legal suffixes (Inc, Corp, LLC, Ltd,
/// GmbH, AG, S.A., Pty…) make no difference. "The Globex Corporation" and "globex corp." are one name.
/// </summary>
internal static class CompanyNames
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
