namespace HandoffRules.Validation;

/// <summary>How serious a playbook issue is.</summary>
public enum IssueSeverity
{
    /// <summary>Worth knowing.</summary>
    Info,

    /// <summary>Probably a mistake; the playbook still runs.</summary>
    Warning,

    /// <summary>The handoff is broken; the playbook does not compile into a router.</summary>
    Error,
}

/// <summary>
/// A problem in a playbook, with the same id the analyzers report at compile time.
/// </summary>
/// <param name="Id">The stable rule id, e.g. "HR1001".</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="Message">What is wrong, naming the element.</param>
/// <param name="Where">The element it was found at, e.g. "route 'NA enterprise'".</param>
/// <param name="HelpUri">The rule's help page.</param>
public sealed record PlaybookIssue(string Id, IssueSeverity Severity, string Message, string Where, string HelpUri)
{
    /// <summary>"error HR1001: … (at playbook 'Acme')".</summary>
    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {Id}: {Message} (at {Where})";
}

/// <summary>Thrown when a playbook with errors is compiled into a router.</summary>
public sealed class PlaybookValidationException : Exception
{
    /// <summary>Creates the exception for the given issues.</summary>
    public PlaybookValidationException(string playbook, IReadOnlyList<PlaybookIssue> issues)
        : base($"Playbook '{playbook}' has {issues.Count(i => i.Severity == IssueSeverity.Error)} error(s):{Environment.NewLine}" +
               string.Join(Environment.NewLine, issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => "  " + i)))
    {
        Issues = issues;
    }

    /// <summary>Every issue found, errors and warnings.</summary>
    public IReadOnlyList<PlaybookIssue> Issues { get; }
}
