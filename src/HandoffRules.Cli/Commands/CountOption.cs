using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace HandoffRules.Cli.Commands;

/// <summary>
/// Options that take a whole number with a floor: a count below it is a parse error that names the
/// option, never a silent fallback to a default.
/// </summary>
internal static class CountOption
{
    /// <param name="name">The option.</param>
    /// <param name="description">What it means.</param>
    /// <param name="minimum">The floor.</param>
    /// <param name="defaultValue">The default, or null.</param>
    /// <param name="helpName">The value's name in help.</param>
    /// <param name="acceptsFile">True when a value that is no number may name an existing file, which the command reads from the token (then the count is 0).</param>
    public static Option<int> Create(string name, string description, int minimum, int? defaultValue = null, string helpName = "count", bool acceptsFile = false)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => Parse(result, name, minimum, defaultValue, acceptsFile),
        };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    /// <summary>True when the option was on the command line (not filled in by its default).</summary>
    public static bool WasGiven(this ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static int Parse(ArgumentResult result, string name, int minimum, int? defaultValue, bool acceptsFile)
    {
        if (result.Tokens.Count == 0)
        {
            return defaultValue ?? minimum;
        }

        var token = result.Tokens[^1].Value;
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (acceptsFile && File.Exists(token))
            {
                return 0;
            }

            if (acceptsFile)
            {
                result.AddError($"{name}: '{token}' is neither a whole number nor a file (no file at '{Path.GetFullPath(token)}').");
                return 0;
            }

            result.AddError($"{name}: '{token}' is not a whole number.");
            return 0;
        }

        if (value < minimum)
        {
            result.AddError($"{name} must be at least {minimum.ToString(CultureInfo.InvariantCulture)} (got {token}).");
        }

        return value;
    }
}
