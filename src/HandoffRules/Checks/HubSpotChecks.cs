using System;
using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>A playbook name mapped to a HubSpot value, as written in <c>HubSpot(…)</c>.</summary>
internal sealed class OutlineHubSpotValue
{
    public OutlineHubSpotValue(OutlineRef name, OutlineRef value)
    {
        Name = name;
        Value = value;
    }

    public OutlineRef Name { get; }

    public OutlineRef Value { get; }
}

/// <summary>The HubSpot mapping of a playbook that syncs with HubSpot.</summary>
internal sealed class OutlineHubSpot
{
    public OutlineHubSpot(object? site) => Site = site;

    /// <summary>The <c>HubSpot(…)</c> declaration: where whole-mapping findings are reported.</summary>
    public object? Site { get; }

    public List<OutlineHubSpotValue> Stages { get; } = new();

    public List<OutlineHubSpotValue> Statuses { get; } = new();

    public List<OutlineHubSpotValue> Reasons { get; } = new();

    public List<OutlineRef> Owners { get; } = new();

    public bool ClearStageToMoveBack { get; set; }

    /// <summary>False when the mapping is written in a way the analysis cannot follow: "unmapped" is then not reported.</summary>
    public bool Known { get; set; } = true;
}

/// <summary>
/// HR4004 (a stage or status without a HubSpot value), HR4005 (mapped twice) and HR4006 (an SDR
/// action that would move HubSpot's lifecycle stage backwards), plus HR1004 for a mapping that
/// names something the playbook does not declare. Only for a playbook that declares HubSpot sync.
/// </summary>
internal static class HubSpotChecks
{
    // HubSpot's default lifecycle order; custom stages have no rank the playbook can know.
    private static readonly string[] LifecycleOrder =
    {
        "subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other",
    };

    // The standard lifecycle's SDR actions (action, status, stage) and transitions (LifecycleBuilder.Standard).
    private static readonly string[][] StandardMoves =
    {
        new[] { "Accept", "Accepted", "SAL" }, new[] { "Reject", "Rejected", "Nurture" },
        new[] { "MeetingBooked", "Meeting booked", "SQL" }, new[] { "Recycle", "Recycled", "Nurture" },
    };

    private static readonly string[][] StandardTransitions =
    {
        new[] { "New", "Attempting" }, new[] { "New", "Accepted" }, new[] { "New", "Rejected" },
        new[] { "Attempting", "Accepted" }, new[] { "Attempting", "Rejected" }, new[] { "Attempting", "Recycled" },
        new[] { "Accepted", "Meeting booked" }, new[] { "Accepted", "Recycled" }, new[] { "Meeting booked", "Recycled" },
    };

    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        if (outline.HubSpot is not { } hubSpot)
        {
            return;
        }

        var stages = Mapped(hubSpot.Stages, "lifecycle stage", reverse: false, findings);
        var statuses = Mapped(hubSpot.Statuses, "lead status", reverse: true, findings);
        Mapped(hubSpot.Reasons, "reason", reverse: true, findings);

        if (hubSpot.Known)
        {
            Unmapped(outline, hubSpot, "lifecycle stage", outline.Lifecycle.StageNames, stages, findings);
            Unmapped(outline, hubSpot, "lead status", outline.Lifecycle.StatusNames, statuses, findings);
        }

