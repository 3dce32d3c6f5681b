using System.Globalization;
using HandoffRules.Model;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// A higher daily cap for the capped members of a queue whose SLA breaches come from capacity: the
/// cap that would have taken the queue's busiest day without holding a lead.
/// </summary>
/// <param name="Queue">The queue.</param>
/// <param name="Members">Its capped members, by id.</param>
/// <param name="From">Their cap today (the highest, when they differ).</param>
/// <param name="To">The cap suggested.</param>
internal sealed record DailyCapEdit(string Queue, IReadOnlyList<string> Members, int From, int To) : PlaybookEdit
{
    public override string Kind => "capacity";

    public override string Subject => Queue;

    public override string Title =>
        $"raise the daily cap of {string.Join(", ", Members)} ('{Queue}') from {From.ToString(CultureInfo.InvariantCulture)} to {To.ToString(CultureInfo.InvariantCulture)}";

    public override PlaybookModel Apply(PlaybookModel playbook) => playbook with
    {
        Members = [.. playbook.Members.Select(m => Members.Contains(m.Id) ? m with { DailyCap = To } : m)],
    };

    public override (IReadOnlyList<SourceChange>? Changes, string? Why) Locate(RulesSource source, string playbookClass)
    {
        List<SourceChange> changes = [];
        var value = To.ToString(CultureInfo.InvariantCulture);
        foreach (var member in Members)
        {
            if (Single(source, playbookClass, "Member", member, out var why) is not { } call)
            {
                return (null, why);
            }

            var cap = RulesSource.Builder(call.Call) is { } builder ? RulesSource.CallsIn(builder, "DailyCap").LastOrDefault() : null;
            if (cap is null || cap.ArgumentList.Arguments.Count != 1)
            {
                return (null, $"Member(\"{member}\", ...) sets its cap without a DailyCap(...) call");
            }

            var argument = cap.ArgumentList.Arguments[0].Expression;
            if (argument is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression })
            {
                changes.Add(new SourceChange(call.File, argument.Span, value));
            }
            else if (argument is IdentifierNameSyntax name && Constant(source, playbookClass, name.Identifier.ValueText) is { } constant && OnlyFor(source, playbookClass, name.Identifier.ValueText))
            {
                // A named cap (const int DeskCap = 2) is the team's own word for it: change it there, once.
                changes.Add(new SourceChange(constant.File, constant.Literal.Span, value));
            }
            else
            {
                changes.Add(new SourceChange(call.File, argument.Span, value));
            }
        }

        return (changes, null);
    }

    private static (SourceFile File, LiteralExpressionSyntax Literal)? Constant(RulesSource source, string playbookClass, string name) =>
        source.Classes(playbookClass)
            .SelectMany(x => x.Class.Members.OfType<FieldDeclarationSyntax>()
                .SelectMany(f => f.Declaration.Variables)
                .Where(v => v.Identifier.ValueText == name && v.Initializer?.Value is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression })
                .Select(v => (x.File, (LiteralExpressionSyntax)v.Initializer!.Value)))
            .Cast<(SourceFile, LiteralExpressionSyntax)?>()
            .FirstOrDefault();

    // The constant may change only when every use of it is a cap of the members being raised.
    private bool OnlyFor(RulesSource source, string playbookClass, string name) =>
        source.Classes(playbookClass)
            .SelectMany(x => x.Class.DescendantNodes().OfType<IdentifierNameSyntax>().Where(i => i.Identifier.ValueText == name))
            .All(use => use.FirstAncestorOrSelf<InvocationExpressionSyntax>(i => RulesSource.MethodName(i) == "Member") is { } member
                && member.ArgumentList.Arguments.Count > 0
                && RulesSource.Literal(member.ArgumentList.Arguments[0].Expression) is { } id
                && Members.Contains(id)
                && use.Parent is ArgumentSyntax { Parent.Parent: InvocationExpressionSyntax cap } && RulesSource.MethodName(cap) == "DailyCap");
}
