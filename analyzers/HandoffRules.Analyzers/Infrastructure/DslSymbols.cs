using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace HandoffRules.Analyzers.Infrastructure;

/// <summary>
/// The DSL's types, resolved once per compilation. Null when the compilation does not reference
/// HandoffRules, so analyzers cost nothing in projects that are not playbooks.
/// </summary>
internal sealed class DslSymbols
{
    private readonly HashSet<INamedTypeSymbol> _builders;

    private DslSymbols(INamedTypeSymbol playbook, INamedTypeSymbol playbookBuilder, HashSet<INamedTypeSymbol> builders)
    {
        Playbook = playbook;
        PlaybookBuilder = playbookBuilder;
        _builders = builders;
    }

    public INamedTypeSymbol Playbook { get; }

    public INamedTypeSymbol PlaybookBuilder { get; }

    public static DslSymbols? TryCreate(Compilation compilation)
    {
        var playbook = compilation.GetTypeByMetadataName("HandoffRules.Playbook");
        var builder = compilation.GetTypeByMetadataName("HandoffRules.PlaybookBuilder");
        if (playbook is null || builder is null)
        {
            return null;
        }

        var builders = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default) { builder };
        foreach (var name in new[]
        {
            "DefinitionBuilder", "LifecycleBuilder", "TerritoryBuilder", "SegmentBuilder", "MemberBuilder", "QueueBuilder",
            "AccountBuilder", "RouteBuilder", "EscalationBuilder", "TriggerBuilder", "SlaBuilder", "BreachBuilder",
            "RejectReasonBuilder", "RecycleReasonBuilder", "BusinessHoursBuilder", "DuplicateRuleBuilder", "HubSpotBuilder",
        })
        {
            if (compilation.GetTypeByMetadataName("HandoffRules." + name) is { } type)
            {
                builders.Add(type);
            }
        }

        return new DslSymbols(playbook, builder, builders);
    }

    /// <summary>True for a method of one of the DSL's builders.</summary>
    public bool IsDslMethod(IMethodSymbol method) => _builders.Contains(method.ContainingType.OriginalDefinition);

    /// <summary>True for a value of one of the DSL's builder types.</summary>
    public bool IsBuilder(ITypeSymbol? type) => type is INamedTypeSymbol named && _builders.Contains(named.OriginalDefinition);

    /// <summary>True for a concrete class deriving from Playbook.</summary>
    public bool IsPlaybook(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.TypeKind != TypeKind.Class)
        {
            return false;
        }

        for (var b = type.BaseType; b is not null; b = b.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(b, Playbook))
            {
                return true;
            }
        }

        return false;
    }
}
