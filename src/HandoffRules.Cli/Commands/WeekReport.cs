using System.Text;
using HandoffRules.Host.Simulation;
using HandoffRules.Host.Store;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Reporting;

namespace HandoffRules.Cli.Commands;

/// <summary>
/// What <c>simulate</c> tells about the week it simulated, read from its event log in one pass and
/// never held: the health report, the line that reconciles the headline's counts with the report's
/// window, and (with <c>--out</c>) the decisions file. Each event is folded into all three as it is
/// read, so a week of any size is read back in the memory of the report's per-lead summaries.
/// </summary>
internal static class WeekReport
{
    /// <summary>Reads the week back.</summary>
    /// <param name="store">The week's event log.</param>
    /// <param name="playbook">The playbook simulated.</param>
    /// <param name="week">What the simulation did: its window, its leads and its breaches.</param>
    /// <param name="decisions">The decisions file to write (every intake decision, sorted by lead id), or null.</param>
    /// <param name="progress">Called with the position in the log of each event read.</param>
    public static (HealthReport Report, string Reconciliation) Read(SqliteHandoffStore store, PlaybookModel playbook, WeekSimulationResult week, string? decisions = null, Action<int>? progress = null)
    {
        using var file = decisions is null ? null : new DecisionFileWriter(decisions);
        WeekReconciliation? reconciliation = null;
        var report = ReportCommand.Build(store, playbook, week.Start, week.End, progress: progress, alsoRead: window =>
        {
            reconciliation = new WeekReconciliation(window);
            var joined = Array.Empty<byte>();
            return (_, leadId, type, at, data, facts, _) =>
            {
                // An intake event's data is the lead's decision.
                if (reconciliation.Add(leadId, type, at) && file is not null)
                {
                    file.Add(DecisionRecord.FromJson(Encoding.UTF8.GetString(StoredFacts.Join(data, facts, ref joined))));
                }
            };
        });
        file?.Complete();
        return (report, reconciliation!.Text(report, week.Leads, week.Breaches));
    }
}
