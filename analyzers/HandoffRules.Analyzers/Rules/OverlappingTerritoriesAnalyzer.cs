using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>Territories claiming the same place (HR2001), and claims of places that do not exist (HR2007).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OverlappingTerritoriesAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.OverlappingTerritories, Descriptors.UnknownPlace);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        TerritoryChecks.Run(outline, findings);
}
