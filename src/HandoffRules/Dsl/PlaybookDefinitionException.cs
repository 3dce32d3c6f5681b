using HandoffRules.Checks;

namespace HandoffRules;

/// <summary>
/// Thrown while a playbook is being built when a value cannot be represented at all (an unknown
/// time zone, a band whose minimum is above its maximum, a route with no target). Reported as
/// HR1005, the id the analyzers use for the constant values they can check at compile time
/// (bands, dates, weights, SLA limits).
/// </summary>
public sealed class PlaybookDefinitionException : Exception
{
    /// <summary>Creates the exception with a message naming the element and the problem.</summary>
    public PlaybookDefinitionException(string message)
        : base(message)
    {
    }

    /// <summary>The rule id this problem is reported under.</summary>
    public static string RuleId => CheckRules.InvalidValueId;
}
