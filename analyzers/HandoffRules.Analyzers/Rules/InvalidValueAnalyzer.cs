using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>
/// Constant values the DSL would refuse at build time (HR1005): inverted bands, bad dates, zero
/// weights, empty SLA limits, names with surrounding whitespace.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidValueAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InvalidValue);

    // Most are found while reading the playbook (the reader puts them on the outline); names are
    // checked by the shared check the runtime validator runs too.
    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings)
    {
        findings.AddRange(outline.ReadFindings);
        NameFormChecks.Run(outline, findings);
    }
}
