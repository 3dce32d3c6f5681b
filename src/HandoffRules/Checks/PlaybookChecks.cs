using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>
/// Runs every shared check over an outline. The runtime validator calls this on a built model;
/// each analyzer calls the one check it owns.
/// </summary>
internal static class PlaybookChecks
{
    public static List<CheckFinding> Run(PlaybookOutline outline)
    {
        var findings = new List<CheckFinding>(outline.ReadFindings);
        ShapeChecks.Run(outline, findings);
        NameFormChecks.Run(outline, findings);
        NameChecks.Run(outline, findings);
        ReferenceChecks.Run(outline, findings);
        AccountHierarchyChecks.Run(outline, findings);
        TerritoryChecks.Run(outline, findings);
        SegmentChecks.Run(outline, findings);
        RouteChecks.Run(outline, findings);
        CapacityChecks.Run(outline, findings);
        EnforcementChecks.Run(outline, findings);
        EscalationCoverageChecks.Run(outline, findings);
        DefinitionChecks.Run(outline, findings);
        HubSpotChecks.References(outline, findings);
        HubSpotChecks.Run(outline, findings);
        return findings;
    }
}

/// <summary>Whole-playbook shape: HR1001 (no fallback).</summary>
internal static class ShapeChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        if (outline.Complete && outline.Fallback is null)
        {
            findings.Add(new CheckFinding(CheckRules.MissingFallback, outline.Site, [], outline.Name));
        }
    }
}
