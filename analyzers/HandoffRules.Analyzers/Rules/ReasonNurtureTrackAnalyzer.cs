using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>A reject or recycle reason that sends leads nowhere (HR3002).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReasonNurtureTrackAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ReasonWithoutNurtureTrack);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        EnforcementChecks.Run(outline, findings);
}
