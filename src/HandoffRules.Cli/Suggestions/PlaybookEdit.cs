using HandoffRules.Model;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// A change to a playbook that a suggestion proposes, made twice: on the in-memory model, to
/// backtest it on the history without a build, and on the rules project's sources, to print it as a
/// diff a RevOps engineer can apply and open a pull request with.
/// </summary>
internal abstract record PlaybookEdit
{
    /// <summary>What kind of rule the edit changes: definition, territory, capacity or rule.</summary>
    public abstract string Kind { get; }

    /// <summary>The rule, queue or source the edit is about.</summary>
    public abstract string Subject { get; }

    /// <summary>The edit in one line, in the playbook's words.</summary>
    public abstract string Title { get; }

    /// <summary>The playbook with the edit made.</summary>
    public abstract PlaybookModel Apply(PlaybookModel playbook);

    /// <summary>
    /// The source changes that make the edit in the playbook class's DSL calls, or null with the
    /// reason when no mechanical edit fits (the call is built in a way a syntax edit cannot follow).
    /// </summary>
    public abstract (IReadOnlyList<SourceChange>? Changes, string? Why) Locate(RulesSource source, string playbookClass);

    /// <summary>The single DSL call of a name, or the reason it cannot be edited.</summary>
    protected static (SourceFile File, Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax Call)? Single(RulesSource source, string playbookClass, string method, string name, out string? why)
    {
        var calls = source.Calls(playbookClass, method, name);
        why = calls.Count switch
        {
            0 => $"no {method}(\"{name}\", ...) call in {playbookClass}'s sources (built from data, or under another name)",
            > 1 => $"{calls.Count} {method}(\"{name}\", ...) calls in {playbookClass}'s sources",
            _ => null,
        };
        return calls.Count == 1 ? calls[0] : null;
    }
}
