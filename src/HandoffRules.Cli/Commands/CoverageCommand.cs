using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HandoffRules.Routing;
using HandoffRules.Simulation.Review;
using Spectre.Console;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff coverage</c>: which rules the generated leads reach, which none do, and which a change left unreached.</summary>
internal static class CoverageCommand
{
    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var leads = new LeadOptions(defaultLeads: 10_000, "How many leads to generate (default: 10,000, or as many as the --baseline has decisions); " +
            "or a file of lead lines (as 'handoff generate' writes and 'handoff run --input' reads) to count the hits of.", acceptsFile: true);
        var baseline = new Option<FileInfo?>("--baseline")
        {
            Description = "Decisions from 'handoff simulate --routing-only --out' on the playbook before the change (same --seed and --days): " +
                          "rules its leads reached and the current playbook's leads do not are listed as newly unreached, and the exit code is 2.",
            HelpName = "decisions.jsonl",
        };
        var json = new Option<bool>("--json") { Description = "Print the coverage as JSON (with a format_version); the same as --format json." };
        var format = new Option<string>("--format")
        {
            Description = "text (the default, for a terminal), json (every rule with its hits, for tools) or markdown (for a pull-request comment or a CI job summary).",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json|markdown",
        };
        format.AcceptOnlyFromAmong("text", "json", "markdown");
        var strict = new Option<bool>("--fail-on-unreached") { Description = "Also exit with code 2 when any rule is never reached, newly or not (for CI)." };
        var command = new Command("coverage",
            "Route generated leads and count the hits on every route, definition, disqualifier, territory, segment, account, queue, member, trigger and SLA; " +
            "rules no lead reaches are listed first. A rule nothing reaches is either dead or a case the lead mix misses — both worth a look before merging. " +
            "An account counts when an account route took a lead of it; a queue only escalations feed, its members and inactive members are marked, not counted as unreached. " +
            "With --baseline, the rules the change left unreached (reached by the baseline's leads, by none now) come first, by kind and name. " +
            "With --history, the leads are the ones a host took in (as they arrived, in the window --from/--to) and the baseline is what was decided " +
            "for them then, or what --baseline-rules decides; --history also takes a PostgreSQL store (postgres://… or a connection string). " +
            "With --leads leads.jsonl, the leads are the lines of a file (those that are not a lead are counted and named by line number on standard error), " +
            "compared with --baseline-rules when given. " +
            "Exit code 0: nothing newly unreached; 2: a rule is newly unreached (or, with --fail-on-unreached, any rule is never reached); 1: error.\n\n" +
            "Examples:\n  handoff coverage --leads 20000 --fail-on-unreached\n" +
            "  git stash && handoff simulate --routing-only --seed 7 --out baseline.jsonl && git stash pop\n" +
            "  handoff coverage --baseline baseline.jsonl --seed 7 --format markdown >> $GITHUB_STEP_SUMMARY");
        command.Options.Add(baseline);
        var history = new HistoryOptions(leads);
        history.AddTo(command);
        leads.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(json);
        command.Options.Add(strict);
        rules.AddTo(command);
        command.SetAction(parse => terminal.Run(() =>
        {
            var file = parse.GetValue(baseline);
            if (file is not null && history.Given(parse))
            {
                throw new Loading.CommandException("--baseline compares generated leads and --history the leads a host took in: give one of them.");
            }

            var playbook = rules.Build(parse);
            RuleCoverage coverage;
            var baselineName = file?.Name;
            if (history.Given(parse))
            {
                // Hits counted as the history is read: no decision is kept.
                var now = new RuleHits(playbook);
                var then = history.HasBaseline(parse) ? new RuleHits(playbook) : null;
                history.Replay(parse, Router.Compile(playbook), (before, current) =>
                {
                    if (before is not null)
                    {
                        then?.Add(before);
                    }

                    now.Add(current);
                });
                baselineName = then is null ? null : history.BaselineName(parse);
                if (history.PassedOver is { } passed)
                {
                    terminal.Error.WriteLine(passed);
                }

                coverage = RuleCoverage.Of(playbook, now, then);
            }
            else
            {
                var before = file is null ? null : PlanCommand.ReadBaseline(file);
                var count = before is null ? leads.Count(parse) : leads.Count(parse, before.Count);
                var records = SimulateCommand.Run(terminal, Router.Compile(playbook), leads.Generator(parse, playbook), count);
                if (before is not null)
                {
                    PlanCommand.CheckSameLeads(before, records, parse.GetValue(leads.Seed));
                }

                coverage = RuleCoverage.Of(playbook, records, before);
            }

            var shape = parse.GetValue(json) ? "json" : parse.GetValue(format);
            if (shape == "json")
            {
                terminal.Output.WriteLine(JsonSerializer.Serialize(CoverageJson.From(coverage, baselineName), PlanJson.Options));
            }
            else if (shape == "markdown")
            {
                terminal.Output.Write(CoverageMarkdown.Render(coverage, baselineName));
            }
            else
            {
                Print(terminal, coverage, baselineName);
            }

            return coverage.NewlyUnreached.Any() || (parse.GetValue(strict) && coverage.NeverReached.Any()) ? PlanCommand.Changes : PlanCommand.NoChanges;
        }));
        return command;
    }

    private static void Print(Terminal terminal, RuleCoverage coverage, string? baseline)
    {
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        if (baseline is not null)
        {
            terminal.Output.WriteLine($"Comparing {N(coverage.Leads)} leads with {baseline}.");
        }

        var table = new Table().Title("Rule coverage").AddColumns("", "Kind", "Rule", "Leads", "Share");
        if (coverage.Compared)
        {
            table.AddColumn("Baseline");
        }

        foreach (var entry in coverage.Entries)
        {
            var status = entry.NewlyUnreached ? "✗ newly unreached" : entry.NeverReached ? "✗ never reached" : entry.Hits == 0 ? "– " + entry.Note : "✓";
            var cells = new List<string>
            {
                Markup.Escape(status), entry.Kind, Markup.Escape(entry.Name), N(entry.Hits),
                (100.0 * entry.Hits / Math.Max(1, coverage.Leads)).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            };
            if (coverage.Compared)
            {
                cells.Add(N(entry.BaselineHits ?? 0));
            }

            table.AddRow(cells.ToArray());
        }

        terminal.Ansi.Write(table);
        foreach (var entry in coverage.NewlyUnreached)
        {
            terminal.Output.WriteLine($"  - {entry.Kind} '{entry.Name}' was reached by {N(entry.BaselineHits ?? 0)} leads before and by none now");
        }

        terminal.Output.WriteLine(coverage.Summary);
    }
}

/// <summary>The JSON shape of coverage; <c>format_version</c> changes only when a field changes meaning.</summary>
internal sealed record CoverageJson(
    int FormatVersion,
    string Summary,
    int Leads,
    string? Baseline,
    IReadOnlyList<CoverageEntry> NewlyUnreached,
    IReadOnlyList<CoverageEntry> NeverReached,
    IReadOnlyList<CoverageEntry> Entries)
{
    /// <summary>Version 2 adds accounts, queues, members, triggers and SLAs, the baseline and notes.</summary>
    public const int Version = 2;

    public static CoverageJson From(RuleCoverage coverage, string? baseline) =>
        new(Version, coverage.Summary, coverage.Leads, baseline, [.. coverage.NewlyUnreached], [.. coverage.NeverReached], coverage.Entries);
}
