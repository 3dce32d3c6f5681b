using HandoffRules.Model;

namespace HandoffRules.Routing;

/// <summary>
/// Finds a lead's territory by hash lookups: the most specific claim wins (postal prefix, then
/// region, then whole country). The validator guarantees at most one claim of each kind matches.
/// </summary>
internal sealed class TerritoryIndex
{
    private readonly Dictionary<string, int> _countries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PostalClaims> _postal = new(StringComparer.Ordinal);

    public TerritoryIndex(EquatableArray<Territory> territories)
    {
        var postal = new Dictionary<string, List<(string, int)>>(StringComparer.Ordinal);
        for (var t = 0; t < territories.Count; t++)
        {
            foreach (var claim in territories[t].Claims)
            {
                if (claim.Region is not null)
                {
                    if (!_regions.TryGetValue(claim.Country, out var regions))
                    {
                        regions = new Dictionary<string, int>(StringComparer.Ordinal);
                        _regions.Add(claim.Country, regions);
                    }

                    regions.TryAdd(claim.Region, t);
                }
                else if (claim.PostalPrefix is not null)
                {
                    if (!postal.TryGetValue(claim.Country, out var list))
                    {
                        list = [];
                        postal.Add(claim.Country, list);
                    }

                    list.Add((claim.PostalPrefix, t));
                }
                else
                {
                    _countries.TryAdd(claim.Country, t);
                }
            }
        }

        foreach (var (country, list) in postal)
        {
            _postal.Add(country, new PostalClaims(list));
        }
    }

    /// <summary>The territory index for the lead, or -1; <paramref name="how"/> says which claim matched.</summary>
    public int Resolve(Lead lead, out ClaimKind how)
    {
        how = ClaimKind.None;
        if (lead.Country is not { } country)
        {
            return -1;
        }

        if (lead.PostalCode is { } postal && _postal.TryGetValue(country, out var claims) && claims.Find(postal) is var byPostal and >= 0)
        {
            how = ClaimKind.PostalPrefix;
            return byPostal;
        }

        if (lead.State is { } state && _regions.TryGetValue(country, out var regions) && regions.TryGetValue(state, out var byRegion))
        {
            how = ClaimKind.Region;
            return byRegion;
        }

        if (_countries.TryGetValue(country, out var byCountry))
        {
            how = ClaimKind.Country;
            return byCountry;
        }

        return -1;
    }

    // One hash lookup per distinct prefix length, longest first, so a playbook of thousands of
    // postal prefixes costs a lead a handful of lookups rather than a scan.
    private sealed class PostalClaims
    {
        private readonly int[] _lengths;
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byPrefix;

        public PostalClaims(List<(string Prefix, int Territory)> claims)
        {
            var byPrefix = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (prefix, territory) in claims)
            {
                byPrefix.TryAdd(prefix, territory);
            }

            _byPrefix = byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
            _lengths = [.. byPrefix.Keys.Select(p => p.Length).Distinct().OrderDescending()];
        }

        public int Find(string postalCode)
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
}
