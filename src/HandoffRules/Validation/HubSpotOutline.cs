using HandoffRules.Checks;
using HandoffRules.Model;

namespace HandoffRules.Validation;

/// <summary>Reads a built model's HubSpot mapping into the outline the shared checks understand.</summary>
internal static class HubSpotOutline
{
    public static OutlineHubSpot? Read(HubSpotMapping? mapping)
    {
        if (mapping is null)
        {
            return null;
        }

        var hubSpot = new OutlineHubSpot("the HubSpot mapping") { ClearStageToMoveBack = mapping.ClearStageToMoveBack };
        hubSpot.Stages.AddRange(mapping.Stages.Select(v => Value(v, $"HubSpot stage mapping '{v.Name}'")));
        hubSpot.Statuses.AddRange(mapping.Statuses.Select(v => Value(v, $"HubSpot status mapping '{v.Name}'")));
        hubSpot.Reasons.AddRange(mapping.Reasons.Select(v => Value(v, $"HubSpot reason mapping '{v.Name}'")));
        hubSpot.Owners.AddRange(mapping.Owners.Select(o => new OutlineRef(o.MemberId, $"HubSpot owner mapping '{o.MemberId}'")));
        return hubSpot;
    }

    private static OutlineHubSpotValue Value(HubSpotValue value, string site) =>
        new(new OutlineRef(value.Name, site), new OutlineRef(value.Value, site));
}
