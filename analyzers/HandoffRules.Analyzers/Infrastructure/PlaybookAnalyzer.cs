using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HandoffRules.Checks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HandoffRules.Analyzers.Infrastructure;

/// <summary>
/// The base of every playbook analyzer. It runs concurrently, skips generated code, resolves the
/// DSL once per compilation and does nothing when the DSL is not referenced. Each playbook type is
/// analysed from its symbol-start to its symbol-end action — all partial declarations as one —
/// so findings are local to the type and show live in the IDE, with their lightbulbs.
/// </summary>
public abstract class PlaybookAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var dsl = DslSymbols.TryCreate(start.Compilation);
            if (dsl is null)
            {
                return;
            }

            start.RegisterSymbolStartAction(symbol =>
            {
                var type = (INamedTypeSymbol)symbol.Symbol;
                if (!dsl.IsPlaybook(type))
                {
                    return;
                }

                var invocations = new ConcurrentBag<IInvocationOperation>();
                var handOffs = new ConcurrentBag<IInvocationOperation>();
                var helperCalls = new ConcurrentBag<IInvocationOperation>();
                var escapes = new ConcurrentBag<bool>();
                symbol.RegisterOperationAction(operation =>
                {
                    var invocation = (IInvocationOperation)operation.Operation;
                    if (dsl.IsDslMethod(invocation.TargetMethod))
                    {
                        invocations.Add(invocation);
                        return;
                    }

                    if (PlaybookReader.PassesBuilderOutside(invocation, type, dsl))
                    {
                        escapes.Add(true);
                    }

                    if (PlaybookReader.HandsOffBuilder(invocation, dsl))
                    {
                        handOffs.Add(invocation);
                    }

                    if (PlaybookReader.CallsHelper(invocation, type, dsl))
                    {
                        helperCalls.Add(invocation);
                    }
                }, OperationKind.Invocation);
                symbol.RegisterSymbolEndAction(end =>
                {
                    var files = new ProjectFiles(end.Options, end.CancellationToken);
                    var outline = PlaybookReader.Read(type, dsl, invocations, handOffs, helperCalls, complete: escapes.IsEmpty, files);
                    var findings = new List<CheckFinding>();
                    Check(outline, findings);
                    Report(end, type, outline, findings);
                });
            }, SymbolKind.NamedType);
        });
    }

    /// <summary>Runs this analyzer's checks over the playbook's outline.</summary>
    private protected abstract void Check(PlaybookOutline outline, List<CheckFinding> findings);

    /// <summary>Extra data a code fix needs, attached to the diagnostic.</summary>
    private protected virtual ImmutableDictionary<string, string?> Properties(CheckFinding finding, PlaybookOutline outline) =>
        ImmutableDictionary<string, string?>.Empty;

    private void Report(SymbolAnalysisContext context, INamedTypeSymbol type, PlaybookOutline outline, List<CheckFinding> findings)
    {
        var descriptors = SupportedDiagnostics;
        foreach (var finding in findings)
        {
            var descriptor = descriptors.FirstOrDefault(d => d.Id == finding.Rule.Id);
            if (descriptor is null)
            {
                continue;
            }

            var location = finding.Site as Location ?? type.Locations.FirstOrDefault() ?? Location.None;
            var additional = finding.AdditionalSites.OfType<Location>().ToList();
            context.ReportDiagnostic(Diagnostic.Create(descriptor, location, additional, Properties(finding, outline), finding.Arguments.Cast<object>().ToArray()));
        }
    }
}
