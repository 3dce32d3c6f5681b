using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>References to definitions, territories, segments, members, SLAs, escalations, statuses, stages or nurture tracks the playbook does not declare (HR1004).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnknownReferenceAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnknownReference);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings)
    {
        ReferenceChecks.Run(outline, findings);
        HubSpotChecks.References(outline, findings);
    }
}
