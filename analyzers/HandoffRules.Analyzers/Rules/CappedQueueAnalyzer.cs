using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>A queue whose every member has a daily cap, with no escalation or SLA to take its leads when it is full (HR2009).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CappedQueueAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CappedQueueWithoutOverflow);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        CapacityChecks.Run(outline, findings);
}
