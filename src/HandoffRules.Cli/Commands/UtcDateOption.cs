using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace HandoffRules.Cli.Commands;

/// <summary>
/// Date options: a day (2026-11-16) or a full ISO 8601 timestamp, read as UTC whatever the machine's
/// time zone, so a report window means the same days everywhere.
/// </summary>
internal static class UtcDateOption
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static Option<DateTimeOffset?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "yyyy-mm-dd",
        CustomParser = result => Parse(result, name),
    };

    private static DateTimeOffset? Parse(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var token = result.Tokens[^1].Value;
        if (DateTimeOffset.TryParseExact(token, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        result.AddError($"{name}: '{token}' is not a date; expected a date like 2026-11-16 (or a UTC timestamp like 2026-11-16T09:00:00Z).");
        return null;
    }
}
