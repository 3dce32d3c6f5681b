using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>No definition that hands leads off (HR4001), and definitions referring to later ones (HR4002).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandoffDefinitionAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NoHandoffDefinition, Descriptors.DefinitionOrder);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        DefinitionChecks.Run(outline, findings);
}
