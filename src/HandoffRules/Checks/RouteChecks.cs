using System;
using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>
/// HR2004: a route shadowed by an earlier one. Route B can never match when an earlier route A
/// accepts, on every condition, everything B accepts — and A always sends the lead somewhere
/// (no custom predicate, no account-owner target that can fall through).
/// </summary>
internal static class RouteChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        var groups = new Dictionary<int, List<OutlineRoute>>();
        foreach (var route in outline.Routes)
        {
            if (!groups.TryGetValue(route.Group, out var list))
            {
                list = new List<OutlineRoute>();
                groups.Add(route.Group, list);
            }

            list.Add(route);
        }

        foreach (var routes in groups.Values)
        {
            routes.Sort((a, b) => a.Order.CompareTo(b.Order));
            for (var j = 1; j < routes.Count; j++)
            {
                for (var i = 0; i < j; i++)
                {
                    if (Covers(routes[i], routes[j]))
                    {
                        findings.Add(new CheckFinding(CheckRules.ShadowedRoute, routes[j].Site, [routes[i].Site], routes[j].Name ?? "?", routes[i].Name ?? "?"));
                        break;
                    }
                }
            }
        }
    }

    /// <summary>True when every lead <paramref name="later"/> accepts is taken by <paramref name="earlier"/>.</summary>
    public static bool Covers(OutlineRoute earlier, OutlineRoute later)
    {
        if (earlier.Opaque || later.Opaque || earlier.HasPredicate)
        {
            return false;
        }

        if (earlier.ToAccountOwner && earlier.BackupQueue is null)
        {
            return false;
        }

        if (earlier.RequiresAccountMatch && !later.RequiresAccountMatch)
        {
            return false;
        }

        return Covers(earlier.Definitions, later.Definitions)
            && Covers(earlier.Territories, later.Territories)
            && Covers(earlier.Segments, later.Segments)
            && Covers(earlier.Sources, later.Sources);
    }

    private static bool Covers(OutlineCondition? earlier, OutlineCondition? later)
    {
        if (earlier is null)
        {
            return true;
        }

        if (later is null || earlier.Opaque || later.Opaque)
        {
            return false;
        }

        var accepted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in earlier.Values)
        {
            if (value.Value is null)
            {
                return false;
            }

            accepted.Add(value.Value);
        }

        foreach (var value in later.Values)
        {
            if (value.Value is null || !accepted.Contains(value.Value))
            {
                return false;
            }
        }

        return true;
    }
}
