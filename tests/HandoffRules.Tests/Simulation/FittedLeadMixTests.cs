using System.Globalization;
using HandoffRules.Simulation;

namespace HandoffRules.Tests.Simulation;

/// <summary>
/// A lead mix fitted to a team's log (<c>simulate --like</c>): sources, countries, arrival hours of the
/// week and company sizes drawn from the team's own weights instead of the generator's defaults.
/// </summary>
public sealed class FittedLeadMixTests
{
    // Wednesday 14:00–15:00 UTC only; Monday 00:00 is hour 0.
    private static double[] WednesdayAtTwo()
    {
        var hours = new double[7 * 24];
        hours[(2 * 24) + 14] = 5;
        return hours;
    }

    private static readonly LeadMix Fitted = new()
    {
        SourceWeights = new Dictionary<string, double> { ["referral"] = 1 },
        CountryWeights = new Dictionary<string, double> { ["DE"] = 3, ["FR"] = 1 },
        ArrivalWeights = WednesdayAtTwo(),
        SizeBandWeights = [0, 1, 0],
        DuplicateShare = 0,
        MissingCountryShare = 0,
        MissingSizeShare = 0,
        MessyPlaceShare = 0,
        EmployeeRangeShare = 0,
        EmbargoedShare = 0,
        StudentShare = 0,
        NamedAccountShare = 0,
    };

    [Fact]
    public void Leads_come_from_the_fitted_sources_countries_hours_and_sizes()
    {
        var leads = new LeadGenerator(3, Fitted, days: 14).Generate(2_000).ToList();

        Assert.All(leads, l => Assert.Equal("referral", l.Source));
        Assert.All(leads, l => Assert.Equal((DayOfWeek.Wednesday, 14), (l.Event!.OccurredAt!.Value.UtcDateTime.DayOfWeek, l.Event.OccurredAt.Value.UtcDateTime.Hour)));
        // Both Wednesdays of the two weeks get leads.
        Assert.Equal(2, leads.Select(l => l.Event!.OccurredAt!.Value.UtcDateTime.Date).Distinct().Count());
        // A lead that gives only its revenue has no employee count to check.
        Assert.All(leads.Where(l => l.Employees is not null), l => Assert.InRange(int.Parse(l.Employees!, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), 200, 999));
        // 3 : 1, within 4 points on 2,000 draws.
        Assert.InRange(leads.Count(l => l.Country == "DE") / 2_000.0, 0.71, 0.79);
        Assert.Equal(2_000, leads.Count(l => l.Country is "DE" or "FR"));
    }

    [Fact]
    public void The_same_fitted_mix_and_seed_give_the_same_leads()
    {
        static string Json(LeadMix mix) => string.Join('\n', new LeadGenerator(5, mix).Generate(300).Select(l => System.Text.Json.JsonSerializer.Serialize(l)));

        // Weights given in another order draw the same leads.
        var reordered = Fitted with { CountryWeights = new Dictionary<string, double> { ["FR"] = 1, ["DE"] = 3 } };
        Assert.Equal(Json(Fitted), Json(reordered));
    }

    [Fact]
    public void Weights_that_cannot_be_drawn_from_are_refused_by_name()
    {
        var wrongLength = Assert.Throws<ArgumentException>(() => new LeadGenerator(1, Fitted with { ArrivalWeights = new double[10] }));
        Assert.Contains("ArrivalWeights", wrongLength.Message, StringComparison.Ordinal);

        // A one-day window on Monday, but the team's leads only come on Wednesdays.
        var noDay = Assert.Throws<ArgumentException>(() => new LeadGenerator(1, Fitted, days: 1));
        Assert.Contains("no lead to any hour of the window", noDay.Message, StringComparison.Ordinal);

        var negative = Assert.Throws<ArgumentException>(() => new LeadGenerator(1, Fitted with { SourceWeights = new Dictionary<string, double> { ["paid"] = -1 } }));
        Assert.Contains("SourceWeights", negative.Message, StringComparison.Ordinal);
    }
}
