using System.CommandLine;
using HandoffRules.Model;
using HandoffRules.Simulation;

namespace HandoffRules.Cli.Commands;

/// <summary>The options that say which generated leads a command works on.</summary>
internal sealed class LeadOptions
{
    /// <param name="defaultLeads">The default count; null when the command works it out (then <see cref="Count(ParseResult, int)"/> takes one).</param>
    /// <param name="leadsDescription">What --leads means for this command, default included.</param>
    /// <param name="acceptsFile">True when --leads may also name a file of lead lines to replay instead of a count (see <see cref="File(ParseResult)"/>).</param>
    public LeadOptions(int? defaultLeads, string leadsDescription = "How many leads to generate.", bool acceptsFile = false)
    {
        Leads = CountOption.Create("--leads", leadsDescription, minimum: 1, defaultLeads, helpName: acceptsFile ? "count|leads.jsonl" : "count", acceptsFile: acceptsFile);
    }

    public Option<int> Leads { get; }

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the lead generator: the same seed gives the same leads.", DefaultValueFactory = _ => 7, HelpName = "number" };

    public Option<int> Days { get; } = CountOption.Create("--days", "Days the arrivals spread over, from Monday 2 November 2026.", minimum: 1, defaultValue: 7, helpName: "days");

    public void AddTo(Command command)
    {
        command.Options.Add(Leads);
        command.Options.Add(Seed);
        command.Options.Add(Days);
    }

    /// <summary>The --leads given, else <paramref name="otherwise"/> (the command's own default).</summary>
    public int Count(ParseResult parse, int otherwise) => parse.WasGiven(Leads) ? parse.GetValue(Leads) : otherwise;

    /// <summary>The file of lead lines --leads names when it is not a count, or null.</summary>
    public FileInfo? File(ParseResult parse) => File(parse.GetResult(Leads));

    /// <summary>The file an --leads result names when it is not a count (in a validator, before the parse is done), or null.</summary>
    public static FileInfo? File(System.CommandLine.Parsing.OptionResult? leads) =>
        leads is { Implicit: false, Tokens: [.., var token] } && !int.TryParse(token.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? new FileInfo(token.Value)
            : null;

    /// <summary>The --leads given, or its default.</summary>
    public int Count(ParseResult parse) => parse.GetValue(Leads);

    /// <summary>The generator for these options, drawing named-account leads from the playbook's own account book.</summary>
    public LeadGenerator Generator(ParseResult parse, PlaybookModel playbook) =>
        new(parse.GetValue(Seed), Mix(playbook), days: parse.GetValue(Days));

    public static LeadMix Mix(PlaybookModel playbook) => LeadMix.For(playbook);
}
