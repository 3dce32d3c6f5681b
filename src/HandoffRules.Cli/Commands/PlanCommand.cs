using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation.Review;
using Spectre.Console;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff plan</c>: which leads a playbook change moves, before it is merged.</summary>
internal static class PlanCommand
{
    public const int NoChanges = 0;
    public const int Failed = 1;
    public const int Changes = 2;

    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var leads = new LeadOptions(defaultLeads: null, "How many leads to generate (default: as many as the baseline has decisions); " +
            "or a file of lead lines (as 'handoff generate' writes and 'handoff run --input' reads) to backtest on, with --baseline-rules.", acceptsFile: true);
        var baseline = new Option<FileInfo?>("--baseline")
        {
            Description = "Decisions from 'handoff simulate --routing-only --out' on the playbook before the change (same --seed and --days). Either this or --history.",
            HelpName = "decisions.jsonl",
        };
        var history = new HistoryOptions(leads);
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON (with a format_version) for CI annotations; the same as --format json." };
        var format = new Option<string>("--format")
        {
            Description = "text (the default, for a terminal), json (every group, field change and lead, for tools) or markdown (for a pull-request comment or a CI job summary).",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json|markdown",
        };
        format.AcceptOnlyFromAmong("text", "json", "markdown");
        var distribution = new Option<bool>("--distribution")
        {
            Description = "Also list each lead that only changes member within its queue (a distribution effect; by default only the per-member load change is shown).",
        };
        var limit = CountOption.Create("--show", "How many groups of changed leads (and leads per group) to list.", minimum: 0, defaultValue: 20);
        var command = new Command("plan",
            "Route the same generated leads through the current playbook and compare with a baseline, like 'terraform plan'. Every decision field a " +
            "policy change can move is compared: outcome, definition, disqualifier, territory, segment, account, route, fallback, queue, trigger, SLAs " +
            "and their deadlines. Changed leads are grouped by what happened to them, with what the leads of a group share (territory, segment, source, " +
            "definition) and why, read from the playbook: the rule that no longer takes them and what takes them now. A lead that only gets another " +
            "member of the same queue is a distribution effect, shown as per-member load (--distribution lists the leads). " +
            "Rules of any kind 'handoff coverage' counts that the baseline's leads reached and none reach now are listed as newly unreached. " +
            "Exit code 0: no change; 2: changes (a member-only change included); 1: error — so CI can gate or annotate a pull request.\n\n" +
            "With --history, the leads are the ones a host took in (raw, as they arrived, in the window --from/--to), and the baseline is what was " +
            "decided for them then — or, with --baseline-rules, what the playbook before the change decides: a backtest on real history. " +
            "It also scores the change against the misroutes SDRs flagged (rejected with a misroute reason, then accepted by someone else): " +
            "how many it now routes where they were accepted, and how many leads accepted where they were routed it moves away. " +
            "The output names leads by id only, never by contact details, unless --show-leads adds the company and e-mail of the leads that move. --history also takes a PostgreSQL store (postgres://… or a connection string). " +
            "With --leads leads.jsonl, the leads are the lines of a file (those that are not a lead are counted and named by line number on standard error) " +
            "and --baseline-rules is the baseline.\n\n" +
            "Example:\n  git stash && handoff simulate --routing-only --seed 7 --out baseline.jsonl && git stash pop\n" +
            "  handoff plan --baseline baseline.jsonl --seed 7 --format markdown >> $GITHUB_STEP_SUMMARY\n" +
            "  handoff plan --rules new.dll --history handoff.db --from 2026-11-01 --to 2026-12-01 --baseline-rules old.dll\n" +
            "  handoff plan --rules new.dll --leads last-month.jsonl --baseline-rules old.dll");
        command.Options.Add(baseline);
        history.AddTo(command);
        history.AddShowLeadsTo(command);
        leads.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(json);
        command.Options.Add(distribution);
        command.Options.Add(limit);
        rules.AddTo(command);
        // A parse error, so it comes with the hint to --help like a missing option does.
        command.Validators.Add(result =>
        {
            if ((result.GetValue(baseline) is null) == !history.GivenIn(result))
            {
                result.AddError("plan compares with a baseline: give either --baseline decisions.jsonl (generated leads) or --history handoff.db (the leads a host took in), " +
                                "or --leads leads.jsonl with --baseline-rules old.dll.");
            }

            if (result.GetValue(history.ShowLeads) && !history.GivenIn(result))
            {
                result.AddError("--show-leads names the leads of --history or --leads leads.jsonl by company and e-mail; generated leads (--baseline) are named by id.");
            }
        });
        command.SetAction(parse => terminal.Run(() =>
        {
            var file = parse.GetValue(baseline);

            var playbook = rules.Build(parse);
            RoutingPlan plan;
            string baselineName;
            KnownMisroutes? misroutes = null;
            if (file is null)
            {
                // Lead by lead as the history is read: memory follows the change, not the history.
                var comparison = new PlanComparison(playbook);

                // Fed each lead's acceptance as the log is read, so it holds no accepted lead.
                var score = history.ScoreMisroutes(parse, playbook);
                history.Replay(parse, Router.Compile(playbook), (then, now, accepted) =>
                {
                    if (then is null)
                    {
                        throw new Loading.CommandException(
                            $"--leads: {history.SourceName(parse)} holds leads, not decisions to compare with: give --baseline-rules old.dll (the playbook before the change).");
                    }

                    comparison.Add(then, now);
                    score?.Add(now, accepted);
                }, withVerdicts: score is not null);
                if (history.PassedOver is { } passed)
                {
                    terminal.Error.WriteLine(passed);
                }

                baselineName = history.BaselineName(parse);
                misroutes = score?.Result();
                plan = comparison.Plan();
            }
            else
            {
                var before = ReadBaseline(file);
                var count = leads.Count(parse, before.Count);
                var after = SimulateCommand.Run(terminal, Router.Compile(playbook), leads.Generator(parse, playbook), count);
                CheckSameLeads(before, after, parse.GetValue(leads.Seed));
                baselineName = file.Name;
                plan = RoutingPlan.Compare(before, after, playbook);
            }

            var shown = file is null && parse.GetValue(history.ShowLeads) ? Shown(plan, history.Contacts(parse, plan.Moves.Select(m => m.LeadId).ToHashSet(StringComparer.Ordinal))) : null;
            var shape = parse.GetValue(json) ? "json" : parse.GetValue(format);
            if (shape == "json")
            {
                terminal.Output.WriteLine(JsonSerializer.Serialize(PlanJson.From(plan) with { KnownMisroutes = misroutes, ShownLeads = shown }, PlanJson.Options));
            }
            else if (shape == "markdown")
            {
                terminal.Output.Write(PlanMarkdown.Render(plan, baselineName, parse.GetValue(limit)));
                if (shown is { Count: > 0 })
                {
                    terminal.Output.Write(ShownMarkdown(shown, parse.GetValue(limit)));
                }

                if (misroutes is not null)
                {
                    terminal.Output.Write($"\n**Known misroutes:** {misroutes.Summary}.\n");
                }
            }
            else
            {
                Print(terminal, plan, baselineName, parse.GetValue(limit), parse.GetValue(distribution), shown);
                if (misroutes is not null)
                {
                    terminal.Output.WriteLine($"Known misroutes: {misroutes.Summary}.");
                }
            }

            return plan.HasChanges ? Changes : NoChanges;
        }));
        return command;
    }

    // The moved leads, in the plan's order, with what --show-leads reveals of them.
    private static List<ShownLead> Shown(RoutingPlan plan, Dictionary<string, (string? Company, string? Email)> contacts) =>
        [.. plan.Moves.Select(m =>
        {
            var (company, email) = contacts.GetValueOrDefault(m.LeadId);
            return new ShownLead(m.LeadId, company, email, m.From, m.To);
        })];

    private static string ShownMarkdown(List<ShownLead> shown, int limit)
    {
        // A table cell cannot hold a pipe or a line break.
        static string Cell(string? text) => text is null ? "–" : text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
        var md = new System.Text.StringBuilder("\n#### Leads that move (--show-leads)\n\n| Lead | Company | E-mail | Before | Now |\n|---|---|---|---|---|\n");
        foreach (var lead in shown.Take(limit))
        {
            md.Append("| ").Append(Cell(lead.LeadId)).Append(" | ").Append(Cell(lead.Company)).Append(" | ").Append(Cell(lead.Email))
                .Append(" | ").Append(Cell(lead.From)).Append(" | ").Append(Cell(lead.To)).Append(" |\n");
        }

        if (shown.Count > limit)
        {
            md.Append("\n… and ").Append(N(shown.Count - limit)).Append(" more (--show to list more); `--json` lists them all.\n");
        }

        return md.ToString();
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Reads the decisions of a <c>--baseline</c> file, naming the file and line of anything wrong.</summary>
    internal static List<DecisionRecord> ReadBaseline(FileInfo file)
    {
        FileArguments.Existing("--baseline", file.FullName);
        List<DecisionRecord> before;
        try
        {
            before = DecisionFile.Read(file.FullName);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new Loading.CommandException($"--baseline: {e.Message}");
        }

        return before.Count > 0 ? before : throw new Loading.CommandException($"--baseline: {file.Name} holds no decisions.");
    }

    // The baseline must be the same leads, or every lead would look moved.
    internal static void CheckSameLeads(List<DecisionRecord> before, List<DecisionRecord> after, int seed)
    {
        if (before.Count != after.Count)
        {
            throw new Loading.CommandException($"the baseline has {before.Count:N0} decisions but {after.Count:N0} leads were generated; use the --leads of the baseline (or leave it out).");
        }

        var generated = after.ToDictionary(r => r.LeadId, StringComparer.Ordinal);
        foreach (var record in before)
        {
            if (!generated.TryGetValue(record.LeadId, out var now) || now.ArrivedAt != record.ArrivedAt || now.Source != record.Source)
            {
                throw new Loading.CommandException($"baseline lead {record.LeadId} is not the lead seed {seed} generates; make the baseline with the same --seed and --days.");
            }
        }
    }

    private static void Print(Terminal terminal, RoutingPlan plan, string baseline, int limit, bool distribution, List<ShownLead>? shown)
    {
        var ansi = terminal.Ansi;
        var text = terminal.Output;
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        string Signed(int n) => n > 0 ? "+" + N(n) : N(n);

        text.WriteLine($"Comparing {N(plan.Leads)} leads with {baseline}.");
        text.WriteLine();
        if (!plan.HasChanges)
        {
            text.WriteLine(plan.Summary);
            return;
        }

        // One entry per group of policy changes: "~" keeps its destination, "→" moves.
        foreach (var group in plan.Groups.Take(limit))
        {
            var shared = group.Common.Count == 0 ? "" : $" ({string.Join(", ", group.Common.Select(t => $"{t.Field} {t.Value}"))})";
            text.WriteLine($"  {(group.Moves ? "→" : "~")} {N(group.Leads)} lead{(group.Leads == 1 ? "" : "s")}{shared}: {group.From} ({group.FromRule}) -> {group.To} ({group.ToRule})");
            text.WriteLine($"      why: {group.Why}");
            text.WriteLine($"      changes: {string.Join("; ", group.Changes)}");
            text.WriteLine($"      leads: {string.Join(", ", group.LeadIds.Take(Math.Max(1, Math.Min(limit, 10))))}{(group.LeadIds.Count > Math.Min(limit, 10) ? ", …" : "")}");
        }

        if (plan.Groups.Count > limit)
        {
            text.WriteLine($"  … and {N(plan.Groups.Count - limit)} more groups, {N(plan.Groups.Skip(limit).Sum(g => g.Leads))} leads (--show to list more, --json for all)");
        }

        text.WriteLine();
        if (plan.FieldChanges.Count > 0)
        {
            var fields = new Table().Title("Fields changed").AddColumns("Field", "Leads", "Most frequent");
            foreach (var field in plan.FieldChanges)
            {
                fields.AddRow(Markup.Escape(field.Field), N(field.Leads), Markup.Escape(string.Join("; ", field.Top.Select(v => $"{v.From} → {v.To} ({N(v.Leads)})"))));
            }

            ansi.Write(fields);
        }

        if (plan.Matrix.Count > 0)
        {
            var matrix = new Table().Title("Moves, from → to").AddColumns("From", "To", "Leads");
            foreach (var cell in plan.Matrix)
            {
                matrix.AddRow(Markup.Escape(cell.From), Markup.Escape(cell.To), N(cell.Leads));
            }

            ansi.Write(matrix);
        }

        Loads(ansi, "Load by queue", plan.QueueLoad, N, Signed);
        Loads(ansi, "Hits by route", [.. plan.RouteHits.Where(r => r.Change != 0)], N, Signed);

        if (plan.NewlyToFallback.Count > 0)
        {
            text.WriteLine($"  + {N(plan.NewlyToFallback.Count)} leads newly go to the fallback: {string.Join(", ", plan.NewlyToFallback.Take(10).Select(m => m.LeadId))}{(plan.NewlyToFallback.Count > 10 ? ", …" : "")}");
        }

        if (plan.NewlyDisqualified.Count > 0)
        {
            text.WriteLine($"  + {N(plan.NewlyDisqualified.Count)} leads are newly disqualified: {string.Join(", ", plan.NewlyDisqualified.Take(10).Select(m => $"{m.LeadId} ({m.ToRule})"))}{(plan.NewlyDisqualified.Count > 10 ? ", …" : "")}");
        }

        foreach (var entry in plan.NewlyUnreached)
        {
            text.WriteLine($"  - {entry.Kind} '{entry.Name}' was reached by {N(entry.BaselineHits ?? 0)} leads before and by none now");
        }

        // A route gone from the playbook is no longer a rule, so not newly unreached: name it apart.
        foreach (var route in plan.DeadRoutes.Where(r => !plan.NewlyUnreached.Any(e => e.Kind == "route" && e.Name == r)))
        {
            text.WriteLine($"  - route '{route}' matched leads before and is no longer in the playbook");
        }

        if (shown is { Count: > 0 })
        {
            text.WriteLine($"  Leads that move (--show-leads):");
            foreach (var lead in shown.Take(limit))
            {
                text.WriteLine($"    {lead.LeadId}  {lead.Company ?? "-"} <{lead.Email ?? "-"}>: {lead.From} -> {lead.To}");
            }

            if (shown.Count > limit)
            {
                text.WriteLine($"    … and {N(shown.Count - limit)} more (--show to list more, --json for all)");
            }
        }

        // Distribution effects last and as load only: they follow from the changes above.
        if (plan.MemberLoad.Count > 0 || plan.MemberChanges > 0)
        {
            text.WriteLine();
            text.WriteLine($"Distribution effects: {N(plan.MemberChanges)} leads stay in their queue with another member (not a policy change).");
            Loads(ansi, "Load by member", plan.MemberLoad, N, Signed);
            if (distribution)
            {
                foreach (var move in plan.DistributionMoves)
                {
                    text.WriteLine($"  ~ {move.LeadId}  {move.Queue}: {move.FromMember ?? "(held)"} -> {move.ToMember ?? "(held)"}");
                }
            }
        }

        text.WriteLine();
        text.WriteLine(plan.Summary);
    }

    private static void Loads(IAnsiConsole ansi, string title, IReadOnlyList<LoadChange> loads, Func<int, string> n, Func<int, string> signed)
    {
        if (loads.Count == 0)
        {
            return;
        }

        var table = new Table().Title(title).AddColumns("", "Before", "After", "Change");
        foreach (var load in loads.OrderByDescending(l => Math.Abs(l.Change)).ThenBy(l => l.Name, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(load.Name), n(load.Before), n(load.After), signed(load.Change));
        }

        ansi.Write(table);
    }
}

