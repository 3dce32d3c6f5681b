using System.CommandLine;
using HandoffRules.Host.Store;
using HandoffRules.Model;
using HandoffRules.Reporting;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Cli.Commands;

/// <summary><c>handoff report</c>: the weekly handoff-health report from the event log.</summary>
internal static class ReportCommand
{
    public static Command Create(Terminal terminal)
    {
        var rules = new RulesOptions();
        var database = new Option<FileInfo>("--db") { Description = "The host's database (its event log).", DefaultValueFactory = _ => new FileInfo("handoff.db"), HelpName = "handoff.db" };
        var from = UtcDateOption.Create("--from", "Start of the window: a UTC day like 2026-11-02, or a timestamp (default: seven days before --to).");
        var to = UtcDateOption.Create("--to", "End of the window, exclusive: a UTC day like 2026-11-09, or a timestamp (default: the end of the last day with lead activity — leads arriving or SDRs acting; alerts and escalations the host stamps later do not count).");
        var byVersion = new Option<bool>("--by-playbook-version")
        {
            Description = "Also split the figures by the playbook version that routed each lead (the rules assembly's informational version and the model's content hash): " +
                          "during a rolling deploy two versions decide at once. Shown in the console, the HTML report and by_playbook_version.csv.",
        };
        var files = new ReportFileOptions();
        var command = new Command("report",
            "The weekly handoff-health report, computed from the event log exactly as the brief defines each metric: time to first touch " +
            "on the wall clock and on the business hours of the lead's queue (median and p90 over every handed-off lead: an untouched one counts as not yet " +
            "touched at the window's end, and a percentile that falls on one prints as '> 2.3 d'), acceptance, meeting and recycle rates, top reject reasons with the change against the previous window, " +
            "misroute %, duplicate rate and SLA breach rate per SLA — split by source, segment, queue and member — with findings on what to improve.\n\n" +
            "Examples:\n  handoff report --db handoff.db\n  handoff report --db handoff.db --from 2026-11-02 --to 2026-11-09 --html week.html --csv week/\n  handoff report --db handoff.db --by-playbook-version   (during or after a rolling deploy)");
        command.Options.Add(database);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(byVersion);
        files.AddTo(command);
        rules.AddTo(command);
        command.SetAction(parse => terminal.Run(() =>
        {
            var file = parse.GetValue(database)!;
            if (!file.Exists && !Directory.Exists(file.FullName))
            {
                throw new Loading.CommandException($"--db: no database at '{file.FullName}'. Run 'handoff run' (or 'handoff simulate --db {file.Name}') first.");
            }

            FileArguments.Database("--db", file.FullName);
            files.Check(parse);
            HealthReport report;
            try
            {
                var store = new SqliteHandoffStore(file.FullName);
                report = SimulateCommand.WithProgress(terminal, "Reading the event log", store.LastSeq, progress =>
                    Build(store, rules.Build(parse), parse.GetValue(from), parse.GetValue(to), parse.GetValue(byVersion), progress));
            }
            catch (SqliteException e)
            {
                // A SQLite file, but not one the host wrote (no event log in it).
                throw new Loading.CommandException($"--db: '{file.FullName}' is not a handoff database ({e.Message}).");
            }
            catch (InvalidDataException e)
            {
                // A handoff log of a schema this version does not read (see EventLogSchema).
                throw new Loading.CommandException($"--db: {e.Message}");
            }

            ReportPrinter.Print(terminal, report);
            files.Write(terminal, report, parse);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// The report for a window of the store's event log, read once in log order and never held: each
    /// event is folded into the report as it is read (see <see cref="HealthReportAccumulator"/>). The
    /// default window ends with the last day of lead activity, which one indexed query finds first.
    /// </summary>
    /// <param name="store">The event log.</param>
    /// <param name="playbook">The playbook, for findings.</param>
    /// <param name="from">The window's start, if given.</param>
    /// <param name="to">The window's end, if given.</param>
    /// <param name="byPlaybookVersion">Also split by playbook version.</param>
    /// <param name="progress">Called with the position in the log of each event read (see <see cref="SqliteHandoffStore.LastSeq"/>).</param>
    /// <param name="alsoRead">
    /// Given the report's window, what else reads each event in the same pass (a caller that needs
    /// more from the log than the report reads it once, not twice), of the types a report reads
    /// (<see cref="HealthReportAccumulator.EventTypes"/>); null for the report alone.
    /// </param>
    public static HealthReport Build(SqliteHandoffStore store, PlaybookModel playbook, DateTimeOffset? from, DateTimeOffset? to, bool byPlaybookVersion = false, Action<int>? progress = null, Func<ReportWindow, StoredEventReader>? alsoRead = null)
    {
        var window = HealthReportBuilder.DefaultWindow(to is null ? store.LastEventAt(HealthReportBuilder.LeadActivityTypes) : null, from, to, DateTimeOffset.UtcNow);
        if (window.To <= window.From)
        {
            throw new Loading.CommandException($"the window {window} is empty: --to must be after --from.");
        }

        var report = new HealthReportAccumulator(window, playbook, byPlaybookVersion);
        var also = alsoRead?.Invoke(window);

        // Progress counts log positions: the types a report skips are not read, yet the bar moves past them.
        store.ReadEvents(HealthReportAccumulator.EventTypes, (seq, leadId, type, at, data, facts, version) =>
        {
            report.Add(seq, leadId, type, at, data, facts?.Id ?? 0, facts is null ? [] : facts.Members, version);
            also?.Invoke(seq, leadId, type, at, data, facts, version);
            progress?.Invoke((int)Math.Min(seq, int.MaxValue));
        });

        return report.Finish();
    }
}
