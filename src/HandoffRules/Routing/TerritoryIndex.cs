using HandoffRules.Model;

namespace HandoffRules.Routing;

/// <summary>
/// Finds a lead's territory by hash lookups: one for the lead's country, then within it the most
/// specific claim wins (postal prefix, then region, then the whole country). The validator
/// guarantees at most one claim of each kind matches.
/// </summary>
internal sealed class TerritoryIndex
{
    private readonly Dictionary<string, CountryClaims> _countries = new(StringComparer.Ordinal);

    public TerritoryIndex(EquatableArray<Territory> territories)
    {
        for (var t = 0; t < territories.Count; t++)
        {
            foreach (var claim in territories[t].Claims)
            {
                if (!_countries.TryGetValue(claim.Country, out var country))
                {
                    country = new CountryClaims();
                    _countries.Add(claim.Country, country);
                }

                country.Add(claim, t);
            }
        }

        foreach (var country in _countries.Values)
        {
            country.Seal();
        }
    }

    /// <summary>The territory index for the lead, or -1; <paramref name="how"/> says which claim matched.</summary>
    public int Resolve(Lead lead, out ClaimKind how)
    {
        how = ClaimKind.None;
        if (lead.Country is not { } code || !_countries.TryGetValue(code, out var country))
        {
            return -1;
        }

        if (lead.PostalCode is { } postal && country.FindPostal(postal) is var byPostal and >= 0)
        {
            how = ClaimKind.PostalPrefix;
            return byPostal;
        }

        if (lead.State is { } state && country.Regions is { } regions && regions.TryGetValue(state, out var byRegion))
        {
            how = ClaimKind.Region;
            return byRegion;
        }

        if (country.Whole >= 0)
        {
            how = ClaimKind.Country;
        }

        return country.Whole;
    }

    // One country's claims. Postal prefixes resolve by one hash lookup per distinct prefix length,
    // longest first, so thousands of prefixes cost a lead a handful of lookups rather than a scan.
    private sealed class CountryClaims
    {
        private readonly Dictionary<string, int> _postal = new(StringComparer.Ordinal);
        private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byPrefix;
        private int[] _lengths = [];

        public int Whole { get; private set; } = -1;

        public Dictionary<string, int>? Regions { get; private set; }

        public void Add(TerritoryClaim claim, int territory)
        {
            if (claim.Region is not null)
            {
                Regions ??= new Dictionary<string, int>(StringComparer.Ordinal);
                Regions.TryAdd(claim.Region, territory);
            }
            else if (claim.PostalPrefix is not null)
            {
                _postal.TryAdd(claim.PostalPrefix, territory);
            }
            else if (Whole < 0)
            {
                Whole = territory;
            }
        }

        public void Seal()
        {
            _byPrefix = _postal.GetAlternateLookup<ReadOnlySpan<char>>();
            _lengths = [.. _postal.Keys.Select(p => p.Length).Distinct().OrderDescending()];
        }

        public int FindPostal(string postalCode)
        {
            foreach (var length in _lengths)
            {
                if (postalCode.Length >= length && _byPrefix.TryGetValue(postalCode.AsSpan(0, length), out var territory))
                {
                    return territory;
                }
            }

            return -1;
        }
    }
}

/// <summary>Which kind of claim placed a lead in its territory.</summary>
internal enum ClaimKind
{
    None,
    Country,
    Region,
    PostalPrefix,

    /// <summary>Set by the lead's account, whatever its place (<see cref="Model.Account.Territory"/>).</summary>
    Account,
}
