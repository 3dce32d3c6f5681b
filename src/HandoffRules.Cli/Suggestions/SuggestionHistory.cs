using HandoffRules.Host.Store;
using HandoffRules.Intake;
using HandoffRules.Records;
using HandoffRules.Simulation.Review;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// The event log a suggestion learns from and is backtested on: the leads taken in during the window
/// (streamed from the log on every replay, never held), every event (what SDRs and timers did), and
/// the accepted leads that are the ground truth of where a lead belongs.
/// </summary>
/// <param name="Path">The SQLite event log.</param>
/// <param name="From">The first arrival kept, or null.</param>
/// <param name="To">The arrival the window ends before, or null.</param>
/// <param name="Events">Every event of the log.</param>
/// <param name="Accepted">Accepted leads by lead id, read over the whole log.</param>
internal sealed record SuggestionHistory(string Path, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<HandoffEvent> Events, IReadOnlyDictionary<string, AcceptedLead> Accepted)
{
    /// <summary>The window's leads as they arrived, in log order.</summary>
    public IEnumerable<LeadInput> Leads() => IntakeHistory.Read(Path, From, To).Select(l => l.Input);
}
