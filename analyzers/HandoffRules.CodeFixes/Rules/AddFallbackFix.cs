using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HandoffRules.CodeFixes.Rules;

/// <summary>
/// HR1001: adds <c>handoff.Fallback("…")</c> at the end of <c>Define</c>, to the playbook's triage
/// queue (a queue named like "Triage", else its first queue, else "Lead Triage").
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddFallbackFix)), Shared]
public sealed class AddFallbackFix : CodeFixProvider
{
    /// <summary>The diagnostic property carrying the suggested queue.</summary>
    public const string QueueProperty = Analyzers.Rules.MissingFallbackAnalyzer.QueueProperty;

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(CheckRules.MissingFallbackId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan) is not { } node
            || node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration
            || model?.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type)
        {
            return;
        }

        var define = type.GetMembers("Define").OfType<IMethodSymbol>()
            .SelectMany(m => m.DeclaringSyntaxReferences)
            .Select(r => r.GetSyntax(context.CancellationToken))
            .OfType<MethodDeclarationSyntax>()
            .FirstOrDefault(m => m.Body is not null && m.ParameterList.Parameters.Count == 1);
        if (define is null || context.Document.Project.Solution.GetDocument(define.SyntaxTree) is not { } target)
        {
            return;
        }

        var queue = diagnostic.Properties.TryGetValue(QueueProperty, out var q) && q is not null ? q : "Lead Triage";
        context.RegisterCodeFix(
            CodeAction.Create($"Add a fallback to '{queue}'", c => AddAsync(target, define, queue, c), equivalenceKey: nameof(AddFallbackFix)),
            diagnostic);
    }

    private static async Task<Solution> AddAsync(Document document, MethodDeclarationSyntax define, string queue, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        var parameter = define.ParameterList.Parameters[0].Identifier.ValueText;
        var statement = SyntaxFactory.ParseStatement($"{parameter}.Fallback({SymbolDisplay.FormatLiteral(queue, quote: true)});")
            .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
        var current = root!.FindNode(define.Span) as MethodDeclarationSyntax ?? define;
        var updated = current.WithBody(current.Body!.AddStatements(statement));
        return document.WithSyntaxRoot(root.ReplaceNode(current, updated)).Project.Solution;
    }
}
