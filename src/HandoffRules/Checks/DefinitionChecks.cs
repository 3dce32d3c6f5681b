using System;
using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>
/// HR4001 (no definition hands leads off), HR4002 (a definition refers to a later one) and
/// HR4003 (an SDR action leads to a status no transition reaches).
/// </summary>
internal static class DefinitionChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        if (outline.Complete && !outline.Definitions.Exists(d => d.HandsOff))
        {
            findings.Add(new CheckFinding(CheckRules.NoHandoffDefinition, outline.Site, [], outline.Name));
        }

        // Definitions are evaluated in declaration order, each once; a reference to one not declared
        // before it would read a value not computed yet. Order is only known within one group (in
        // source: everything Define reaches through the playbook's own methods, or one method body it
        // does not reach), so references across groups are not judged.
        var byName = new Dictionary<string, OutlineDefinition>(StringComparer.Ordinal);
        foreach (var definition in outline.Definitions)
        {
            if (definition.Name is not null && !byName.ContainsKey(definition.Name))
            {
                byName.Add(definition.Name, definition);
            }
        }

        foreach (var definition in outline.Definitions)
        {
            var references = new List<OutlineRef>(definition.MeetsAny);
            if (definition.Extends is not null)
            {
                references.Add(definition.Extends);
            }

            foreach (var reference in references)
            {
                if (reference.Value is { } name && byName.TryGetValue(name, out var target)
                    && target.Group == definition.Group && target.Order >= definition.Order)
                {
                    findings.Add(new CheckFinding(CheckRules.DefinitionOrder, reference.Site, [], definition.Name ?? "?", name));
                }
            }
        }

        var lifecycle = outline.Lifecycle;
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        if (lifecycle.InitialStatus?.Value is { } initial)
        {
            reachable.Add(initial);
        }

        foreach (var transition in lifecycle.Transitions)
        {
            if (transition.To.Value is null)
            {
                return;
            }

            reachable.Add(transition.To.Value);
        }

        foreach (var action in lifecycle.ActionStatuses)
        {
            if (action.Status.Value is { } status && lifecycle.Transitions.Count > 0 && !reachable.Contains(status))
            {
                findings.Add(new CheckFinding(CheckRules.UnreachableStatus, action.Status.Site, [], action.Action, status));
            }
        }
    }
}
