using HandoffRules.Checks;
using HandoffRules.Model;

namespace HandoffRules.Validation;

/// <summary>
/// Validates a built playbook with the same checks the analyzers run at compile time, so a
/// playbook assembled from data is held to the same standard as one written in C#.
/// </summary>
public static class PlaybookValidator
{
    /// <summary>Every issue in the playbook, errors first, then in the order found.</summary>
    public static IReadOnlyList<PlaybookIssue> Validate(PlaybookModel playbook)
    {
        var outline = PlaybookOutlineReader.Read(playbook);
        return PlaybookChecks.Run(outline)
            .Select(f => new PlaybookIssue(f.Rule.Id, (IssueSeverity)f.Rule.Severity, f.Message, f.Site switch { string where => where, FileSpan span => span.ToString(), _ => $"playbook '{playbook.Name}'" }, f.Rule.HelpUri))
            .Distinct()
            .OrderByDescending(i => i.Severity)
            .ToList();
    }

    /// <summary>Throws <see cref="PlaybookValidationException"/> when the playbook has errors.</summary>
    public static IReadOnlyList<PlaybookIssue> EnsureValid(PlaybookModel playbook)
    {
        var issues = Validate(playbook);
        return issues.Any(i => i.Severity == IssueSeverity.Error)
            ? throw new PlaybookValidationException(playbook.Name, issues)
            : issues;
    }
}
