using System;
using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>
/// HR2001 (overlapping territories) and HR2007 (unknown country or region).
/// Claims are grouped by normalised country, so the work grows with the number of claims
/// (a sort of the postal prefixes within a country), never with pairs of territories.
/// </summary>
internal static class TerritoryChecks
{
    private enum ClaimKind
    {
        Country,
        Region,
        Postal,
    }

    private sealed class Entry
    {
        public Entry(OutlineTerritory territory, OutlineClaim claim, ClaimKind kind, string country, string value)
        {
            Territory = territory;
            Claim = claim;
            Kind = kind;
            Country = country;
            Value = value;
        }

        public OutlineTerritory Territory { get; }

        public OutlineClaim Claim { get; }

        public ClaimKind Kind { get; }

        public string Country { get; }

        public string Value { get; }

        public string Describe() => Kind switch
        {
            ClaimKind.Country => $"all of {Country}",
            ClaimKind.Region => $"{Country}-{Value}",
            _ => $"postal codes {Country} {Value}*",
        };
    }

    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        var byCountry = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var territory in outline.Territories)
        {
            foreach (var claim in territory.Claims)
            {
                var entry = Normalise(territory, claim, findings);
                if (entry is null)
                {
                    continue;
                }

                if (!byCountry.TryGetValue(entry.Country, out var list))
                {
                    list = new List<Entry>();
                    byCountry.Add(entry.Country, list);
                }

                list.Add(entry);
            }
        }

        foreach (var entries in byCountry.Values)
        {
            CheckCountry(entries, findings);
        }
    }

    private static Entry? Normalise(OutlineTerritory territory, OutlineClaim claim, List<CheckFinding> findings)
    {
        if (!claim.IsKnown || claim.Country is null)
        {
            return null;
        }

        var country = Geography.CountryCode(claim.Country);
        if (country is null)
        {
            findings.Add(new CheckFinding(CheckRules.UnknownPlace, claim.Site, [], territory.Name ?? "?", $"country '{claim.Country}'"));
            return null;
        }

        if (claim.Region is not null)
        {
            var region = Geography.RegionCode(country, claim.Region);
            if (region is null)
            {
                findings.Add(new CheckFinding(CheckRules.UnknownPlace, claim.Site, [], territory.Name ?? "?", $"region '{claim.Region}' of {country}"));
                return null;
            }

            return new Entry(territory, claim, ClaimKind.Region, country, region);
        }

        if (claim.PostalPrefix is not null)
        {
            return new Entry(territory, claim, ClaimKind.Postal, country, PostalPrefix(claim.PostalPrefix));
        }

        return new Entry(territory, claim, ClaimKind.Country, country, country);
    }

    /// <summary>The comparison form of a postal code or prefix: upper case, no spaces or dashes.</summary>
    public static string PostalPrefix(string text)
    {
        var chars = new List<char>(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c != '-')
            {
                chars.Add(char.ToUpperInvariant(c));
            }
        }

        return new string(chars.ToArray());
    }

    private static void CheckCountry(List<Entry> entries, List<CheckFinding> findings)
    {
        // A whole-country claim overlaps every other claim in that country.
        Entry? whole = null;
        foreach (var entry in entries)
        {
            if (entry.Kind == ClaimKind.Country)
            {
                whole = entry;
                break;
            }
        }

        if (whole is not null)
        {
            foreach (var entry in entries)
            {
                if (!ReferenceEquals(entry, whole))
                {
                    Report(whole, entry, findings);
                }
            }

            return;
        }

        var regions = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var prefixes = new List<Entry>();
        foreach (var entry in entries)
        {
            if (entry.Kind == ClaimKind.Region)
            {
                if (regions.TryGetValue(entry.Value, out var first))
                {
                    Report(first, entry, findings);
                }
                else
                {
                    regions.Add(entry.Value, entry);
                }
            }
            else
            {
                prefixes.Add(entry);
            }
        }

        // Sorted prefixes put every prefix right before the codes it contains, so one pass with
        // a stack of open prefixes finds each containment.
        prefixes.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
        var open = new Stack<Entry>();
        foreach (var entry in prefixes)
        {
            while (open.Count > 0 && !entry.Value.StartsWith(open.Peek().Value, StringComparison.Ordinal))
            {
                open.Pop();
            }

            if (open.Count > 0)
            {
                Report(open.Peek(), entry, findings);
            }

            open.Push(entry);
        }

        // A region and a postal prefix of one country cannot be told apart without a postal
        // map: a lead with both could match two territories. Report the first such pair.
        if (regions.Count > 0 && prefixes.Count > 0)
        {
            foreach (var region in regions.Values)
            {
                foreach (var prefix in prefixes)
                {
                    if (!ReferenceEquals(region.Territory, prefix.Territory))
                    {
                        Report(region, prefix, findings);
                        return;
                    }
                }

                break;
            }
        }
    }

    /// <summary>An overlap is reported at both claims, each naming the other.</summary>
    private static void Report(Entry first, Entry second, List<CheckFinding> findings)
    {
        findings.Add(new CheckFinding(CheckRules.OverlappingTerritories, second.Claim.Site, [first.Claim.Site],
            second.Territory.Name ?? "?", second.Describe(), first.Territory.Name ?? "?", first.Describe()));
        findings.Add(new CheckFinding(CheckRules.OverlappingTerritories, first.Claim.Site, [second.Claim.Site],
            first.Territory.Name ?? "?", first.Describe(), second.Territory.Name ?? "?", second.Describe()));
    }
}
