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

        // Each claim is reported once, naming the first claim it overlaps; every overlap is then
        // visible at both of its claims without burying a claim under one report per neighbour.
        var reported = new HashSet<OutlineClaim>();
        foreach (var entries in byCountry.Values)
        {
            foreach (var (first, second) in Overlaps(entries))
            {
                Report(second, first, reported, findings);
                Report(first, second, reported, findings);
            }
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
        // Intake reads a postal code per lead, and most are already in this form: no copy for those.
        var same = 0;
        while (same < text.Length && !char.IsWhiteSpace(text[same]) && text[same] != '-' && char.ToUpperInvariant(text[same]) == text[same])
        {
            same++;
        }

        if (same == text.Length)
        {
            return text;
        }

        var chars = new char[text.Length];
        text.CopyTo(0, chars, 0, same);
        var length = same;
        for (var i = same; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]) && text[i] != '-')
            {
                chars[length++] = char.ToUpperInvariant(text[i]);
            }
        }

        return new string(chars, 0, length);
    }

    // Overlaps between different territories. A territory claiming a place twice (DE and Germany)
    // is redundant, not ambiguous: the lead still has one owner.
    private static IEnumerable<(Entry First, Entry Second)> Overlaps(List<Entry> entries)
    {
        // A whole-country claim overlaps every claim of another territory in that country.
        var whole = FirstOf(entries, e => e.Kind == ClaimKind.Country, null);
        if (whole is not null)
        {
            var otherWhole = FirstOf(entries, e => e.Kind == ClaimKind.Country, whole.Territory);
            foreach (var entry in entries)
            {
                var owner = entry.Territory != whole.Territory ? whole : otherWhole;
                if (owner is not null && !ReferenceEquals(entry, owner))
                {
                    yield return (owner, entry);
                }
            }
        }

        var regions = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var prefixes = new List<Entry>();
        foreach (var entry in entries)
        {
            if (entry.Kind == ClaimKind.Region)
            {
                if (!regions.TryGetValue(entry.Value, out var first))
                {
                    regions.Add(entry.Value, entry);
                }
                else if (first.Territory != entry.Territory)
                {
                    yield return (first, entry);
                }
            }
            else if (entry.Kind == ClaimKind.Postal)
            {
                prefixes.Add(entry);
            }
        }

        // Sorted prefixes put every prefix right after the prefixes that contain it, so one pass
        // with a stack of open prefixes finds each containment.
        prefixes.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
        var open = new List<Entry>();
        foreach (var entry in prefixes)
        {
            while (open.Count > 0 && !entry.Value.StartsWith(open[open.Count - 1].Value, StringComparison.Ordinal))
            {
                open.RemoveAt(open.Count - 1);
            }

            for (var i = open.Count - 1; i >= 0; i--)
            {
                if (open[i].Territory != entry.Territory)
                {
                    yield return (open[i], entry);
                    break;
                }
            }

            open.Add(entry);
        }

        // A region and a postal prefix of one country cannot be told apart without a postal map:
        // a lead with both could match two territories.
        var regionClaims = entries.FindAll(e => e.Kind == ClaimKind.Region);
        var firstRegion = FirstOf(regionClaims, _ => true, null);
        var firstPrefix = FirstOf(prefixes, _ => true, null);
        if (firstRegion is null || firstPrefix is null)
        {
            yield break;
        }

        var otherRegion = FirstOf(regionClaims, _ => true, firstRegion.Territory);
        var otherPrefix = FirstOf(prefixes, _ => true, firstPrefix.Territory);
        foreach (var prefix in prefixes)
        {
            if ((prefix.Territory != firstRegion.Territory ? firstRegion : otherRegion) is { } region)
            {
                yield return (region, prefix);
            }
        }

        foreach (var region in regionClaims)
        {
            if ((region.Territory != firstPrefix.Territory ? firstPrefix : otherPrefix) is { } prefix)
            {
                yield return (prefix, region);
            }
        }
    }

    /// <summary>The first entry matching, whose territory is not <paramref name="notOf"/>.</summary>
    private static Entry? FirstOf(List<Entry> entries, Func<Entry, bool> match, OutlineTerritory? notOf)
    {
        foreach (var entry in entries)
        {
            if (match(entry) && entry.Territory != notOf)
            {
                return entry;
            }
        }

        return null;
    }

    private static void Report(Entry claim, Entry other, HashSet<OutlineClaim> reported, List<CheckFinding> findings)
    {
        if (reported.Add(claim.Claim))
        {
            findings.Add(new CheckFinding(CheckRules.OverlappingTerritories, claim.Claim.Site, [other.Claim.Site],
                claim.Territory.Name ?? "?", claim.Describe(), other.Territory.Name ?? "?", other.Describe()));
        }
    }
}
