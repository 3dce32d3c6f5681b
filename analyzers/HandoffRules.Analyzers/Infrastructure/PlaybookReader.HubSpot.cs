using HandoffRules.Checks;
using Microsoft.CodeAnalysis.Operations;

namespace HandoffRules.Analyzers.Infrastructure;

/// <summary>Reads <c>handoff.HubSpot(…)</c>: the mapping of stages, statuses, reasons and members to HubSpot.</summary>
internal sealed partial class PlaybookReader
{
    private void DeclareHubSpot(IInvocationOperation call)
    {
        var hubSpot = new OutlineHubSpot(CallSite(call));
        _outline.HubSpot = hubSpot;
        _items[call] = hubSpot;
        Configurable(call, hubSpot);
    }

    private void ConfigureHubSpot(OutlineHubSpot hubSpot, IInvocationOperation call)
    {
        switch (call.TargetMethod.Name)
        {
            case "Stage":
                hubSpot.Stages.Add(new OutlineHubSpotValue(Ref(Arg(call, "stage"), "lifecycle stage"), Ref(Arg(call, "value"), "HubSpot value")));
                break;
            case "Status":
                hubSpot.Statuses.Add(new OutlineHubSpotValue(Ref(Arg(call, "status"), "lead status"), Ref(Arg(call, "value"), "HubSpot value")));
                break;
            case "Reason":
                hubSpot.Reasons.Add(new OutlineHubSpotValue(Ref(Arg(call, "code"), "reason code"), Ref(Arg(call, "value"), "HubSpot value")));
                break;
            case "Owner":
            case "OwnerByEmail":
                hubSpot.Owners.Add(Ref(Arg(call, "member"), "member id"));
                break;
            case "ClearStageToMoveBack":
                hubSpot.ClearStageToMoveBack = true;
                break;
        }
    }
}
