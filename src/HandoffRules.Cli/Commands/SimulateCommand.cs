using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Simulation;
using HandoffRules.Host.Store;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Reporting;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using Spectre.Console;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff simulate</c>: route generated leads through a playbook and summarise where they went.</summary>
internal static class SimulateCommand
{
    public const int LoopLeads = 2_500;
    public const int RoutingLeads = 10_000;

    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var leads = new LeadOptions(defaultLeads: null, $"How many leads arrive (default {LoopLeads:N0} for the week, {RoutingLeads:N0} with --routing-only). With --routing-only it may " +
            "instead name a file of lead lines (as 'handoff generate' writes and 'handoff run --input' reads) to route in place of generated leads.", acceptsFile: true);
        var output = new Option<FileInfo?>("--out") { Description = "Write every intake decision as a JSON line (sorted by lead id) to this file (missing folders are created).", HelpName = "decisions.jsonl" };
        var routingOnly = new Option<bool>("--routing-only") { Description = "Only route the leads (no SDRs, no timers): the decisions 'handoff plan' compares." };
        var database = new Option<FileInfo?>("--db") { Description = "Keep the simulated event log in this database (default: a temporary file, removed when the run ends however it ends; one a killed run left is removed by the next simulation, which says so).", HelpName = "simulation.db" };
        var files = new ReportFileOptions();
        var like = new Option<string?>("--like")
        {
            Description = "Make the simulated week look like the team's own: fit arrivals by hour of the week, the lead mix (sources, countries, sizes, messy, missing " +
                          "and duplicate data) and each member's response (time to first touch, accept, reject, meeting and recycle rates) from this event log " +
                          "(an SQLite file or a PostgreSQL store, as 'handoff run --db' takes it), print them, and simulate with them. " +
                          "--leads defaults to the log's leads per week for --days.",
            HelpName = "handoff.db|postgres://…",
        };
        var command = new Command("simulate",
            "Run the handoff in simulated time before deploying a change: generated leads (Bogus, seeded, with messy and duplicate data) arrive by hour " +
            "and time zone; the host's own pipeline routes them, starts SLA timers and queues alerts; simulated SDRs touch, accept, reject, book meetings " +
            "and recycle at their own pace within their working hours; breaches escalate. The event log it writes gives the week's health report. " +
            "With --routing-only it only routes the leads and prints where they went; add --history handoff.db to route the leads a host took in " +
            "(as they arrived, in the window --from/--to) instead of generated ones — from an SQLite log or a PostgreSQL store — or --leads leads.jsonl " +
            "to route the leads of a file (a line that is not a lead is counted and named by its line number on standard error).\n\n" +
            "With --like handoff.db, the week is fitted to the team's own log, so the health a change predicts is this team's.\n\n" +
            "Examples:\n  handoff simulate\n  handoff simulate --like handoff.db --rules new.dll --seed 7\n  handoff simulate --days 7 --seed 7 --html week.html\n  handoff simulate --routing-only --leads 10000 --seed 7 --out decisions.jsonl\n" +
            "  handoff simulate --routing-only --leads last-month.jsonl --out decisions.jsonl");
        leads.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(routingOnly);
        command.Options.Add(database);
        var history = new HistoryOptions(leads);
        command.Options.Add(history.History);
        command.Options.Add(history.From);
        command.Options.Add(history.To);
        command.Options.Add(like);
        files.AddTo(command);
        rules.AddTo(command);
        command.SetAction(parse => terminal.Run(() =>
        {
            // Every file is checked (and its folder made) before the work, not after it.
            if (parse.GetValue(output) is { } decisions)
            {
                FileArguments.Output("--out", decisions.FullName);
            }

            if (parse.GetValue(database) is { } db)
            {
                FileArguments.Output("--db", db.FullName);
                if (HandoffHostPaths.DatabaseProblem(db.FullName, mustExist: false) is { } problem)
                {
                    throw new Loading.CommandException($"--db: {problem}");
                }
            }

            files.Check(parse);
            var playbook = rules.Build(parse);
            var only = parse.GetValue(routingOnly);
            var count = leads.Count(parse, only ? RoutingLeads : LoopLeads);

            if (parse.GetValue(like) is not null && (only || history.Given(parse)))
            {
                throw new Loading.CommandException("--like fits the week simulation (SDRs, timers) to a team's log: leave out --routing-only and --history.");
            }

            if (history.Given(parse) && !only)
            {
                throw new Loading.CommandException($"{(parse.GetValue(history.History) is null ? "--leads leads.jsonl" : "--history")} replays leads for routing only: add --routing-only (the week simulation needs SDRs the log cannot replay).");
            }

            if (only)
            {
                // Decisions go to the counters and the file as they are made: none is kept, so memory
                // does not grow with the number of generated leads.
                var counts = new SimulationCounts();
                using var file = parse.GetValue(output) is { } path ? new DecisionFileWriter(path.FullName) : null;
                void Decided(DecisionRecord record)
                {
                    counts.Add(record);
                    file?.Add(record);
                }

                var replayed = history.Given(parse);
                if (replayed)
                {
                    history.Route(parse, Router.Compile(playbook), Decided);
                }
                else
                {
                    Run(terminal, Router.Compile(playbook), leads.Generator(parse, playbook), count, Decided);
                }

                file?.Complete();
                if (history.PassedOver is { } passed)
                {
                    terminal.Error.WriteLine(passed);
                }

                var summary = counts.Summary();
                var what = replayed
                    ? parse.GetValue(history.History) is null
                        ? $"Replayed {summary.Total:N0} leads of {history.SourceName(parse)} through '{playbook.Name}'."
                        : $"Replayed {summary.Total:N0} leads {history.SourceName(parse)} took in through '{playbook.Name}'."
                    : $"Simulated {summary.Total:N0} leads through '{playbook.Name}' (seed {parse.GetValue(leads.Seed)}, {parse.GetValue(leads.Days)} days from {LeadGenerator.DefaultStart:yyyy-MM-dd}).";
                Print(terminal, playbook, what, summary, parse.GetValue(output));
                return 0;
            }

            TeamProfile? profile = null;
            if (parse.GetValue(like) is { } team)
            {
                profile = TeamProfilePrinter.Fit(team, playbook);
                TeamProfilePrinter.CheckWindow(profile, IntakeHistory.Name(team), parse.GetValue(leads.Days));
                TeamProfilePrinter.Print(terminal, profile, IntakeHistory.Name(team), playbook);
                count = parse.WasGiven(leads.Leads) ? count : Math.Max(1, (int)Math.Round(profile.LeadsPerWeek * parse.GetValue(leads.Days) / 7));
            }

            return Week(terminal, playbook, count, parse.GetValue(leads.Seed), parse.GetValue(leads.Days), parse.GetValue(database), parse.GetValue(output), report => files.Write(terminal, report, parse), profile);
        }));
        return command;
    }

    private static int Week(Terminal terminal, PlaybookModel playbook, int count, int seed, int days, FileInfo? database, FileInfo? output, Action<HealthReport> writeReportFiles, TeamProfile? like = null)
    {
        // A run killed outright (SIGKILL, a power cut) could not remove its temporary log; the next one
        // does, and says so (on standard error: the week's own output stays the same for the same seed).
        if (database is null)
        {
            foreach (var stale in SimulationDatabase.RemoveStale())
            {
                terminal.Error.WriteLine(
                    $"Removed a temporary event log left by a simulation killed before it could remove it " +
                    $"(process {stale.Process}): {Path.GetFileName(stale.Database)}, {stale.Bytes / 1_048_576.0:0.0} MB.");
            }
        }

        var path = database?.FullName ?? SimulationDatabase.NewPath();

        // Ctrl+C and SIGTERM stop the run between two steps, so the temporary log is removed below.
        using var interrupted = new CancellationTokenSource();
        var signal = 0;
        var simulating = true;
        void Stop(PosixSignalContext context)
        {
            // Once the week is simulated the report reads the log; a signal then ends the process as
            // usual, and the next simulation removes the log it leaves.
            if (!Volatile.Read(ref simulating))
            {
                return;
            }

            context.Cancel = true;
            signal = context.Signal == PosixSignal.SIGTERM ? 143 : 130;
            interrupted.Cancel();
        }

        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            WeekSimulationResult result;
            try
            {
                result = WithProgress(terminal, "Simulating the week", count, progress =>
                    WeekSimulation.RunAsync(playbook, path, seed, count, days, like, progress, interrupted.Token).GetAwaiter().GetResult());
            }
            catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
            {
                terminal.Error.WriteLine(database is null
                    ? "Interrupted: the simulation stopped and its temporary event log was removed."
                    : $"Interrupted: the simulation stopped; {database.Name} holds the events up to that point.");
                return signal;
            }

            Volatile.Write(ref simulating, false);
            // What the simulation allocated is garbage now, but the collector keeps the memory it grew to
            // for it, and the report read the log beside that memory: given back first, a 250,000-lead
            // week's report phase peaks about 100 MB lower (docs/benchmarks.md).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var store = new SqliteHandoffStore(path);
            terminal.Output.WriteLine(
                $"Simulated {days} day{(days == 1 ? "" : "s")} of '{playbook.Name}' (seed {seed}): {result.Leads:N0} leads arrived, " +
                $"SDRs took {result.Actions:N0} actions, {result.Breaches:N0} SLA timers breached.");
            if (database is not null)
            {
                terminal.Output.WriteLine($"Event log: {database.Name} (handoff report --db {database.Name}).");
            }

            // One pass over the log gives the report, the reconciliation and the decisions file.
            var (report, reconciliation) = WithProgress(terminal, "Reading the event log", store.LastSeq, progress =>
                WeekReport.Read(store, playbook, result, output?.FullName, progress));
            terminal.Output.WriteLine(reconciliation);
            terminal.Output.WriteLine();
            ReportPrinter.Print(terminal, report);
            if (result.HubSpotWriteBacks is { } writeBacks)
            {
                PrintWriteBacks(terminal, writeBacks);
            }

            writeReportFiles(report);
            if (output is not null)
            {
                terminal.Output.WriteLine($"Decisions written to {output.Name}.");
            }

            return 0;
        }
        finally
        {
            if (database is null)
            {
                SimulationDatabase.Remove(path);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar of <paramref name="total"/> steps when a person
    /// watches (the output is a terminal); redirected and CI output gets no bar. The work reports how
    /// far it got through the callback it is given.
    /// </summary>
    public static T WithProgress<T>(Terminal terminal, string description, int total, Func<Action<int>, T> work)
    {
        if (!Shown(terminal))
        {
            return work(_ => { });
        }

        return AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask(description, maxValue: Math.Max(total, 1));
            // A move every thousand steps is plenty for the eye and keeps the bar's lock out of the loop;
            // steps may be skipped (log positions of events a report does not read).
            var shown = 0;
            var result = work(done =>
            {
                if (done - shown >= 1_000)
                {
                    task.Value = shown = done;
                }
            });
            task.Value = task.MaxValue;
            return result;
        });
    }

    /// <summary>
    /// <see cref="WithProgress{T}(Terminal, string, int, Func{Action{int}, T})"/> with a total read from
    /// the store (the last position in a log): it is read only when a bar is shown.
    /// </summary>
    public static T WithProgress<T>(Terminal terminal, string description, Func<long> total, Func<Action<int>, T> work) =>
        WithProgress(terminal, description, Shown(terminal) ? (int)Math.Min(total(), int.MaxValue) : 0, work);

    private static bool Shown(Terminal terminal) => terminal.Interactive && !Console.IsErrorRedirected;

    /// <summary>Routes generated leads, with a progress bar when a person watches a long run.</summary>
    public static List<DecisionRecord> Run(Terminal terminal, Router router, LeadGenerator generator, int count)
    {
        List<DecisionRecord> records = [];
        Run(terminal, router, generator, count, records.Add);
        return records;
    }

    /// <summary>Routes generated leads and hands over each decision as it is made, with a progress bar when a person watches a long run.</summary>
    public static void Run(Terminal terminal, Router router, LeadGenerator generator, int count, Action<DecisionRecord> decided)
    {
        // The leads are generated and taken in on a thread of their own, ahead of the routing: what
        // the generator makes does not depend on what is decided.
        var leads = generator.Generate(count);
        if (!terminal.Interactive || count < 100_000)
        {
            LeadSimulation.RunAhead(router, leads, decided);
            return;
        }

        AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask("Routing leads", maxValue: count);
            LeadSimulation.RunAhead(router, leads, decided, done => task.Value = done);
            task.Value = count;
        });
    }

    // A section of its own, after the health report (which it is not part of): only a playbook that
    // declares HubSpot sync has one, so other playbooks' output is what it always was.
    private static void PrintWriteBacks(Terminal terminal, HandoffRules.Host.Crm.HubSpotWriteBackTally tally)
    {
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        terminal.Output.WriteLine();
        terminal.Output.WriteLine("HubSpot write-backs (the playbook declares HubSpot sync; queued in the simulation, not sent):");
        terminal.Output.WriteLine(
            $"  {N(tally.ContactUpdates)} contact updates — owner {N(tally.Owners)}, lead status {N(tally.Statuses)}, lifecycle stage {N(tally.Stages)} " +
            $"({N(tally.StagesCleared)} cleared first to move back), reason {N(tally.Reasons)}");
        terminal.Output.WriteLine($"  {N(tally.Tasks)} tasks; {N(tally.ContactUpdates + tally.StagesCleared + 2 * tally.Tasks)} requests to HubSpot in all (each task is looked for before it is created)");
    }

    private static void Print(Terminal terminal, PlaybookModel playbook, string what, SimulationSummary summary, FileInfo? file)
    {
        var ansi = terminal.Ansi;
        var text = terminal.Output;
        string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        string P(int n, int of) => of == 0 ? "-" : (100.0 * n / of).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        text.WriteLine(what);
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
