using HandoffRules.Host.Processing;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Intake;
using HandoffRules.Model;

namespace HandoffRules.Host.Tests;

public sealed class LeadFieldsKeptTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_kept_lead_misses_the_required_fields_its_normalised_lead_does_not_have_in_their_order()
    {
        var kept = new LeadFieldsKept(8);
        var full = Normalised(Leads.DemoRequest("FULL", Monday));
        var bare = Normalised(Leads.DemoRequest("BARE", Monday, jobTitle: null) with { Phone = null, Source = "carrier pigeon" });
        kept.Keep(full);
        kept.Keep(bare);
        var every = Enum.GetValues<LeadField>();

        // What Lead.Has says, field by field, for every field there is.
        Assert.Equal(every.Where(f => !full.Has(f)), kept.Missing("FULL", every)!);
        Assert.Equal(every.Where(f => !bare.Has(f)), kept.Missing("BARE", every)!);
        Assert.Equal([LeadField.Source, LeadField.JobTitle], kept.Missing("BARE", [LeadField.Source, LeadField.Email, LeadField.JobTitle])!);
        Assert.Empty(kept.Missing("FULL", [LeadField.JobTitle, LeadField.Source])!);
        Assert.Null(kept.Missing("NOBODY", every));
    }

    [Fact]
    public void The_first_lead_kept_makes_room_and_a_lead_kept_again_takes_its_new_fields()
    {
        var kept = new LeadFieldsKept(3);
        foreach (var id in new[] { "L1", "L2", "L3" })
        {
            kept.Keep(Normalised(Leads.DemoRequest(id, Monday)));
        }

        // L2 taken in again without a job title: its fields change, not its place.
        kept.Keep(Normalised(Leads.DemoRequest("L2", Monday, jobTitle: null)));
        Assert.Equal([LeadField.JobTitle], kept.Missing("L2", [LeadField.JobTitle])!);
        Assert.Equal(3, kept.Count);

        kept.Keep(Normalised(Leads.DemoRequest("L4", Monday)));
        Assert.Equal(3, kept.Count);
        Assert.Null(kept.Missing("L1", [LeadField.JobTitle]));
        Assert.All(new[] { "L2", "L3", "L4" }, id => Assert.NotNull(kept.Missing(id, [LeadField.JobTitle])));

        kept.Clear();
        Assert.Equal(0, kept.Count);
        Assert.Null(kept.Missing("L4", [LeadField.JobTitle]));
    }

    private static Lead Normalised(LeadInput input) => LeadNormalizer.Normalize(input, Monday).Lead!;
}