/// <summary>The JSON shape of a plan; <c>format_version</c> changes only when a field changes meaning.</summary>
internal sealed record PlanJson(
    int FormatVersion,
    string Summary,
    int Leads,
    int Moved,
    int PolicyChanges,
    int MemberChanges,
    int Changed,
    IReadOnlyList<FieldChange> FieldChanges,
    IReadOnlyList<ChangeGroup> Groups,
    IReadOnlyList<MoveCount> Matrix,
    IReadOnlyList<LoadChange> QueueLoad,
    IReadOnlyList<LoadChange> MemberLoad,
    IReadOnlyList<LoadChange> RouteHits,
    IReadOnlyList<string> DeadRoutes,
    IReadOnlyList<string> UnreachedRoutes,
    IReadOnlyList<CoverageEntry> NewlyUnreached,
    IReadOnlyList<string> NewlyToFallback,
    IReadOnlyList<string> NewlyDisqualified,
    IReadOnlyList<LeadMove> Moves,
    IReadOnlyList<MemberMove> DistributionMoves)
{
    /// <summary>With --history: the change scored against the misroutes SDRs flagged; null on generated leads.</summary>
    public KnownMisroutes? KnownMisroutes { get; init; }

    /// <summary>With --show-leads: every lead that moves, with its company and e-mail; left out otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ShownLead>? ShownLeads { get; init; }

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static PlanJson From(RoutingPlan plan) => new(
        RoutingPlan.FormatVersion, plan.Summary, plan.Leads, plan.Moves.Count, plan.PolicyChanges, plan.MemberChanges, plan.Changed,
        plan.FieldChanges, plan.Groups, plan.Matrix, plan.QueueLoad, plan.MemberLoad, plan.RouteHits, plan.DeadRoutes, plan.UnreachedRoutes, plan.NewlyUnreached,
        [.. plan.NewlyToFallback.Select(m => m.LeadId)], [.. plan.NewlyDisqualified.Select(m => m.LeadId)], plan.Moves, plan.DistributionMoves);
}
