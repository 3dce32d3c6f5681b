using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>A route an earlier route always takes first (HR2004).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ShadowedRouteAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ShadowedRoute);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        RouteChecks.Run(outline, findings);
}
