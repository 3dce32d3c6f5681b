using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>Routes, the fallback and escalations sending leads to a queue that does not exist (HR2005) or has no active members (HR2006).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QueueTargetAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnknownQueue, Descriptors.QueueWithoutActiveMembers);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        ReferenceChecks.Run(outline, findings);
}