        if (!hubSpot.ClearStageToMoveBack)
        {
            Backwards(outline, stages, findings);
        }
    }

    /// <summary>HR1004 for a HubSpot mapping naming a stage, status, reason or member the playbook does not declare.</summary>
    public static void References(PlaybookOutline outline, List<CheckFinding> findings)
    {
        if (outline.HubSpot is not { } hubSpot)
        {
            return;
        }

        Known(hubSpot.Stages, outline.Lifecycle.StageNames, "lifecycle stage", findings);
        Known(hubSpot.Statuses, outline.Lifecycle.StatusNames, "lead status", findings);
        var reasons = new List<string?>();
        foreach (var reason in outline.Reasons)
        {
            reasons.Add(reason.Name);
        }

        Known(hubSpot.Reasons, reasons, "reason", findings);
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in outline.Members)
        {
            if (member.Name is null)
            {
                return;
            }

            members.Add(member.Name);
        }

        foreach (var owner in hubSpot.Owners)
        {
            if (owner.Value is not null && !members.Contains(owner.Value))
            {
                findings.Add(new CheckFinding(CheckRules.UnknownReference, owner.Site, Array.Empty<object?>(), "The HubSpot owner mapping", "member", owner.Value));
            }
        }
    }

    private static void Known(List<OutlineHubSpotValue> mapped, IEnumerable<string?> declared, string kind, List<CheckFinding> findings)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in declared)
        {
            if (name is null)
            {
                return;
            }

            names.Add(name);
        }

        foreach (var value in mapped)
        {
            if (value.Name.Value is { } name && !names.Contains(name))
            {
                findings.Add(new CheckFinding(CheckRules.UnknownReference, value.Name.Site, Array.Empty<object?>(), "The HubSpot mapping", kind, name));
            }
        }
    }

    /// <summary>
    /// The mapping by name. A name mapped twice is ambiguous on write; with <paramref name="reverse"/>,
    /// one HubSpot value for two names is ambiguous when HubSpot's change is read back as an SDR action.
    /// </summary>
    private static Dictionary<string, OutlineHubSpotValue> Mapped(List<OutlineHubSpotValue> values, string kind, bool reverse, List<CheckFinding> findings)
    {
        var byName = new Dictionary<string, OutlineHubSpotValue>(StringComparer.Ordinal);
        var byValue = new Dictionary<string, OutlineHubSpotValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            if (value.Name.Value is { } name)
            {
                if (byName.TryGetValue(name, out var first))
                {
                    findings.Add(new CheckFinding(CheckRules.HubSpotMappedTwice, value.Name.Site, new[] { first.Name.Site }, kind, name,
                        "it is already mapped to '" + (first.Value.Value ?? "?") + "'"));
                    continue;
                }

                byName.Add(name, value);
            }

            if (reverse && value.Value.Value is { } hubSpotValue)
            {
                if (byValue.TryGetValue(hubSpotValue, out var first))
                {
                    findings.Add(new CheckFinding(CheckRules.HubSpotMappedTwice, value.Value.Site, new[] { first.Value.Site }, kind, value.Name.Value ?? "?",
                        "HubSpot value '" + hubSpotValue + "' already stands for '" + (first.Name.Value ?? "?") + "', so a change made in HubSpot could not be read back"));
                }
                else
                {
                    byValue.Add(hubSpotValue, value);
                }
            }
        }

        return byName;
    }

    private static void Unmapped(PlaybookOutline outline, OutlineHubSpot hubSpot, string kind, IEnumerable<string?> declared, Dictionary<string, OutlineHubSpotValue> mapped, List<CheckFinding> findings)
    {
        foreach (var value in kind == "lifecycle stage" ? hubSpot.Stages : hubSpot.Statuses)
        {
            if (value.Name.Value is null)
            {
                return;
            }
        }

        foreach (var name in declared)
        {
            if (name is not null && !mapped.ContainsKey(name))
            {
                findings.Add(new CheckFinding(CheckRules.UnmappedInHubSpot, hubSpot.Site, Array.Empty<object?>(), outline.Name, kind, name));
            }
        }
    }

    private static void Backwards(PlaybookOutline outline, Dictionary<string, OutlineHubSpotValue> stages, List<CheckFinding> findings)
    {
        // (action, status, stage) each SDR action moves a lead to, and the allowed status moves.
        var moves = new List<string[]>();
        var transitions = new List<string[]>();
        if (outline.Lifecycle.Declared)
        {
            foreach (var action in outline.Lifecycle.ActionStatuses)
            {
                if (action.Status.Value is { } status && action.Stage?.Value is { } stage)
                {
                    moves.Add(new[] { action.Action, status, stage });
                }
            }

            foreach (var transition in outline.Lifecycle.Transitions)
            {
                if (transition.From.Value is { } from && transition.To.Value is { } to)
                {
                    transitions.Add(new[] { from, to });
                }
            }
        }
        else
        {
            moves.AddRange(StandardMoves);
            transitions.AddRange(StandardTransitions);
        }

        // A move is backwards when a lead may come to it from a status another action put in a
        // later HubSpot stage (accepted as SAL, then recycled to Nurture).
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var move in moves)
        {
            if (reported.Contains(move[2]) || Rank(stages, move[2]) is not { } rank)
            {
                continue;
            }

            foreach (var transition in transitions)
            {
                if (transition[1] != move[1] || reported.Contains(move[2]))
                {
                    continue;
                }

                foreach (var earlier in moves)
                {
                    if (earlier[1] == transition[0] && Rank(stages, earlier[2]) is { } earlierRank && earlierRank > rank)
                    {
                        reported.Add(move[2]);
                        var mapping = stages[move[2]].Value;
                        var ahead = stages[earlier[2]].Value;
                        findings.Add(new CheckFinding(CheckRules.HubSpotStageMovesBack, mapping.Site, new[] { ahead.Site },
                            move[0], move[2], mapping.Value ?? "?", earlier[2], ahead.Value ?? "?", transition[0]));
                        break;
                    }
                }
            }
        }
    }

    private static int? Rank(Dictionary<string, OutlineHubSpotValue> stages, string stage)
    {
        if (!stages.TryGetValue(stage, out var mapping) || mapping.Value.Value is not { } value)
        {
            return null;
        }

        var rank = Array.IndexOf(LifecycleOrder, value.ToLowerInvariant());
        return rank < 0 ? null : rank;
    }
}
