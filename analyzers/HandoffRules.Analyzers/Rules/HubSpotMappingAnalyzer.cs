using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>
/// The HubSpot mapping of a synced playbook: a stage or status without a HubSpot value (HR4004),
/// mapped twice (HR4005), an SDR action moving HubSpot's lifecycle stage backwards (HR4006).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HubSpotMappingAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.UnmappedInHubSpot, Descriptors.HubSpotMappedTwice, Descriptors.HubSpotStageMovesBack);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        HubSpotChecks.Run(outline, findings);
}
