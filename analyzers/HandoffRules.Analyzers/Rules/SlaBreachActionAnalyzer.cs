using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>An SLA nobody acts on when it is breached (HR3001).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SlaBreachActionAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SlaWithoutBreachAction);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        EnforcementChecks.Run(outline, findings);
}
