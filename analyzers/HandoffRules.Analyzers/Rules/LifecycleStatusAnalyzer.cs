using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>An SDR action leading to a status no transition reaches (HR4003).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LifecycleStatusAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnreachableStatus);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        DefinitionChecks.Run(outline, findings);
}
