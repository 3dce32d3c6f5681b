using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>Segment bands that overlap (HR2002) or leave a gap (HR2003).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SegmentBandsAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SegmentOverlap, Descriptors.SegmentGap);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        SegmentChecks.Run(outline, findings);
}
