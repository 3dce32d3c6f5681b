using System.Linq.Expressions;

namespace HandoffRules.Model;

/// <summary>
/// A condition on a lead, kept both as readable text (for traces, reports and model
/// comparison) and as a compiled delegate (for routing). Two predicates are equal when their text is.
/// </summary>
public sealed class LeadPredicate : IEquatable<LeadPredicate>
{
    private LeadPredicate(string text, Func<Lead, bool> evaluate)
    {
        Text = text;
        Evaluate = evaluate;
    }

    /// <summary>The condition as it reads in source ("lead.Score >= 60 || lead.HasSignal(\"pricing_page\")").</summary>
    public string Text { get; }

    /// <summary>The compiled condition.</summary>
    public Func<Lead, bool> Evaluate { get; }

    /// <summary>
    /// Compiles an expression once and keeps its text. The common checks (signals, title, event type,
    /// whether a text is set, a text compared with a constant) are compiled to read the lead's routing
    /// view first, with the same answers (see <c>LeadConditionCompiler</c>).
    /// </summary>
    public static LeadPredicate From(Expression<Func<Lead, bool>> condition) =>
        new(PredicateText.Of(condition), LeadConditionCompiler.Compile(condition));

    /// <inheritdoc />
    public bool Equals(LeadPredicate? other) => other is not null && Text == other.Text;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LeadPredicate);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <inheritdoc />
    public override string ToString() => Text;
}
