using System.Globalization;
using System.Text;

namespace HandoffRules.Checks;

/// <summary>
/// The one rule for how names are read, shared by the DSL, the analyzers, the runtime validator
/// and (through the validator) the router: a name — of a definition, territory, segment, member,
/// queue, account, route, escalation, trigger, SLA, reason, nurture track, stage or status, where
/// it is declared and wherever it is referred to — is matched exactly as written, and whitespace
/// at its start or end is refused (HR1005). Nothing trims a name silently, so "Triage " can never
/// be one queue to the compiler and another to the host.
/// </summary>
internal static class Names
{
    /// <summary>
    /// The form the checks compare names in. It drops surrounding whitespace only so that one stray
    /// space is reported once (HR1005), not again as an unknown reference or a missing queue.
    /// </summary>
    public static string Key(string name) => name.Trim();

    /// <summary>True when the name starts or ends with whitespace.</summary>
    public static bool HasSurroundingWhitespace(string name) =>
        name.Length > 0 && (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[name.Length - 1]));

    /// <summary>
    /// The name with the whitespace at its start and end made visible ("Triage␠"), for messages:
    /// a trailing space inside quotes is easy to miss, a tab or a no-break space impossible to see.
    /// </summary>
    public static string Visible(string? name)
    {
        if (name is null)
        {
            return "?";
        }

        if (!HasSurroundingWhitespace(name))
        {
            return name;
        }

        var start = 0;
        while (start < name.Length && char.IsWhiteSpace(name[start]))
        {
            start++;
        }

        var end = name.Length;
        while (end > start && char.IsWhiteSpace(name[end - 1]))
        {
            end--;
        }

        var text = new StringBuilder();
        for (var i = 0; i < start; i++)
        {
            text.Append(Picture(name[i]));
        }

        text.Append(name, start, end - start);
        for (var i = end; i < name.Length; i++)
        {
            text.Append(Picture(name[i]));
        }

        return text.ToString();
    }

    /// <summary>What is wrong with a written name in words, or null when nothing is.</summary>
    public static string? Problem(string name)
    {
        if (name.Trim().Length == 0)
        {
            return "is empty";
        }

        if (!HasSurroundingWhitespace(name))
        {
            return null;
        }

        var leading = char.IsWhiteSpace(name[0]);
        var trailing = char.IsWhiteSpace(name[name.Length - 1]);
        var where = leading && trailing ? "starts and ends" : leading ? "starts" : "ends";
        return $"{where} with whitespace (shown as {Legend(name)}); names are matched exactly as written, so remove it";
    }

    // "␠ for a space, ␉ for a tab": each kind of whitespace found at the edges, once.
    private static string Legend(string name)
    {
        var trimmed = name.Trim();
        var at = name.IndexOf(trimmed, System.StringComparison.Ordinal);
        var legend = new StringBuilder();
        var seen = new System.Collections.Generic.HashSet<char>();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var edge = trimmed.Length == 0 || i < at || i >= at + trimmed.Length;
            if (!edge || !seen.Add(c))
            {
                continue;
            }

            legend.Append(legend.Length == 0 ? "" : ", ").Append(Picture(c)).Append(c switch
            {
                ' ' => " for a space",
                '\t' => " for a tab",
                '\u00A0' => " for a no-break space",
                _ => " for a whitespace character",
            });
        }

        return legend.ToString();
    }

    // The Unicode control pictures are made for exactly this: showing a whitespace character.
    private static string Picture(char c) => c switch
    {
        ' ' => "\u2420",
        '\t' => "\u2409",
        '\n' => "\u240A",
        '\r' => "\u240D",
        _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
    };
}
