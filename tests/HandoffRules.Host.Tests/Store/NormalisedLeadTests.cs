using System.Text.Json;
using HandoffRules.Host.Store;
using HandoffRules.Intake;
using HandoffRules.Model;

namespace HandoffRules.Host.Tests.Store;

/// <summary>A lead's JSON, as the host keeps it, read back into the lead: what a stage's required fields are checked on.</summary>
public sealed class NormalisedLeadTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_lead_s_JSON_reads_back_into_the_lead_it_was_written_from()
    {
        // Generated leads, and the ones intake has most to say about: an unknown source, none, a free
        // mail address, a region read from its name, employees as a range, signals.
        var inputs = new HandoffRules.Simulation.LeadGenerator(23).Generate(2_000).ToList();
        inputs.Add(new LeadInput { Id = "odd", Email = "pat@gmail.com", Country = "United States", State = "New York", Employees = "51-200", AnnualRevenue = "$1.2M", Source = "carrier pigeon", Signals = ["pricing_page", "invited_teammate"] });
        inputs.Add(new LeadInput { Id = "bare", Email = "not an address" });
        var leads = inputs.Select(i => LeadNormalizer.Normalize(i, Monday).Lead).OfType<Lead>().ToList();
        Assert.True(leads.Count > 1_900);
        Assert.Contains(leads, l => l.Notes.Count > 0);
        Assert.Contains(leads, l => l.Signals.Count > 0);

        foreach (var lead in leads)
        {
            var json = NormalisedLead.Json(lead);
            var back = NormalisedLead.FromJson(json);
            Assert.Equal(lead, back);
            Assert.Equal(json, NormalisedLead.Json(back));
            Assert.All(Enum.GetValues<LeadField>(), f => Assert.Equal(lead.Has(f), back.Has(f)));
        }

        // An unknown source is kept as Other, which is no source at all: the JSON still names it.
        var odd = leads.Single(l => l.Id == "odd");
        Assert.False(odd.Has(LeadField.Source));
        Assert.Contains("\"source\":", NormalisedLead.Json(odd), StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_that_is_not_a_lead_s_JSON_is_said_so_naming_the_lead_of_the_row()
    {
        Assert.Throws<JsonException>(() => NormalisedLead.FromJson("null"));
        Assert.ThrowsAny<JsonException>(() => NormalisedLead.FromJson("{\"id\":\"x\"}"));
        Assert.ThrowsAny<JsonException>(() => NormalisedLead.FromJson("[1, 2]"));

        // A row's lead, kept whole or as its intake event's input.
        Assert.Contains("lead L7: its row's lead is not a lead's JSON", Assert.Throws<InvalidDataException>(() => NormalisedLead.ReadLead("{\"id\":\"x\"}", null, "L7", Monday)).Message, StringComparison.Ordinal);
        Assert.Contains("lead L8: its row keeps the lead as its intake event's input, and that event holds none", Assert.Throws<InvalidDataException>(() => NormalisedLead.ReadLead("", null, "L8", Monday)).Message, StringComparison.Ordinal);
        Assert.Contains("lead L9: its intake event's input is not a lead's JSON", Assert.Throws<InvalidDataException>(() => NormalisedLead.ReadLead("", "[1, 2]", "L9", Monday)).Message, StringComparison.Ordinal);
    }
}
