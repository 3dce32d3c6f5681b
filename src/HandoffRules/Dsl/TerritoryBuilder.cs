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
    private readonly PlaybookBuilder? _playbook;

    internal TerritoryBuilder(string name, PlaybookBuilder? playbook = null)
    {
        _name = name;
        _playbook = playbook;
    }

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

    /// <summary>
    /// Claims the postal codes of a postal list file of the rules project: a CSV file with a header
    /// row and the columns <c>country</c> and <c>postal_code</c> (a code or a prefix, one a row).
    /// </summary>
    /// <param name="path">The file's path relative to the rules project, e.g. "territories/west.csv". Declare
    /// it as <c>&lt;AdditionalFiles Include="territories/west.csv" /&gt;</c>: the analyzers then check it as
    /// you type (overlaps with other territories at the row that overlaps), and the build embeds it.</param>
    public TerritoryBuilder PostalCodesFrom(string path)
    {
        var file = (_playbook ?? throw new InvalidOperationException("Postal lists are read by a playbook's territories.")).ReadFile(path, PlaybookFileKind.PostalList, _name);
        if (file.Text is null)
        {
            return this;
        }

        foreach (var row in DataFiles.ReadPostalList(file.Path, file.Text, []))
        {
            var country = row.Country.Value.Trim();
            _claims.Add(new TerritoryClaim(Geography.CountryCode(country) ?? country, null, TerritoryChecks.PostalPrefix(row.PostalCode.Value.Trim()))
            {
                Origin = new FileOrigin(file.Path, row.PostalCode.Span.Line),
            });
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
