using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HandoffRules.Routing;
using HandoffRules.Simulation.Review;
using Spectre.Console;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff coverage</c>: which rules the generated leads reach, and which none do.</summary>
internal static class CoverageCommand
{
    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var leads = new LeadOptions(defaultLeads: 10_000);
        var json = new Option<bool>("--json") { Description = "Print the coverage as JSON." };
        var strict = new Option<bool>("--fail-on-unreached") { Description = "Exit with code 2 when a rule is never reached (for CI)." };
        var command = new Command("coverage",
            "Route generated leads and count the hits on every route, definition, disqualifier, territory and segment; rules no lead reaches are listed first. " +
            "A rule nothing reaches is either dead or a case the lead mix misses — both worth a look before merging.\n\n" +
            "Example: handoff coverage --leads 20000 --fail-on-unreached");
        leads.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(strict);
        rules.AddTo(command);
        command.SetAction(parse => terminal.Run(() =>
        {
            var playbook = rules.Build(parse);
            var records = SimulateCommand.Run(terminal, Router.Compile(playbook), leads.Generator(parse, playbook), leads.Count(parse));
            var coverage = RuleCoverage.Of(playbook, records);
            if (parse.GetValue(json))
            {
                terminal.Output.WriteLine(JsonSerializer.Serialize(new { format_version = 1, summary = coverage.Summary, leads = coverage.Leads, entries = coverage.Entries }, PlanJson.Options));
            }
            else
            {
                var table = new Table().Title("Rule coverage").AddColumns("", "Kind", "Rule", "Leads", "Share");
                foreach (var entry in coverage.Entries)
                {
                    table.AddRow(entry.NeverReached ? "✗ never reached" : "✓", entry.Kind, Markup.Escape(entry.Name),
                        entry.Hits.ToString("N0", CultureInfo.InvariantCulture),
                        (100.0 * entry.Hits / Math.Max(1, coverage.Leads)).ToString("0.0", CultureInfo.InvariantCulture) + "%");
                }

                terminal.Ansi.Write(table);
                terminal.Output.WriteLine(coverage.Summary);
            }

            return parse.GetValue(strict) && coverage.NeverReached.Any() ? PlanCommand.Changes : 0;
        }));
        return command;
    }
}
