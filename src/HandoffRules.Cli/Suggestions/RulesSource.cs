using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace HandoffRules.Cli.Suggestions;

/// <summary>One C# file of a rules project, parsed.</summary>
/// <param name="Path">The path relative to the project folder, with forward slashes (what a diff names).</param>
/// <param name="Text">The file as it is.</param>
/// <param name="Root">Its syntax.</param>
internal sealed record SourceFile(string Path, SourceText Text, CompilationUnitSyntax Root);

/// <summary>A replacement of a span of one file's text.</summary>
internal sealed record SourceChange(SourceFile File, TextSpan Span, string NewText);

/// <summary>
/// The C# sources of a rules project, read with Roslyn's syntax API only (no build): finds the DSL
/// calls of one playbook class — <c>handoff.Territory("East", t => ...)</c> — so a suggestion can
/// edit their arguments or insert a call, and prints the edits as unified diffs.
/// </summary>
internal sealed class RulesSource
{
    private RulesSource(string folder, IReadOnlyList<SourceFile> files)
    {
        Folder = folder;
        Files = files;
    }

    /// <summary>The project folder.</summary>
    public string Folder { get; }

    /// <summary>Every .cs file under the folder (bin and obj left out), by path.</summary>
    public IReadOnlyList<SourceFile> Files { get; }

    public static RulesSource Load(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))
            .Where(p => !p.StartsWith("bin/", StringComparison.Ordinal) && !p.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p =>
            {
                var text = SourceText.From(File.ReadAllText(Path.Combine(folder, p)));
                return new SourceFile(p, text, (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(text, path: p).GetRoot());
            })
            .ToList();
        return new RulesSource(folder, files);
    }

    /// <summary>The declarations of a playbook class (several when it is partial), with their files.</summary>
    public IEnumerable<(SourceFile File, ClassDeclarationSyntax Class)> Classes(string playbookClass) =>
        Files.SelectMany(f => f.Root.DescendantNodes().OfType<ClassDeclarationSyntax>().Where(c => c.Identifier.ValueText == playbookClass).Select(c => (f, c)));

    /// <summary>The playbook's DSL calls of a method whose first argument is the given name, e.g. <c>Territory("East", ...)</c>.</summary>
    public List<(SourceFile File, InvocationExpressionSyntax Call)> Calls(string playbookClass, string method, string name) =>
        [.. Classes(playbookClass).SelectMany(x => x.Class.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => MethodName(i) == method && i.ArgumentList.Arguments.Count > 0 && Literal(i.ArgumentList.Arguments[0].Expression) == name)
            .Select(i => (x.File, i)))];

    /// <summary>The method an invocation calls: <c>Regions</c> for <c>t.Regions("US", "TX")</c>.</summary>
    public static string? MethodName(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        IdentifierNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The value of a string literal, or null for anything else.</summary>
    public static string? Literal(ExpressionSyntax expression) =>
        expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal ? literal.Token.ValueText : null;

    /// <summary>The builder lambda a DSL call ends with: <c>t => t.Regions(...)</c>.</summary>
    public static LambdaExpressionSyntax? Builder(InvocationExpressionSyntax call) =>
        call.ArgumentList.Arguments.Count > 0 ? call.ArgumentList.Arguments[^1].Expression as LambdaExpressionSyntax : null;

    /// <summary>
    /// The parameter a builder lambda's chain starts from (<c>d</c> in <c>d => d.When(...).HandsOff()</c>):
    /// a call inserted just after it reads like the other calls.
    /// </summary>
    public static IdentifierNameSyntax? ChainRoot(LambdaExpressionSyntax lambda)
    {
        var expression = lambda.ExpressionBody;
        while (true)
        {
            switch (expression)
            {
                case InvocationExpressionSyntax invocation:
                    expression = invocation.Expression;
                    continue;
                case MemberAccessExpressionSyntax member:
                    expression = member.Expression;
                    continue;
                case IdentifierNameSyntax root:
                    return root;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// A call inserted at the head of a builder lambda's chain; on a line of its own, indented like
    /// the next one, when the chain is written a call per line. Null when the lambda is no chain.
    /// </summary>
    public static SourceChange? InsertAtChainStart(SourceFile file, LambdaExpressionSyntax lambda, string call)
    {
        if (ChainRoot(lambda) is not { } root)
        {
            return null;
        }

        var at = root.Span.End;
        var line = file.Text.Lines.GetLineFromPosition(at);
        var next = root.Identifier.GetNextToken();
        if (next.SpanStart > line.End)
        {
            // The file's own line break, so a diff touches only the lines it means to.
            var nextLine = file.Text.Lines.GetLineFromPosition(next.SpanStart).ToString();
            var indent = nextLine[..(nextLine.Length - nextLine.TrimStart().Length)];
            var lineBreak = line.EndIncludingLineBreak - line.End == 2 ? "\r\n" : "\n";
            return new SourceChange(file, new TextSpan(at, 0), $"{lineBreak}{indent}{call}");
        }

        return new SourceChange(file, new TextSpan(at, 0), call);
    }

    /// <summary>The calls inside a builder lambda, outermost last.</summary>
    public static IEnumerable<InvocationExpressionSyntax> CallsIn(LambdaExpressionSyntax lambda, string method) =>
        lambda.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(i => MethodName(i) == method).OrderBy(i => i.SpanStart);

    /// <summary>A change that removes an argument of a call with its separating comma.</summary>
    public static TextSpan WithoutArgument(InvocationExpressionSyntax call, int index)
    {
        var arguments = call.ArgumentList.Arguments;
        var argument = arguments[index];
        return index > 0
            ? TextSpan.FromBounds(arguments.GetSeparator(index - 1).SpanStart, argument.Span.End)
            : TextSpan.FromBounds(argument.SpanStart, arguments.SeparatorCount > 0 ? arguments[1].SpanStart : argument.Span.End);
    }

    /// <summary>The whole lines of a statement, from the start of its first line to the end of its last.</summary>
    public static TextSpan Lines(SourceFile file, StatementSyntax statement)
    {
        var first = file.Text.Lines.GetLineFromPosition(statement.SpanStart);
        var last = file.Text.Lines.GetLineFromPosition(statement.Span.End);
        return TextSpan.FromBounds(first.Start, last.EndIncludingLineBreak);
    }

    /// <summary>The changes applied, as one unified diff per changed file in path order (paths relative to the project folder, a/ and b/ prefixes as git prints them).</summary>
    public static string Diff(IEnumerable<SourceChange> changes)
    {
        var diff = new System.Text.StringBuilder();
        foreach (var file in changes.GroupBy(c => c.File).OrderBy(g => g.Key.Path, StringComparer.Ordinal))
        {
            var edited = file.Key.Text.WithChanges(file.DistinctBy(c => c.Span).Select(c => new TextChange(c.Span, c.NewText)));
            diff.Append(UnifiedDiff.Create(file.Key.Path, file.Key.Text.ToString(), edited.ToString()));
        }

        return diff.ToString();
    }
}
