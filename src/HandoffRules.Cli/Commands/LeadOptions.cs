using System.CommandLine;
using HandoffRules.Model;
using HandoffRules.Simulation;

namespace HandoffRules.Cli.Commands;

/// <summary>The options that say which generated leads a command works on.</summary>
internal sealed class LeadOptions
{
    public LeadOptions(int defaultLeads)
    {
        Leads = new Option<int>("--leads") { Description = "How many leads to generate.", DefaultValueFactory = _ => defaultLeads, HelpName = "count" };
    }

    public Option<int> Leads { get; }

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the lead generator: the same seed gives the same leads.", DefaultValueFactory = _ => 7, HelpName = "number" };

    public Option<int> Days { get; } = new("--days") { Description = "Days the arrivals spread over, from Monday 2 November 2026.", DefaultValueFactory = _ => 7, HelpName = "days" };

    public void AddTo(Command command)
    {
        command.Options.Add(Leads);
        command.Options.Add(Seed);
        command.Options.Add(Days);
    }

    public int Count(ParseResult parse) =>
        parse.GetValue(Leads) is var n and >= 1 ? n : throw new Loading.CommandException("--leads must be at least 1.");

    /// <summary>The generator for these options, drawing named-account leads from the playbook's own account book.</summary>
    public LeadGenerator Generator(ParseResult parse, PlaybookModel playbook) =>
        new(parse.GetValue(Seed), Mix(playbook), days: parse.GetValue(Days) is var d and >= 1 ? d : throw new Loading.CommandException("--days must be at least 1."));

    public static LeadMix Mix(PlaybookModel playbook) =>
        new() { AccountDomains = [.. playbook.Accounts.SelectMany(a => a.Domains)] };
}
