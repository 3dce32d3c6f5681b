using System.Text;

namespace HandoffRules.Model;

/// <summary>
/// A lead as routing sees it: normalised by intake (ISO country, region code, numbers for
/// employees and revenue, lower-case e-mail domain). Definitions and routes are written against
/// these properties and the helper methods below.
/// </summary>
public sealed record Lead
{
    /// <summary>The lead's id in the source system; decisions and events are keyed by it.</summary>
    public required string Id { get; init; }

    /// <summary>E-mail address, trimmed.</summary>
    public string? Email { get; init; }

    /// <summary>The e-mail's domain, lower case ("northwind-traders.com").</summary>
    public string? Domain
    {
        get => _domain;
        init => (_domain, DomainKeys) = (value, LeadKeys.Domain(value));
    }

    /// <summary>True when the e-mail is at a free mail provider (gmail.com, outlook.com…).</summary>
    public bool IsFreeMail { get; init; }

    /// <summary>First name.</summary>
    public string? FirstName { get; init; }

    /// <summary>Last name.</summary>
    public string? LastName { get; init; }

    /// <summary>Company name.</summary>
    public string? Company { get; init; }

    /// <summary>Job title.</summary>
    public string? JobTitle { get; init; }

    /// <summary>Phone number.</summary>
    public string? Phone { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code ("US").</summary>
    public string? Country
    {
        get => _country;
        init => (_country, CountryKey) = (value, LeadKeys.Country(value));
    }

    /// <summary>State, province or region code within the country ("CA").</summary>
    public string? State
    {
        get => _state;
        init => (_state, RegionKey) = (value, LeadKeys.Region(value));
    }

    /// <summary>Postal code, upper case without spaces.</summary>
    public string? PostalCode
    {
        get => _postalCode;
        init => (_postalCode, PostalKey) = (value, LeadKeys.Postal(value));
    }

    /// <summary>City.</summary>
    public string? City { get; init; }

    /// <summary>Number of employees; for a range such as "51-200", its lower bound.</summary>
    public int? Employees { get; init; }

    /// <summary>Annual revenue in US dollars.</summary>
    public long? AnnualRevenue { get; init; }

    /// <summary>The channel the lead came from.</summary>
    public LeadSource Source { get; init; }

    /// <summary>Marketing's lead score (0–100).</summary>
    public int Score { get; init; }

    /// <summary>Product and intent signals seen for this lead ("pricing_page", "invited_teammate").</summary>
    public EquatableArray<string> Signals { get; init; }

    /// <summary>The event that brought the lead in now.</summary>
    public required LeadEvent Event { get; init; }

    /// <summary>What intake fixed or could not use.</summary>
    public EquatableArray<DataQualityNote> Notes { get; init; }

    // The place and domain as routing reads them (see LeadKeys): set with their fields, so a lead made
    // by intake, by hand or by `with` always carries the keys of its own texts.
    private readonly string? _domain;
    private readonly string? _country;
    private readonly string? _state;
    private readonly string? _postalCode;

    internal DomainKeys DomainKeys { get; private init; }

    internal int CountryKey { get; private init; }

    internal int RegionKey { get; private init; }

    internal ulong PostalKey { get; private init; }

    /// <summary>When the lead arrived: the time of its triggering event.</summary>
    public DateTimeOffset ArrivedAt => Event.OccurredAt;

    /// <summary>True when the lead carries the named product or intent signal.</summary>
    public bool HasSignal(string signal)
    {
        foreach (var s in Signals.AsSpan())
        {
            if (string.Equals(s, signal, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the job title contains the text, ignoring case.</summary>
    public bool TitleContains(string text) => JobTitle is not null && ContainsIgnoreCase(JobTitle, text);

    // Ordinal ignore-case search is a scalar loop when globalization is invariant (as it is here, for
    // deterministic output), and title checks run on every lead. For ASCII text — nearly every title —
    // find the first letter in either case with a vectorised scan and compare from there; ASCII-only
    // on both sides gives exactly the ordinal ignore-case answer. Anything else takes the general path.
    private static bool ContainsIgnoreCase(string text, string value)
    {
        if (value.Length == 0 || value.Length > text.Length || !char.IsAsciiLetter(value[0]) || !Ascii.IsValid(value) || !Ascii.IsValid(text))
        {
            return text.Contains(value, StringComparison.OrdinalIgnoreCase);
        }

        var (lower, upper) = (char.ToLowerInvariant(value[0]), char.ToUpperInvariant(value[0]));
        var span = text.AsSpan();
        for (var at = span.IndexOfAny(lower, upper); at >= 0 && span.Length - at >= value.Length; at = span.IndexOfAny(lower, upper))
        {
            if (Ascii.EqualsIgnoreCase(span.Slice(at, value.Length), value))
            {
                return true;
            }

            span = span[(at + 1)..];
        }

        return false;
    }

    /// <summary>True when the field has a value.</summary>
    public bool Has(LeadField field) => field switch
    {
        LeadField.Email => !string.IsNullOrEmpty(Email),
        LeadField.FirstName => !string.IsNullOrEmpty(FirstName),
        LeadField.LastName => !string.IsNullOrEmpty(LastName),
        LeadField.Company => !string.IsNullOrEmpty(Company),
        LeadField.JobTitle => !string.IsNullOrEmpty(JobTitle),
        LeadField.Phone => !string.IsNullOrEmpty(Phone),
        LeadField.Country => !string.IsNullOrEmpty(Country),
        LeadField.State => !string.IsNullOrEmpty(State),
        LeadField.PostalCode => !string.IsNullOrEmpty(PostalCode),
        LeadField.Employees => Employees is not null,
        LeadField.AnnualRevenue => AnnualRevenue is not null,
        LeadField.Source => Source != LeadSource.Other,
        LeadField.Score => true,
        _ => false,
    };
}
