using System.Globalization;

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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LegalSuffixWords = LegalSuffixes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The comparable form of a company name; empty when nothing but legal words and punctuation is left.</summary>
    public static string Normalise(string name)
    {
        var buffer = new char[FoldedLength(name.Length)];
        return new string(Normalise(name, buffer));
    }

    /// <summary>The room <see cref="Normalise(ReadOnlySpan{char}, Span{char})"/> needs for a name of this length: "&amp;" becomes " and ".</summary>
    public static int FoldedLength(int length) => length * 5;

    /// <summary>
    /// The comparable form of a company name, written into <paramref name="buffer"/> (at least
    /// <see cref="FoldedLength"/> long) and returned as a slice of it: a lead's name is normalised
    /// on every name match, so this allocates nothing.
    /// </summary>
    public static ReadOnlySpan<char> Normalise(ReadOnlySpan<char> name, Span<char> buffer)
    {
        // Fold into the buffer: lower case, plain letters, punctuation as spaces.
        var length = 0;
        foreach (var c in name)
        {
            if (c == '&' || c == '+')
            {
                " and ".CopyTo(buffer[length..]);
                length += 5;
            }
            else if (c is '\'' or '’')
            {
                // "Macy's" is "macys", not "macy s".
            }
            else if (Fold(char.ToLowerInvariant(c), buffer[length..]) is var folded and > 0)
            {
                length += folded;
            }
            else if (char.IsLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
            else
            {
                buffer[length++] = ' ';
            }
        }

        // Then rewrite the words in place, one space apart (never ahead of where they are read from).
        var text = buffer[..length];
        var words = 0;
        for (var at = 0; NextWord(text, ref at, out _);)
        {
            words++;
        }

        var written = 0;
        var kept = 0;
        var initials = false;
        var index = 0;
        for (var at = 0; NextWord(text, ref at, out var word);)
        {
            var read = text[word];
            if (index++ == 0 && words > 1 && read.SequenceEqual("the"))
            {
                // A leading "The" goes when something follows it.
                continue;
            }

            // Single letters in a row are one abbreviation: "s a" → "sa", "i b m" → "ibm".
            var letter = read.Length == 1 && char.IsLetter(read[0]);
            if (!(letter && initials))
            {
                if (kept > 0)
                {
                    buffer[written++] = ' ';
                }

                kept++;
            }

            read.CopyTo(buffer[written..]);
            written += read.Length;
            initials = letter;
        }

        // Legal forms at the end go, as long as a name is left.
        while (kept > 1)
        {
            var space = buffer[..written].LastIndexOf(' ');
            if (!LegalSuffixWords.Contains(buffer[(space + 1)..written]))
            {
                break;
            }

            written = space;
            kept--;
        }

        return buffer[..written];
    }

    private static bool NextWord(ReadOnlySpan<char> text, ref int at, out Range word)
    {
        while (at < text.Length && text[at] == ' ')
        {
            at++;
        }

        var start = at;
        while (at < text.Length && text[at] != ' ')
        {
            at++;
        }

        word = start..at;
        return at > start;
    }

    // Accented Latin letters folded to their plain form without Unicode normalisation, which the
    // invariant globalization mode the product runs in does not offer.
    private const string Accented = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿźżž";
    private const string Plain = "aaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz";

    // Writes the plain form of an accented letter and returns its length, 0 when the letter has none.
    private static int Fold(char c, Span<char> into)
    {
        var at = Accented.IndexOf(c, StringComparison.Ordinal);
        if (at >= 0)
        {
            into[0] = Plain[at];
            return 1;
        }

        var plain = c switch
        {
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'þ' => "th",
            _ => "",
        };
        plain.CopyTo(into);
        return plain.Length;
    }

    /// <summary>
    /// How alike two normalised names are, from 0 to 1, given their <see cref="Typos"/>: one minus
    /// the typos over the longer length.
    /// </summary>
    public static double Confidence(int typos, int longer) => 1.0 - (double)typos / longer;

    /// <summary>
    /// The edit distance between two normalised names — insertions, deletions, substitutions and
    /// swaps of neighbours, as typos are (optimal string alignment) — or <paramref name="limit"/> + 1
    /// when it is larger than <paramref name="limit"/>. <paramref name="rows"/> holds three rows of
    /// <paramref name="b"/>'s length + 1.
    /// </summary>
    /// <remarks>
    /// Only the band of cells within <paramref name="limit"/> of the diagonal is computed: a cell
    /// (i, j) is at least |i − j| away, so every cell outside the band is over the limit, and the
    /// recurrence (a minimum of neighbours plus 0 or 1) gives the same answer when values over the
    /// limit are all read as limit + 1. The cells just outside the band that the next row reads are
    /// written as limit + 1.
    /// </remarks>
    public static int Typos(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int limit, Span<int> rows)
    {
        var over = limit + 1;
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return over;
        }

        var width = b.Length + 1;
        var before = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = Math.Min(j, over);
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var from = Math.Max(1, i - limit);
            var to = Math.Min(b.Length, i + limit);
            current[0] = Math.Min(i, over);
            if (from > 1)
            {
                current[from - 1] = over;
            }

            var smallest = over;
            for (var j = from; j <= to; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d = Math.Min(d, before[j - 2] + 1);
                }

                current[j] = Math.Min(d, over);
                smallest = Math.Min(smallest, current[j]);
            }

            if (to < b.Length)
            {
                current[to + 1] = over;
            }

            if (smallest == over && i > limit)
            {
                // This whole row is over the limit (its first cell, i, too), and so is every later
                // one: a cell is a neighbour in this row plus 0 or 1, its left neighbour plus 1, or
                // a swap from the row before plus 1 — and each cell of the row before is at least the
                // limit, since its diagonal neighbour in this row is at most one more.
                return over;
            }

            var spare = before;
            before = previous;
            previous = current;
            current = spare;
        }

        return previous[b.Length];
    }
}
