using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>A name declared twice (HR1003), compared ignoring case.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DuplicateNameAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DuplicateName);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        NameChecks.Run(outline, findings);
}
