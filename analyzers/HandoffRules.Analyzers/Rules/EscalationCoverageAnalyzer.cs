using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>An SLA whose breach escalates along the lead's queue where no escalation covers that queue (HR3003).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EscalationCoverageAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.EscalationNotCovering);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        EscalationCoverageChecks.Run(outline, findings);
}
