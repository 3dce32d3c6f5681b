namespace HandoffRules.Cli.Suggestions;

/// <summary>A proposed playbook change with its evidence from the log, its diff and its backtest on the same history.</summary>
/// <param name="Edit">The change.</param>
/// <param name="Evidence">What the log says, with counts.</param>
/// <param name="Diff">The change as a unified diff against the rules project's sources, or null.</param>
/// <param name="NoDiff">Why there is no diff, when there is none.</param>
/// <param name="Effect">The change backtested on the history; null when it was only described or fails the playbook checks.</param>
/// <param name="Checks">What the playbook checks (the analyzers' runtime twin) say of the edited playbook that they do not say of it as it is.</param>
internal sealed record Suggestion(PlaybookEdit Edit, string Evidence, string? Diff, string? NoDiff, SuggestionEffect? Effect, IReadOnlyList<string> Checks);
