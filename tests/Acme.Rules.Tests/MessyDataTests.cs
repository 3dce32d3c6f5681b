using HandoffRules.Records;
using HandoffRules.Simulation;

namespace Acme.Rules.Tests;

/// <summary>The generator's messy-data share shows up in the decisions, each kind counted.</summary>
public sealed class MessyDataTests
{
    private static readonly SimulationSummary Messy = SimulationSummary.Of(AcmeLeads.Baseline);

    private static readonly SimulationSummary Clean = SimulationSummary.Of(AcmeLeads.Route(AcmeLeads.Playbook, AcmeLeads.Mix(AcmeLeads.Playbook) with
    {
        DuplicateShare = 0,
        MessyPlaceShare = 0,
        MessyCaseShare = 0,
        EmployeeRangeShare = 0,
        MissingCountryShare = 0,
        MissingStateShare = 0,
        MissingSizeShare = 0,
        MissingCompanyShare = 0,
    }));

    [Fact]
    public void Every_lead_is_accounted_for()
    {
        Assert.Equal(AcmeLeads.Count, Messy.Reconciled);
        Assert.Equal(AcmeLeads.Count, Clean.Reconciled);
    }

    [Fact]
    public void Duplicates_are_found_at_about_the_generated_share()
    {
        var duplicates = Messy.Of(HandoffOutcome.Duplicate);
        Assert.InRange(duplicates, AcmeLeads.Count * 0.025, AcmeLeads.Count * 0.055);
        Assert.Equal(0, Clean.Of(HandoffOutcome.Duplicate));
    }

    [Fact]
    public void Aliases_odd_case_and_ranges_become_normalisation_notes()
    {
        int Notes(SimulationSummary s, string field) => s.Notes.FirstOrDefault(t => t.Key == field)?.Count ?? 0;

        Assert.True(Notes(Messy, "Country") > AcmeLeads.Count * 0.1, $"country notes: {Notes(Messy, "Country")}");
        Assert.True(Notes(Messy, "State") > 0 && Notes(Messy, "Employees") > 0 && Notes(Messy, "FirstName") > 0);
        Assert.Equal(0, Notes(Clean, "Country"));
        Assert.Equal(0, Notes(Clean, "State"));
        Assert.Equal(0, Notes(Clean, "FirstName"));
    }

    [Fact]
    public void Missing_data_sends_leads_to_the_fallback()
    {
        int Fallback(SimulationSummary s, string reason) => s.Fallbacks.FirstOrDefault(t => t.Key == reason)?.Count ?? 0;

        Assert.True(Fallback(Messy, "missing_context") > 0);
        Assert.True(Fallback(Messy, "no_route_matched") > Fallback(Clean, "no_route_matched"));
        Assert.Equal(0, Fallback(Clean, "missing_context"));
    }
}
