using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Rules;

/// <summary>A playbook with no fallback (HR1001): a lead no route matches would have nowhere to go.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingFallbackAnalyzer : PlaybookAnalyzer
{
    /// <summary>The property naming the queue the code fix sends the fallback to.</summary>
    public const string QueueProperty = "queue";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MissingFallback);

    private protected override void Check(PlaybookOutline outline, List<CheckFinding> findings) =>
        ShapeChecks.Run(outline, findings);

    // The fix suggests the playbook's triage queue: one named like it, else the first queue.
    private protected override ImmutableDictionary<string, string?> Properties(CheckFinding finding, PlaybookOutline outline)
    {
        var queues = outline.Queues.Where(q => q.Name is not null).Select(q => q.Name!).ToList();
        var queue = queues.FirstOrDefault(q => q.IndexOf("triage", StringComparison.OrdinalIgnoreCase) >= 0) ?? queues.FirstOrDefault() ?? "Lead Triage";
        return ImmutableDictionary<string, string?>.Empty.Add(QueueProperty, queue);
    }
}
