using System.Globalization;
using System.Linq.Expressions;
using HandoffRules.Model;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// Leads of one source need a minimum score to meet the definitions they were handed off under: the
/// edit for a source SDRs reject far above the rest. The threshold keeps every lead of the source an
/// SDR accepted.
/// </summary>
/// <param name="Source">The source.</param>
/// <param name="Score">The lowest score a lead of the source needs.</param>
/// <param name="Definitions">The definitions that get the criterion, in playbook order.</param>
internal sealed record ScoreThresholdEdit(LeadSource Source, int Score, IReadOnlyList<string> Definitions) : PlaybookEdit
{
    public override string Kind => "definition";

    public override string Subject => Source.ToString();

    public override string Title =>
        $"{Source} leads need a score of {Score.ToString(CultureInfo.InvariantCulture)} or more to meet {string.Join(", ", Definitions.Select(d => $"'{d}'"))}";

    // The criterion as the rules file writes it, and as its predicate text reads in traces.
    private string Criterion(string parameter) =>
        $"{parameter} => {parameter}.Source != LeadSource.{Source} || {parameter}.Score >= {Score.ToString(CultureInfo.InvariantCulture)}";

    public override PlaybookModel Apply(PlaybookModel playbook)
    {
        var lead = Expression.Parameter(typeof(Lead), "l");
        var body = Expression.OrElse(
            Expression.NotEqual(Expression.Convert(Expression.Property(lead, nameof(Lead.Source)), typeof(int)), Expression.Constant((int)Source)),
            Expression.GreaterThanOrEqual(Expression.Property(lead, nameof(Lead.Score)), Expression.Constant(Score)));
        var criterion = LeadPredicate.From(Expression.Lambda<Func<Lead, bool>>(body, lead));
        return playbook with
        {
            Definitions = [.. playbook.Definitions.Select(d => Definitions.Contains(d.Name) ? d with { Criteria = [.. d.Criteria, criterion] } : d)],
        };
    }

    public override (IReadOnlyList<SourceChange>? Changes, string? Why) Locate(RulesSource source, string playbookClass)
    {
        List<SourceChange> changes = [];
        foreach (var definition in Definitions)
        {
            if (Single(source, playbookClass, "Definition", definition, out var why) is not { } call)
            {
                return (null, why);
            }

            // A parameter name the builder's own parameter does not take.
            var parameter = RulesSource.Builder(call.Call) is Microsoft.CodeAnalysis.CSharp.Syntax.SimpleLambdaExpressionSyntax { Parameter.Identifier.ValueText: "l" } ? "lead" : "l";
            if (RulesSource.Builder(call.Call) is not { } builder || RulesSource.InsertAtChainStart(call.File, builder, $".When({Criterion(parameter)})") is not { } change)
            {
                return (null, $"Definition(\"{definition}\", ...) does not end with a builder chain");
            }

            changes.Add(change);
        }

        return (changes, null);
    }
}
