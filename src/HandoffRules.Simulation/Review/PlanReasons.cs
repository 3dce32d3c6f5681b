using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>
/// Why a group of leads changed, in a RevOps reader's words, worked out from the current playbook:
/// the lead's own fields that moved (territory, segment, definition), the rule that no longer takes
/// them and what it no longer claims, or the earlier route that now claims them first, and what
/// takes them now.
/// </summary>
internal static class PlanReasons
{
    public static string Why(string fromRule, string toRule, string from, string to, DecisionRecord then, DecisionRecord now, IReadOnlyList<string> changes, PlaybookModel playbook)
    {
        var parts = new List<string>();
        Moved(parts, "territory", then.Territory, now.Territory);
        Moved(parts, "segment", then.Segment, now.Segment);
        if (then.Definition != now.Definition)
        {
            parts.Add(now.Definition is null ? $"they no longer meet definition '{then.Definition}'" : $"they now meet definition '{now.Definition}'" + (then.Definition is null ? "" : $" (was '{then.Definition}')"));
        }

        var tookFirst = false;
        if (then.Outcome == HandoffOutcome.Duplicate && now.Outcome == HandoffOutcome.Duplicate)
        {
            parts.Add("duplicates follow the lead they duplicate, and those leads changed");
        }
        else if (fromRule != toRule)
        {
            if (then.Outcome == HandoffOutcome.Routed && fromRule != "fallback")
            {
                var index = IndexOf(playbook, fromRule);
                if (index < 0)
                {
                    parts.Add($"route '{fromRule}' is no longer in the playbook");
                }
                else if (Misses(playbook.Routes[index], then, now) is { Count: > 0 } misses)
                {
                    parts.Add($"route '{fromRule}' {string.Join(" and ", misses)}");
                }
                else if (IndexOf(playbook, toRule) is >= 0 and var earlier && earlier < index)
                {
                    parts.Add($"route '{toRule}' comes earlier and now claims them");
                    tookFirst = true;
                }
                else if (now.Outcome == HandoffOutcome.Routed)
                {
                    parts.Add($"route '{fromRule}' no longer matches them");
                }
            }
            else if (then.Outcome == HandoffOutcome.Disqualified)
            {
                var exists = playbook.Definitions.SelectMany(d => d.Disqualifiers).Any(d => d.Code == fromRule);
                parts.Add(exists ? $"disqualifier {fromRule} no longer takes them out" : $"disqualifier {fromRule} is no longer in the playbook");
            }

            if (now.Outcome == HandoffOutcome.Routed && toRule == "fallback")
            {
                parts.Add($"they now reach the fallback ({(now.Fallback ?? "no route").Replace('_', ' ')})");
            }
            else if (now.Outcome == HandoffOutcome.Routed && !tookFirst)
            {
                parts.Add($"route '{toRule}' now takes them");
            }
            else if (now.Outcome == HandoffOutcome.Disqualified)
            {
                parts.Add($"they are now disqualified ({now.Reason})");
            }
            else if (now.Outcome != then.Outcome)
            {
                parts.Add($"they are now {now.Outcome.Replace('_', ' ')}");
            }
        }
        else if (from != to)
        {
            parts.Add($"{(now.Outcome == HandoffOutcome.Routed && toRule != "fallback" ? "route" : "the")} '{toRule}' now sends them to {to}");
        }

        if (parts.Count == 0)
        {
            // Same rule, same destination: what the rule starts for them changed (trigger, SLAs, deadlines, account).
            parts.Add($"'{toRule}' still decides; what changed for them: {string.Join(", ", changes)}");
        }

        return string.Join("; ", parts);
    }

    private static void Moved(List<string> parts, string field, string? then, string? now)
    {
        if (then != now)
        {
            parts.Add($"their {field} is now {now ?? "none"} (was {then ?? "none"})");
        }
    }

    private static int IndexOf(PlaybookModel playbook, string route)
    {
        for (var i = 0; i < playbook.Routes.Count; i++)
        {
            if (playbook.Routes[i].Name == route)
            {
                return i;
            }
        }

        return -1;
    }

    // What the route asks for that these leads no longer have — or never had, once the route changed.
    private static List<string> Misses(Route route, DecisionRecord then, DecisionRecord now)
    {
        var misses = new List<string>();
        if (!route.Territories.IsEmpty && now.Territory is { } territory && !route.Territories.Contains(territory))
        {
            misses.Add((then.Territory == territory ? "no longer claims " : "does not claim ") + territory);
        }

        if (!route.Segments.IsEmpty && now.Segment is { } segment && !route.Segments.Contains(segment))
        {
            misses.Add((then.Segment == segment ? "no longer takes " : "does not take ") + segment);
        }

        if (!route.Definitions.IsEmpty && now.Definition is { } definition && !route.Definitions.Contains(definition))
        {
            misses.Add($"{(then.Definition == definition ? "no longer takes" : "does not take")} '{definition}' leads");
        }

        if (!route.Sources.IsEmpty && now.Source is { } source && !route.Sources.Any(s => s.ToString() == source))
        {
            misses.Add($"no longer takes {source} leads");
        }

        return misses;
    }
}
