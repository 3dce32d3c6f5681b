using HandoffRules.Validation;

namespace Acme.Rules.Tests;

/// <summary>The sample is a HubSpot shop: its mapping is complete, so the host writes back out of the box.</summary>
public sealed class HubSpotMappingTests
{
    [Fact]
    public void The_sample_maps_every_stage_and_status_to_HubSpot_once()
    {
        var playbook = AcmeLeads.Playbook;
        var hubSpot = Assert.IsType<HandoffRules.Model.HubSpotMapping>(playbook.HubSpot);

        Assert.All(playbook.Lifecycle.Stages, s => Assert.NotNull(hubSpot.StageValue(s.Name)));
        Assert.All(playbook.Lifecycle.Statuses, s => Assert.Equal(s.Name, hubSpot.StatusOf(hubSpot.StatusValue(s.Name)!)));
        Assert.Equal("handoff_reject_reason", hubSpot.ReasonProperty);
        Assert.True(hubSpot.ClearStageToMoveBack);
        Assert.DoesNotContain(PlaybookValidator.Validate(playbook), i => i.Id is "HR4004" or "HR4005" or "HR4006" or "HR1004");
    }
}
