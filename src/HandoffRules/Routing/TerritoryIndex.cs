using HandoffRules.Model;

namespace HandoffRules.Routing;

/// <summary>
/// Finds a lead's territory by hash lookups: one for the lead's country, then within it the most
/// specific claim wins (postal prefix, then region, then the whole country). The validator
/// guarantees at most one claim of each kind matches. A lead's place is read by the keys intake
/// worked out (<see cref="LeadKeys"/>): an array index for the country, integer lookups for the
/// region and postal prefixes; a text that has no key is looked up as text, with the same answer.
/// </summary>
internal sealed class TerritoryIndex
{
    private readonly Dictionary<string, CountryClaims> _countries = new(StringComparer.Ordinal);
    private readonly CountryClaims?[] _byCountryKey = new CountryClaims?[1 + (26 * 26)];

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

        foreach (var (code, country) in _countries)
        {
            country.Seal();
            if (LeadKeys.Country(code) is var key and not LeadKeys.None)
            {
                _byCountryKey[key] = country;
            }
        }
    }

    /// <summary>The territory index for the lead, or -1; <paramref name="how"/> says which claim matched.</summary>
    public int Resolve(Lead lead, out ClaimKind how)
    {
        // The lead's view first (keys and which texts are set); a text is read only when it has no key.
        how = ClaimKind.None;
        ref readonly var view = ref lead.View;
        var country = view.CountryKey != LeadKeys.None ? _byCountryKey[view.CountryKey]
            : lead.Country is { } code ? _countries.GetValueOrDefault(code)
            : null;
        if (country is null)
        {
            return -1;
        }

        if (view.LengthCode(LeadText.PostalCode) != 0 && country.FindPostal(view.PostalKey, lead) is var byPostal and >= 0)
        {
            how = ClaimKind.PostalPrefix;
            return byPostal;
        }

        if (view.LengthCode(LeadText.State) != 0 && country.FindRegion(view.RegionKey, lead) is var byRegion and >= 0)
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
        private readonly Dictionary<ulong, int> _postalByKey = [];
        private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byPrefix;
        private int[] _lengths = [];
        private bool _everyPrefixKeyed;
        private Dictionary<string, int>? _regions;
        private Dictionary<int, int>? _regionsByKey;

        public int Whole { get; private set; } = -1;

        public void Add(TerritoryClaim claim, int territory)
        {
            if (claim.Region is not null)
            {
                _regions ??= new Dictionary<string, int>(StringComparer.Ordinal);
                _regionsByKey ??= [];
                if (_regions.TryAdd(claim.Region, territory) && LeadKeys.Region(claim.Region) is var key and not LeadKeys.None)
                {
                    _regionsByKey.Add(key, territory);
                }
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
            _everyPrefixKeyed = _postal.Keys.All(p => LeadKeys.Postal(p) != LeadKeys.None);
            if (_everyPrefixKeyed)
            {
                foreach (var (prefix, territory) in _postal)
                {
                    _postalByKey.Add(LeadKeys.Postal(prefix), territory);
                }
            }
        }

        // By key when both the lead's code and every prefix have one: the key of the code's first n
        // characters is its key masked, and a code shorter than n cannot equal a prefix of length n.
        public int FindPostal(ulong postalKey, Lead lead)
        {
            if (postalKey == LeadKeys.None || !_everyPrefixKeyed)
            {
                return FindPostal(lead.PostalCode!);
            }

            foreach (var length in _lengths)
            {
                if (_postalByKey.TryGetValue(LeadKeys.PostalPrefix(postalKey, length), out var territory))
                {
                    return territory;
                }
            }

            return -1;
        }

        // A region code with a key can only equal a claim's region with the same key; one without is looked up as text.
        public int FindRegion(int regionKey, Lead lead) =>
            _regions is null ? -1
            : regionKey != LeadKeys.None ? _regionsByKey!.GetValueOrDefault(regionKey, -1)
            : _regions.GetValueOrDefault(lead.State!, -1);

        private int FindPostal(string postalCode)
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
