using HandoffRules.Model;

namespace HandoffRules.Simulation;

/// <summary>
/// The shape of generated lead traffic: how much of each kind of lead and how much messy data.
/// Every share is a probability between 0 and 1. The defaults look like a B2B SaaS funnel; see
/// docs/guides/lead-generator.md for what each one does.
/// </summary>
public sealed record LeadMix
{
    /// <summary>Share of leads whose e-mail is on a named account's domain (or a subdomain of it).</summary>
    public double NamedAccountShare { get; init; } = 0.06;

    /// <summary>Share of leads with a free-mail address (gmail.com, outlook.com…).</summary>
    public double FreeMailShare { get; init; } = 0.08;

    /// <summary>Share of leads from students and universities.</summary>
    public double StudentShare { get; init; } = 0.01;

    /// <summary>Share of test and junk form fills.</summary>
    public double TestSubmissionShare { get; init; } = 0.004;

    /// <summary>Share of leads with no country.</summary>
    public double MissingCountryShare { get; init; } = 0.04;

    /// <summary>Share of US, Canadian and Australian leads with no state or province.</summary>
    public double MissingStateShare { get; init; } = 0.05;

    /// <summary>Share of leads with neither an employee count nor revenue.</summary>
    public double MissingSizeShare { get; init; } = 0.07;

    /// <summary>Share of leads with no company name.</summary>
    public double MissingCompanyShare { get; init; } = 0.03;

    /// <summary>Share of countries and states written as aliases, names or in odd case ("U.S.A.", "california").</summary>
    public double MessyPlaceShare { get; init; } = 0.25;

    /// <summary>Share of employee counts given as ranges ("51-200", "1,000+").</summary>
    public double EmployeeRangeShare { get; init; } = 0.35;

    /// <summary>Share of names in ALL CAPS or all lower case, and of values with stray spaces.</summary>
    public double MessyCaseShare { get; init; } = 0.08;

    /// <summary>Share of leads that repeat an earlier lead (same e-mail, or the same person written differently).</summary>
    public double DuplicateShare { get; init; } = 0.04;

    /// <summary>Share of leads from countries the sample playbook cannot sell to.</summary>
    public double EmbargoedShare { get; init; } = 0.002;

    /// <summary>Named-account domains to draw from; usually the domains of the accounts the playbook declares in code.</summary>
    public IReadOnlyList<string> AccountDomains { get; init; } = [];

    /// <summary>
    /// Domains of the accounts read from account book files (<c>AccountsFrom</c>). When there are
    /// any, a named-account lead comes from a book domain half the time and from
    /// <see cref="AccountDomains"/> the other half, so a book of hundreds of companies does not
    /// crowd out the few accounts written in code. Empty: leads draw from <see cref="AccountDomains"/> alone.
    /// </summary>
    public IReadOnlyList<string> BookDomains { get; init; } = [];

    /// <summary>Competitor domains to draw a few leads from.</summary>
    public IReadOnlyList<string> CompetitorDomains { get; init; } = ["metricflow.io", "vizhub.co", "insightpeak.com"];

    /// <summary>Share of leads from competitors.</summary>
    public double CompetitorShare { get; init; } = 0.005;

    /// <summary>
    /// Relative weights of the lead sources, as forms send them ("organic", "demo_request"…); null for
    /// the generator's own B2B funnel. Set from a team's log by <c>simulate --like</c>.
    /// </summary>
    public IReadOnlyDictionary<string, double>? SourceWeights { get; init; }

    /// <summary>Relative weights of countries by ISO code; null for the generator's own spread.</summary>
    public IReadOnlyDictionary<string, double>? CountryWeights { get; init; }

    /// <summary>
    /// Relative arrival weights for the 168 hours of the week in UTC, Monday 00:00 first; null for the
    /// generator's business hours in each lead's own time zone. Days of the window whose weekday has
    /// no weight get no leads.
    /// </summary>
    public IReadOnlyList<double>? ArrivalWeights { get; init; }

    /// <summary>
    /// Shares of companies with 1–199, 200–999 and 1,000 or more employees (three weights); null for
    /// the generator's own 56/29/15 split.
    /// </summary>
    public IReadOnlyList<double>? SizeBandWeights { get; init; }

    /// <summary>The mix for a playbook: its code accounts' domains and its account books' domains, so account matches are exercised.</summary>
    public static LeadMix For(PlaybookModel playbook) => new()
    {
        AccountDomains = [.. playbook.Accounts.Where(a => a.Origin is null).SelectMany(a => a.Domains)],
        BookDomains = [.. playbook.Accounts.Where(a => a.Origin is not null).SelectMany(a => a.Domains)],
    };

    /// <summary>Throws when a share is outside 0–1, naming it.</summary>
    public LeadMix Validate()
    {
        foreach (var property in typeof(LeadMix).GetProperties().Where(p => p.PropertyType == typeof(double)))
        {
            var value = (double)property.GetValue(this)!;
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                throw new ArgumentException($"Lead mix share {property.Name} is {value}; a share is between 0 and 1.");
            }
        }

        if (ArrivalWeights is { } arrival && (arrival.Count != 7 * 24 || arrival.Sum() <= 0))
        {
            throw new ArgumentException($"Lead mix ArrivalWeights has {arrival.Count} weights; it needs one per hour of the week (168), not all zero.");
        }

        if (SizeBandWeights is { } sizes && (sizes.Count != 3 || sizes.Sum() <= 0))
        {
            throw new ArgumentException($"Lead mix SizeBandWeights has {sizes.Count} weights; it needs three (1–199, 200–999, 1,000+), not all zero.");
        }

        foreach (var (name, weights) in new[] { ("SourceWeights", SourceWeights), ("CountryWeights", CountryWeights) })
        {
            if (weights is not null && (weights.Count == 0 || weights.Values.Any(w => w < 0 || double.IsNaN(w)) || weights.Values.Sum() <= 0))
            {
                throw new ArgumentException($"Lead mix {name} needs at least one positive weight and none below zero.");
            }
        }

        return this;
    }
}
