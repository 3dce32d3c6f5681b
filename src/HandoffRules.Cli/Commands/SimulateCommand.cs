using System.CommandLine;
using System.Globalization;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using Spectre.Console;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff simulate</c>: route generated leads through a playbook and summarise where they went.</summary>
internal static class SimulateCommand
{
    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var leads = new LeadOptions(defaultLeads: 10_000);
        var output = new Option<FileInfo?>("--out") { Description = "Write every decision as a JSON line (sorted by lead id) to this file.", HelpName = "decisions.jsonl" };
        var command = new Command("simulate",
            "Generate realistic leads (Bogus, seeded, with a share of messy and duplicate data), route them through the playbook with " +
            "the same pipeline the host runs, and print where they went: outcomes, fallback and disqualification rates, load per queue, route and member.\n\n" +
            "Examples:\n  handoff simulate\n  handoff simulate --leads 10000 --seed 7 --out decisions.jsonl");
        leads.AddTo(command);
        command.Options.Add(output);
        rules.AddTo(command);
        command.SetAction(parse => terminal.Run(() =>
        {
            var count = leads.Count(parse);
            var playbook = rules.Build(parse);
            var router = Router.Compile(playbook);
            var records = Run(terminal, router, leads.Generator(parse, playbook), count);
            if (parse.GetValue(output) is { } file)
            {
                DecisionFile.Write(file.FullName, records);
            }

            Print(terminal, playbook, SimulationSummary.Of(records), parse.GetValue(leads.Seed), parse.GetValue(leads.Days), parse.GetValue(output));
            return 0;
        }));
        return command;
    }

    /// <summary>Routes generated leads, with a progress bar when a person watches a long run.</summary>
    public static List<DecisionRecord> Run(Terminal terminal, Router router, LeadGenerator generator, int count)
    {
        if (!terminal.Interactive || count < 100_000)
        {
            return LeadSimulation.Run(router, generator.Generate(count));
        }

        List<DecisionRecord> records = [];
        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask("Routing leads", maxValue: count);
            records = LeadSimulation.Run(router, generator.Generate(count), done => task.Value = done);
            task.Value = count;
        });
        return records;
    }

    private static void Print(Terminal terminal, PlaybookModel playbook, SimulationSummary summary, int seed, int days, FileInfo? file)
    {
        var ansi = terminal.Ansi;
        var text = terminal.Output;
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        string P(int n, int of) => of == 0 ? "-" : (100.0 * n / of).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        text.WriteLine($"Simulated {N(summary.Total)} leads through '{playbook.Name}' (seed {seed}, {days} days from {LeadGenerator.DefaultStart:yyyy-MM-dd}).");
        text.WriteLine(
            $"Outcomes: routed {N(summary.Of(HandoffOutcome.Routed))} ({P(summary.Of(HandoffOutcome.Routed), summary.Total)}), " +
            $"disqualified {N(summary.Of(HandoffOutcome.Disqualified))} ({P(summary.Of(HandoffOutcome.Disqualified), summary.Total)}), " +
            $"duplicates {N(summary.Of(HandoffOutcome.Duplicate))} ({P(summary.Of(HandoffOutcome.Duplicate), summary.Total)}), " +
            $"dead-lettered {N(summary.Of(HandoffOutcome.DeadLettered))} — {N(summary.Reconciled)} of {N(summary.Total)} accounted for.");
        var fallback = summary.Fallbacks.Sum(f => f.Count);
        text.WriteLine(
            $"Fallback: {N(fallback)} ({P(fallback, summary.Routed)} of routed) — " +
            string.Join(", ", summary.Fallbacks.Select(f => $"{f.Key.Replace('_', ' ')} {N(f.Count)}")) +
            $". Held with no eligible member: {N(summary.Held)}.");
        text.WriteLine($"Data quality: {N(summary.LeadsWithNotes)} leads fixed or flagged at intake — " +
            string.Join(", ", summary.Notes.Select(n => $"{n.Key} {N(n.Count)}")) + ".");
        text.WriteLine();

        var queues = new Table().Title("Routed leads by queue").AddColumns("Queue", "Leads", "Share", "Members (leads)");
        foreach (var queue in summary.Queues)
        {
            var members = playbook.FindQueue(queue.Key)?.Members.Select(m => m.MemberId) ?? [];
            var load = string.Join(", ", members.Select(m => $"{m} {summary.InQueue(queue.Key, m)}"));
            queues.AddRow(Markup.Escape(queue.Key), N(queue.Count), P(queue.Count, summary.Routed), Markup.Escape(load));
        }

        ansi.Write(queues);
        var routes = new Table().Title("Routed leads by route").AddColumns("#", "Route", "Leads", "Share");
        for (var i = 0; i < playbook.Routes.Count; i++)
        {
            var name = playbook.Routes[i].Name;
            var n = summary.Routes.FirstOrDefault(t => t.Key == name)?.Count ?? 0;
            routes.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), Markup.Escape(name), N(n), P(n, summary.Routed));
        }

        var viaFallback = summary.Routes.FirstOrDefault(t => t.Key == "fallback")?.Count ?? 0;
        routes.AddRow("-", "fallback → " + Markup.Escape(playbook.Fallback?.Queue ?? "?"), N(viaFallback), P(viaFallback, summary.Routed));
        ansi.Write(routes);

        var reasons = new Table().Title("Disqualified leads by reason").AddColumns("Reason", "Leads", "Share of all leads");
        foreach (var reason in summary.Reasons)
        {
            reasons.AddRow(Markup.Escape(reason.Key), N(reason.Count), P(reason.Count, summary.Total));
        }

        ansi.Write(reasons);
        if (file is not null)
        {
            text.WriteLine($"Decisions written to {file.Name}.");
        }
    }
}
