using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HandoffRules.CodeFixes.Rules;

/// <summary>
/// HR2004: moves the shadowed route's statement above the earlier route that takes all its leads,
/// so the narrower route is tried first. Offered when both routes are statements of one block.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MoveRouteAboveFix)), Shared]
public sealed class MoveRouteAboveFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(CheckRules.ShadowedRouteId);

    /// <inheritdoc />
    /// <remarks>Moves that touch the same statements conflict; the batch fixer applies the ones that do not.</remarks>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        // The shadowing route may be in another method or another file of the playbook: no move then.
        if (diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree != diagnostic.Location.SourceTree)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var later = Statement(root?.FindNode(diagnostic.Location.SourceSpan));
        var earlier = Statement(root?.FindNode(diagnostic.AdditionalLocations[0].SourceSpan));
        if (later?.Parent is not BlockSyntax block || earlier is null || !ReferenceEquals(earlier.Parent, block))
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Move this route above the route that shadows it", c => MoveAsync(context.Document, block, later, earlier, c), equivalenceKey: nameof(MoveRouteAboveFix)),
            diagnostic);
    }

    // The statement that is exactly one route call (not part of a chain of calls).
    private static ExpressionStatementSyntax? Statement(SyntaxNode? node) =>
        node?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Parent: ExpressionStatementSyntax statement } ? statement : null;

    private static async Task<Document> MoveAsync(Document document, BlockSyntax block, StatementSyntax later, StatementSyntax earlier, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        var statements = block.Statements.ToList();
        statements.Remove(later);
        statements.Insert(statements.IndexOf(earlier), later);
        return document.WithSyntaxRoot(root!.ReplaceNode(block, block.WithStatements(new SyntaxList<StatementSyntax>(statements))));
    }
}
