using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HandoffRules.CodeFixes.Rules;

/// <summary>HR3001: ends the SLA's configuration with <c>.OnBreach(breach =&gt; breach.Escalate())</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddEscalationFix)), Shared]
public sealed class AddEscalationFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(CheckRules.SlaWithoutBreachActionId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);

        // The diagnostic sits on the SLA's name; its lambda is the call's other argument.
        if (root?.FindNode(diagnostic.Location.SourceSpan)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
            || call.ArgumentList.Arguments.Count < 2
            || call.ArgumentList.Arguments[1].Expression is not LambdaExpressionSyntax { ExpressionBody: { } body } lambda)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Escalate when the SLA is breached", c => AddAsync(context.Document, lambda, body, c), equivalenceKey: nameof(AddEscalationFix)),
            diagnostic);
    }

    private static async Task<Document> AddAsync(Document document, LambdaExpressionSyntax lambda, ExpressionSyntax body, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        var onBreach = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, body.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("OnBreach")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.ParseExpression("breach => breach.Escalate()")))))
            .WithTrailingTrivia(body.GetTrailingTrivia());
        return document.WithSyntaxRoot(root!.ReplaceNode(lambda, lambda.WithExpressionBody(onBreach)));
    }
}
