using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>A domain in two named accounts (HR2008).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AccountDomainAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AccountDomainClaimedTwice);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        ReferenceChecks.Run(outline, findings);
}
