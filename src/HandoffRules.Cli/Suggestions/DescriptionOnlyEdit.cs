using HandoffRules.Model;

namespace HandoffRules.Cli.Suggestions;

/// <summary>A suggestion no mechanical edit fits: said in words, with its evidence, and not backtested.</summary>
/// <param name="Kind">What kind of rule it is about.</param>
/// <param name="Subject">The rule, queue or source.</param>
/// <param name="Title">What to change, in words.</param>
/// <param name="Why">Why no edit is proposed.</param>
internal sealed record DescriptionOnlyEdit(string Kind, string Subject, string Title, string Why) : PlaybookEdit
{
    public override string Kind { get; } = Kind;

    public override string Subject { get; } = Subject;

    public override string Title { get; } = Title;

    public override PlaybookModel Apply(PlaybookModel playbook) => playbook;

    public override (IReadOnlyList<SourceChange>? Changes, string? Why) Locate(RulesSource source, string playbookClass) => (null, Why);
}
