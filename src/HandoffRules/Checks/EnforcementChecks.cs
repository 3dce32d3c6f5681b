using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>HR3001 (SLA with no breach action) and HR3002 (reason that sends leads nowhere).</summary>
internal static class EnforcementChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        foreach (var sla in outline.Slas)
        {
            if (sla.BreachActions == 0)
            {
                findings.Add(new CheckFinding(CheckRules.SlaWithoutBreachAction, sla.Site, [], sla.Shown));
            }
        }

        foreach (var reason in outline.Reasons)
        {
            if (reason.DestinationKnown && reason.NurtureTrack is null && !(reason.Kind == ReasonKind.Reject && reason.Misroute))
            {
                var reject = reason.Kind == ReasonKind.Reject;
                findings.Add(new CheckFinding(CheckRules.ReasonWithoutNurtureTrack, reason.Site, [], reject ? "Reject" : "Recycle", reason.Shown,
                    reject ? CheckRules.RejectReasonDestinations : CheckRules.RecycleReasonDestinations));
            }
        }
    }
}
