using System.Linq.Expressions;
using System.Reflection;

namespace HandoffRules.Model;

/// <summary>
/// Compiles a condition on a lead so that the common checks read the lead's <see cref="LeadView"/>
/// instead of its texts and arrays: <c>lead.HasSignal("x")</c> and <c>lead.TitleContains("x")</c> get
/// their mask bits worked out once, here; <c>lead.Event.Type</c> reads the view's event type;
/// <c>lead.Email != null</c> reads the view's length code; a comparison of a text with a constant
/// (<c>string.Equals(lead.Company, "test", StringComparison.OrdinalIgnoreCase)</c>, <c>lead.State == "CA"</c>)
/// is skipped when the lengths differ. Every rewrite gives the answer the condition as written gives;
/// anything else in a condition (a set of domains, a user method) runs as written.
/// </summary>
internal static class LeadConditionCompiler
{
    private static readonly MethodInfo HasSignal = typeof(Lead).GetMethod(nameof(Lead.HasSignal), [typeof(string)])!;
    private static readonly MethodInfo HasSignalByBit = Internal(nameof(Lead.HasSignal), typeof(string), typeof(ulong));
    private static readonly MethodInfo TitleContains = typeof(Lead).GetMethod(nameof(Lead.TitleContains), [typeof(string)])!;
    private static readonly MethodInfo TitleContainsByPairs = Internal(nameof(Lead.TitleContains), typeof(string), typeof(ulong));
    private static readonly MethodInfo IsSet = Internal(nameof(Lead.IsSet), typeof(LeadText));
    private static readonly MethodInfo MayHaveLength = Internal(nameof(Lead.MayHaveLength), typeof(LeadText), typeof(int));
    private static readonly PropertyInfo EventType = typeof(Lead).GetProperty(nameof(Lead.EventType), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly PropertyInfo Event = typeof(Lead).GetProperty(nameof(Lead.Event))!;
    private static readonly MethodInfo StringEqualsWithComparison = typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string), typeof(StringComparison)])!;
    private static readonly MethodInfo StringEquals = typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)])!;

    private static readonly Dictionary<string, LeadText> Texts = new(StringComparer.Ordinal)
    {
        [nameof(Lead.Email)] = LeadText.Email,
        [nameof(Lead.Domain)] = LeadText.Domain,
        [nameof(Lead.FirstName)] = LeadText.FirstName,
        [nameof(Lead.LastName)] = LeadText.LastName,
        [nameof(Lead.Company)] = LeadText.Company,
        [nameof(Lead.JobTitle)] = LeadText.JobTitle,
        [nameof(Lead.Phone)] = LeadText.Phone,
        [nameof(Lead.Country)] = LeadText.Country,
        [nameof(Lead.State)] = LeadText.State,
        [nameof(Lead.PostalCode)] = LeadText.PostalCode,
        [nameof(Lead.City)] = LeadText.City,
    };

    /// <summary>The condition compiled with the view's shortcuts.</summary>
    public static Func<Lead, bool> Compile(Expression<Func<Lead, bool>> condition) =>
        ((Expression<Func<Lead, bool>>)new ViewRewriter().Visit(condition)).Compile();

    private static MethodInfo Internal(string name, params Type[] parameters) =>
        typeof(Lead).GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic, parameters)!;

    // lead.Email, lead.Company…: the lead expression and the text it reads, when the expression is one.
    private static bool IsText(Expression expression, out Expression lead, out LeadText text)
    {
        if (expression is MemberExpression { Member: PropertyInfo property, Expression: { } owner } && owner.Type == typeof(Lead) && property.DeclaringType == typeof(Lead)
            && Texts.TryGetValue(property.Name, out text))
        {
            lead = owner;
            return true;
        }

        (lead, text) = (null!, default);
        return false;
    }

    private static bool IsConstantText(Expression expression, out string? value)
    {
        if (expression is ConstantExpression { Type: var type } constant && type == typeof(string))
        {
            value = (string?)constant.Value;
            return true;
        }

        value = null;
        return false;
    }

    private sealed class ViewRewriter : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Object is { } lead && node.Arguments is [ConstantExpression { Value: string argument } constant])
            {
                if (node.Method == HasSignal)
                {
                    return Expression.Call(Visit(lead), HasSignalByBit, constant, Expression.Constant(LeadView.SignalBit(argument)));
                }

                if (node.Method == TitleContains)
                {
                    return Expression.Call(Visit(lead), TitleContainsByPairs, constant, Expression.Constant(LeadView.TitleNeeds(argument)));
                }
            }

            // string.Equals(lead.Company, "test", Ordinal or OrdinalIgnoreCase): equal texts have equal lengths.
            if (node.Object is null
                && ((node.Method == StringEqualsWithComparison && node.Arguments[2] is ConstantExpression { Value: StringComparison.Ordinal or StringComparison.OrdinalIgnoreCase })
                    || node.Method == StringEquals)
                && LengthGuard(node.Arguments[0], node.Arguments[1]) is { } guard)
            {
                return Expression.AndAlso(guard, base.VisitMethodCall(node));
            }

            return base.VisitMethodCall(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            // lead.Event.Type: the view keeps the event's type.
            if (node.Member.Name == nameof(LeadEvent.Type) && node.Member.DeclaringType == typeof(LeadEvent)
                && node.Expression is MemberExpression { Member: PropertyInfo property, Expression: { } lead } && property == Event)
            {
                return Expression.Property(Visit(lead), EventType);
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual)
            {
                // lead.Email != null, null == lead.State: the view says whether a text is set.
                var (left, right) = (node.Left, node.Right);
                if (IsText(left, out var lead, out var text) && IsConstantText(right, out var value) && value is null
                    || IsText(right, out lead, out text) && IsConstantText(left, out value) && value is null)
                {
                    var isSet = Expression.Call(Visit(lead), IsSet, Expression.Constant(text));
                    return node.NodeType == ExpressionType.NotEqual ? isSet : Expression.Not(isSet);
                }

                // lead.State == "CA": equal texts have equal lengths.
                if (node.Method is null || node.Method.DeclaringType == typeof(string))
                {
                    if (node.NodeType == ExpressionType.Equal && LengthGuard(left, right) is { } guard)
                    {
                        return Expression.AndAlso(guard, base.VisitBinary(node));
                    }
                }
            }

            return base.VisitBinary(node);
        }

        // For a lead's text and a non-null constant, either way round: "the text may be as long as the constant".
        private MethodCallExpression? LengthGuard(Expression first, Expression second)
        {
            if (IsText(first, out var lead, out var text) && IsConstantText(second, out var value) && value is not null
                || IsText(second, out lead, out text) && IsConstantText(first, out value) && value is not null)
            {
                return Expression.Call(Visit(lead), MayHaveLength, Expression.Constant(text), Expression.Constant(value.Length));
            }

            return null;
        }
    }
}
