using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace HandoffRules.Model;

/// <summary>
/// Prints a lead condition the way it was written, so a trace says
/// <c>lead.Score &gt;= 60 || lead.HasSignal("pricing_page")</c> rather than the expression tree's
/// own <c>((lead.Score &gt;= 60) OrElse …)</c>.
/// </summary>
internal static class PredicateText
{
    public static string Of(LambdaExpression lambda)
    {
        var builder = new StringBuilder();
        Write(builder, lambda.Body, 0);
        return builder.ToString();
    }

    private static int Precedence(ExpressionType type) => type switch
    {
        ExpressionType.Coalesce => 1,
        ExpressionType.Conditional => 0,
        ExpressionType.OrElse => 2,
        ExpressionType.AndAlso => 3,
        ExpressionType.Or => 4,
        ExpressionType.ExclusiveOr => 5,
        ExpressionType.And => 6,
        ExpressionType.Equal or ExpressionType.NotEqual => 7,
        ExpressionType.LessThan or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.TypeIs => 8,
        ExpressionType.Add or ExpressionType.Subtract => 9,
        ExpressionType.Multiply or ExpressionType.Divide or ExpressionType.Modulo => 10,
        _ => 12,
    };

    private static string Operator(ExpressionType type) => type switch
    {
        ExpressionType.Coalesce => "??",
        ExpressionType.OrElse => "||",
        ExpressionType.AndAlso => "&&",
        ExpressionType.Or => "|",
        ExpressionType.ExclusiveOr => "^",
        ExpressionType.And => "&",
        ExpressionType.Equal => "==",
        ExpressionType.NotEqual => "!=",
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => ">=",
        ExpressionType.Add => "+",
        ExpressionType.Subtract => "-",
        ExpressionType.Multiply => "*",
        ExpressionType.Divide => "/",
        ExpressionType.Modulo => "%",
        _ => type.ToString(),
    };

    private static void Write(StringBuilder builder, Expression expression, int parentPrecedence)
    {
        switch (expression)
        {
            case BinaryExpression binary:
                WriteBinary(builder, binary, parentPrecedence);
                break;
            case UnaryExpression { NodeType: ExpressionType.Not } not:
                builder.Append('!');
                Write(builder, not.Operand, 12);
                break;
            case UnaryExpression { NodeType: ExpressionType.Negate } negate:
                builder.Append('-');
                Write(builder, negate.Operand, 12);
                break;
            case UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.Quote } convert:
                Write(builder, convert.Operand, parentPrecedence);
                break;
            case ConditionalExpression conditional:
                var wrap = parentPrecedence > 0;
                builder.Append(wrap ? "(" : "");
                Write(builder, conditional.Test, 1);
                builder.Append(" ? ");
                Write(builder, conditional.IfTrue, 1);
                builder.Append(" : ");
                Write(builder, conditional.IfFalse, 1);
                builder.Append(wrap ? ")" : "");
                break;
            case ParameterExpression parameter:
                builder.Append(parameter.Name);
                break;
            case ConstantExpression constant:
                WriteValue(builder, constant.Value);
                break;
            case MemberExpression member:
                WriteMember(builder, member);
                break;
            case MethodCallExpression call:
                WriteCall(builder, call);
                break;
            case TypeBinaryExpression typeIs:
                Write(builder, typeIs.Expression, 8);
                builder.Append(" is ").Append(typeIs.TypeOperand.Name);
                break;
            case NewArrayExpression array:
                builder.Append('[');
                WriteList(builder, array.Expressions);
                builder.Append(']');
                break;
            default:
                builder.Append(expression.ToString());
                break;
        }
    }

    private static void WriteBinary(StringBuilder builder, BinaryExpression binary, int parentPrecedence)
    {
        if (binary.NodeType == ExpressionType.ArrayIndex)
        {
            Write(builder, binary.Left, 12);
            builder.Append('[');
            Write(builder, binary.Right, 0);
            builder.Append(']');
            return;
        }

        var precedence = Precedence(binary.NodeType);
        var wrap = precedence < parentPrecedence;
        builder.Append(wrap ? "(" : "");

        // Enum comparisons arrive as Convert(enum) == 3; print the constant as the enum member.
        var enumType = EnumOperand(binary.Left) ?? EnumOperand(binary.Right);
        WriteOperand(builder, binary.Left, precedence, enumType);
        builder.Append(' ').Append(Operator(binary.NodeType)).Append(' ');
        WriteOperand(builder, binary.Right, precedence + 1, enumType);
        builder.Append(wrap ? ")" : "");
    }

    private static void WriteOperand(StringBuilder builder, Expression operand, int precedence, Type? enumType)
    {
        if (enumType is not null && StripConvert(operand) is ConstantExpression { Value: not null } constant && constant.Value.GetType() != enumType)
        {
            WriteValue(builder, Enum.ToObject(enumType, constant.Value));
            return;
        }

        Write(builder, operand, precedence);
    }

    private static Type? EnumOperand(Expression expression)
    {
        var inner = StripConvert(expression);
        var type = Nullable.GetUnderlyingType(inner.Type) ?? inner.Type;
        return type.IsEnum ? type : null;
    }

    private static Expression StripConvert(Expression expression)
    {
        while (expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert)
        {
            expression = convert.Operand;
        }

        return expression;
    }

    private static void WriteMember(StringBuilder builder, MemberExpression member)
    {
        switch (member.Expression)
        {
            case null:
                // A static member: keep the type name for enums and constants people recognise.
                builder.Append(member.Member.DeclaringType?.Name).Append('.').Append(member.Member.Name);
                break;
            case ConstantExpression { Value: { } target } when target.GetType().IsDefined(typeof(CompilerGeneratedAttribute), false):
                // A captured local variable: its name reads better than its closure.
                builder.Append(member.Member.Name);
                break;
            case ConstantExpression:
                builder.Append(member.Member.Name);
                break;
            default:
                Write(builder, member.Expression, 12);
                builder.Append('.').Append(member.Member.Name);
                break;
        }
    }

    private static void WriteCall(StringBuilder builder, MethodCallExpression call)
    {
        var method = call.Method;
        IEnumerable<Expression> arguments = call.Arguments;
        if (call.Object is not null)
        {
            Write(builder, call.Object, 12);
            builder.Append('.');
        }
        else if (method.IsDefined(typeof(ExtensionAttribute), false) && call.Arguments.Count > 0)
        {
            Write(builder, call.Arguments[0], 12);
            builder.Append('.');
            arguments = call.Arguments.Skip(1);
        }
        else
        {
            builder.Append(method.DeclaringType?.Name).Append('.');
        }

        if (method.IsSpecialName && method.Name == "get_Item")
        {
            builder.Append('[');
            WriteList(builder, arguments);
            builder.Append(']');
            return;
        }

        builder.Append(method.Name).Append('(');
        WriteList(builder, arguments);
        builder.Append(')');
    }

    private static void WriteList(StringBuilder builder, IEnumerable<Expression> expressions)
    {
        var first = true;
        foreach (var argument in expressions)
        {
            builder.Append(first ? "" : ", ");
            Write(builder, argument, 0);
            first = false;
        }
    }

    private static void WriteValue(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string s:
                builder.Append('"').Append(s.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case Enum e:
                builder.Append(e.GetType().Name).Append('.').Append(e.ToString());
                break;
            case IFormattable formattable:
                builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            case MemberInfo info:
                builder.Append(info.Name);
                break;
            default:
                builder.Append(value);
                break;
        }
    }
}
