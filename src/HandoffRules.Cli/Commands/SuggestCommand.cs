using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HandoffRules.Cli.Loading;
using HandoffRules.Cli.Suggestions;
using HandoffRules.Host.Store;
using HandoffRules.Simulation.Review;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff suggest</c>: the findings of the event log turned into playbook edits, each as a diff with its backtest.</summary>
internal static class SuggestCommand
{
    /// <summary>The JSON output's version; it changes only when a field changes meaning.</summary>
    public const int FormatVersion = 1;

    public static Command Create(Terminal terminal)
    {
        var database = new Option<FileInfo>("--db") { Description = "The host's database (its event log) to learn from and backtest on.", DefaultValueFactory = _ => new FileInfo("handoff.db"), HelpName = "handoff.db" };
        var rules = new Option<string?>("--rules")
        {
            Description = "The rules project whose sources the diffs are written against: its folder or .csproj (built first: its assembly under bin/ is loaded), " +
                          "or its compiled assembly (the project is found above it). Default: the embedded Acme sample, with diffs when run from a clone of this repository.",
            HelpName = "project|.csproj|.dll",
        };
        var playbook = new Option<string?>("--playbook") { Description = "The playbook class to use when the project has several.", HelpName = "name" };
        var from = UtcDateOption.Create("--from", "The first arrival kept: a UTC day like 2026-11-02 or a timestamp (default: the start of the log).");
        var to = UtcDateOption.Create("--to", "The arrival the window ends before, exclusive (default: the end of the log). The 90 days a route must go unreached end here.");
        var format = new Option<string>("--format")
        {
            Description = "text (the default), markdown (a pull-request description: evidence, backtest and diff per suggestion) or json (with a format_version, for tools).",
            DefaultValueFactory = _ => "text",
            HelpName = "text|markdown|json",
        };
        format.AcceptOnlyFromAmong("text", "markdown", "json");
        var command = new Command("suggest",
            "Turn what the event log says into concrete playbook edits, each printed as a unified diff against the rules project's sources and " +
            "backtested on the same leads (replayed as they arrived through the playbook as it is and as edited): known misroutes fixed and moved, " +
            "load per member, fallback rate and SLA exposure (leads held with an SLA started and no member free). It suggests:\n" +
            "  - a minimum score for a source whose leads SDRs reject far above the rest (the lowest score among its accepted leads);\n" +
            "  - a territory claim for a state or region whose leads are rejected as misrouted (a reason declared with .Misroute()) and accepted by a member of another territory's queue;\n" +
            "  - a higher daily cap for a queue whose SLA breaches come from capacity (the cap its busiest day needed);\n" +
            "  - removing a route no lead reached in the last 90 days of the log (quarterly rule maintenance).\n" +
            $"Each needs {SuggestionFinder.MinimumEvidence} leads of evidence. Where no mechanical edit fits, the suggestion says why and what to change. " +
            "Apply a diff with 'git apply' (or 'patch -p1') in the rules project's folder, then backtest the build with 'handoff plan --history'. " +
            "Leads are named by id only.\n\n" +
            "Examples:\n  handoff suggest --db handoff.db --rules rules/MyRules\n  handoff suggest --db handoff.db --rules rules/MyRules --from 2026-09-01 --format markdown > pr.md");
        command.Options.Add(database);
        command.Options.Add(rules);
        command.Options.Add(playbook);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(format);
        command.SetAction(parse => terminal.Run(() =>
        {
            var file = parse.GetValue(database)!;
            var path = FileArguments.Database("--db", file.FullName);
            var (start, end) = (parse.GetValue(from), parse.GetValue(to));
            if (start >= end)
            {
                throw new CommandException($"--from {start:O} is not before --to {end:O}.");
            }

            var project = RulesProject.Resolve(parse.GetValue(rules));
            var loaded = PlaybookLoader.Load(project.Assembly, parse.GetValue(playbook));
            var model = loaded.Build();
            var source = project.Folder is null ? null : RulesSource.Load(project.Folder);
            IReadOnlyList<Suggestion> suggestions;
            int leads;
            try
            {
                using var store = new SqliteHandoffStore(path);
                var events = store.GetEventsAsync(null, null, null, CancellationToken.None).GetAwaiter().GetResult();
                var history = new SuggestionHistory(path, start, end, events, IntakeHistory.ReadAccepted(path));
                suggestions = SuggestionFinder.Find(model, history, source, loaded.GetType().Name, out leads);
            }
            catch (InvalidDataException e)
            {
                throw new CommandException($"--db: {e.Message}");
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                throw new CommandException($"--db: {file.Name} cannot be read as a handoff event log: {e.Message}");
            }

            if (leads == 0)
            {
                throw new CommandException($"--db: {file.Name} has no leads taken in{(start is null && end is null ? "" : " in the window")}.");
            }

            var heading = $"{N(suggestions.Count)} suggestion{(suggestions.Count == 1 ? "" : "s")} for {model.Name} from {N(leads)} leads {file.Name} took in, each backtested on the same leads";
            terminal.Output.Write(parse.GetValue(format) switch
            {
                "json" => Json(model.Name, leads, suggestions),
                "markdown" => Markdown(heading, suggestions),
                _ => Text(heading, suggestions),
            });
            return 0;
        }));
        return command;
    }

