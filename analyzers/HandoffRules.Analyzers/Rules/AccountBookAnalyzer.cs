using System.Collections.Generic;
using System.Collections.Immutable;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>
/// Account books and postal lists read from files of the rules project: a file the project does
/// not have (HR2010), a malformed row (HR2011), an account hierarchy that loops (HR2012). Findings
/// in a file are reported at its line and column.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AccountBookAnalyzer : PlaybookAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.DataFileNotFound, Descriptors.MalformedDataRow, Descriptors.AccountParentLoop);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings)
    {
        // The reader finds missing files and malformed rows while reading the outline.
        findings.AddRange(outline.ReadFindings);
        AccountHierarchyChecks.Run(outline, findings);
    }
}
