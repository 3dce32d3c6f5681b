using HandoffRules.Checks;
using HandoffRules.Model;

namespace HandoffRules;

/// <summary>
/// Describes a territory's claims. Countries and regions may be written as codes or names
/// ("US", "USA", "United States"; "CA", "California"); they are normalised to ISO codes.
/// </summary>
public sealed class TerritoryBuilder
{
    private readonly string _name;
    private readonly List<TerritoryClaim> _claims = [];

    internal TerritoryBuilder(string name) => _name = name;

    /// <summary>Claims a whole country.</summary>
    public TerritoryBuilder Country(string country)
    {
        _claims.Add(new TerritoryClaim(CountryCode(country), null, null));
        return this;
    }

    /// <summary>Claims whole countries.</summary>
    public TerritoryBuilder Countries(params string[] countries)
    {
        foreach (var country in countries)
        {
            Country(country);
        }

        return this;
    }

    /// <summary>Claims states, provinces or regions of one country.</summary>
    public TerritoryBuilder Regions(string country, params string[] regions)
    {
        var code = CountryCode(country);
        foreach (var region in regions)
        {
            var text = PlaybookBuilder.RequireText(region, $"Territory '{Checks.Names.Visible(_name)}' claims a region that");
            _claims.Add(new TerritoryClaim(code, Geography.RegionCode(code, text) ?? text, null));
        }

        return this;
    }

    /// <summary>Claims postal codes starting with these prefixes in one country.</summary>
    public TerritoryBuilder PostalPrefixes(string country, params string[] prefixes)
    {
        var code = CountryCode(country);
        foreach (var prefix in prefixes)
        {
            var text = PlaybookBuilder.RequireText(prefix, $"Territory '{Checks.Names.Visible(_name)}' claims a postal prefix that");
            _claims.Add(new TerritoryClaim(code, null, TerritoryChecks.PostalPrefix(text)));
        }

        return this;
    }

    // An unrecognised country is kept as written; the validator reports it (HR2007).
    private string CountryCode(string country)
    {
        var text = PlaybookBuilder.RequireText(country, $"Territory '{Checks.Names.Visible(_name)}' claims a country that");
        return Geography.CountryCode(text) ?? text;
    }

    internal Territory Build() => new(_name, [.. _claims]);
}