    private static string Text(string heading, IReadOnlyList<Suggestion> suggestions)
    {
        var text = new StringBuilder().Append(heading).Append(".\n");
        foreach (var (s, i) in suggestions.Select((s, i) => (s, i + 1)))
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"{i}. [{s.Edit.Kind}] {s.Edit.Title}\n");
            text.Append("   evidence: ").Append(s.Evidence).Append('\n');
            foreach (var line in s.Effect?.Lines() ?? [])
            {
                text.Append("   backtest: ").Append(line).Append('\n');
            }

            foreach (var check in s.Checks)
            {
                text.Append("   check: ").Append(check).Append('\n');
            }

            if (s.Diff is not null)
            {
                text.Append(s.Diff);
            }
            else
            {
                text.Append("   no diff: ").Append(s.NoDiff).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Markdown(string heading, IReadOnlyList<Suggestion> suggestions)
    {
        var md = new StringBuilder().Append("## Suggested playbook changes\n\n").Append(heading).Append(".\n");
        foreach (var (s, i) in suggestions.Select((s, i) => (s, i + 1)))
        {
            md.Append('\n').Append(CultureInfo.InvariantCulture, $"### {i}. {s.Edit.Title}\n\n");
            md.Append("**Why:** ").Append(s.Evidence).Append("\n\n");
            if (s.Effect is not null)
            {
                md.Append("**Backtest on the same history:**\n\n");
                foreach (var line in s.Effect.Lines())
                {
                    md.Append("- ").Append(line).Append('\n');
                }

                md.Append('\n');
            }

            foreach (var check in s.Checks)
            {
                md.Append("- check: ").Append(check).Append('\n');
            }

            md.Append(s.Diff is null ? $"_No diff: {s.NoDiff}._\n" : $"```diff\n{s.Diff}```\n");
        }

        return md.ToString();
    }

    private static string Json(string playbook, int leads, IReadOnlyList<Suggestion> suggestions) =>
        JsonSerializer.Serialize(new
        {
            FormatVersion,
            Playbook = playbook,
            Leads = leads,
            Suggestions = suggestions.Select(s => new
            {
                s.Edit.Kind,
                s.Edit.Subject,
                s.Edit.Title,
                s.Evidence,
                s.Diff,
                s.NoDiff,
                s.Checks,
                Effect = s.Effect is not { } e ? null : new
                {
                    e.Leads,
                    e.Moved,
                    e.KnownMisroutes,
                    e.FixedBefore,
                    e.FixedAfter,
                    e.Fixed,
                    e.MovedAwayBefore,
                    e.MovedAwayAfter,
                    e.MovedAway,
                    MemberLoad = e.MemberLoad.Select(l => new { Member = l.Name, l.Before, l.After, l.Change }),
                    e.FallbackRateBefore,
                    e.FallbackRateAfter,
                    e.DisqualifiedBefore,
                    e.DisqualifiedAfter,
                    SlaExposureBefore = e.ExposedBefore,
                    SlaExposureAfter = e.ExposedAfter,
                },
            }),
        }, PlanJson.Options) + "\n";

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
