using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>Arguments the checks need as compile-time constants (HR1002): names, references, claims, bands and configuration lambdas.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NonConstantArgumentAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NonConstantArgument);

    // Found while reading the playbook; the reader puts them on the outline.
    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        findings.AddRange(outline.ReadFindings);
}
