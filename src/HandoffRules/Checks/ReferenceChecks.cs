using System;
using System.Collections.Generic;
using System.Linq;

namespace HandoffRules.Checks;

/// <summary>
/// HR1004 (unknown reference), HR2005 (unknown queue), HR2006 (queue with no active members),
/// HR2008 (account domain claimed twice).
/// </summary>
internal static class ReferenceChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        var definitions = Names(outline.Definitions);
        var territories = Names(outline.Territories);
        var segments = Names(outline.Segments);
        var members = new Dictionary<string, OutlineMember>(StringComparer.Ordinal);
        foreach (var member in outline.Members)
        {
            if (member.Name is not null && !members.ContainsKey(member.Name))
            {
                members.Add(member.Name, member);
            }
        }

        var queues = new Dictionary<string, OutlineQueue>(StringComparer.Ordinal);
        foreach (var queue in outline.Queues)
        {
            if (queue.Name is not null && !queues.ContainsKey(queue.Name))
            {
                queues.Add(queue.Name, queue);
            }
        }

        var slas = Names(outline.Slas);
        var escalations = Names(outline.Escalations);
        var tracks = Names(outline.NurtureTracks);
        var statuses = new HashSet<string>(outline.Lifecycle.StatusNames.Where(n => n is not null)!, StringComparer.Ordinal);
        var stages = new HashSet<string>(outline.Lifecycle.StageNames.Where(n => n is not null)!, StringComparer.Ordinal);

        foreach (var definition in outline.Definitions)
        {
            var subject = $"Definition '{definition.Shown}'";
            Known(subject, "definition", definition.Extends, definitions, findings);
            foreach (var any in definition.MeetsAny)
            {
                Known(subject, "definition", any, definitions, findings);
            }

            Known(subject, "lifecycle stage", definition.Stage, stages, findings);
        }

        foreach (var queue in outline.Queues)
        {
            foreach (var member in queue.Members)
            {
                if (member.Value is not null && !members.ContainsKey(member.Value))
                {
                    findings.Add(new CheckFinding(CheckRules.UnknownReference, member.Site, [], $"Queue '{queue.Shown}'", "member", member.Shown));
                }
            }
        }

        var accountNames = Names(outline.Accounts);
        var domains = new Dictionary<string, OutlineAccount>(StringComparer.OrdinalIgnoreCase);
        foreach (var account in outline.Accounts)
        {
            if (account.Owner?.Value is { } owner && !members.ContainsKey(owner))
            {
                findings.Add(new CheckFinding(CheckRules.UnknownReference, account.Owner.Site, [], $"Account '{account.Shown}'", "member", account.Owner.Shown));
            }

            Known($"Account '{account.Shown}'", "parent account", account.Parent, accountNames, findings);
            Known($"Account '{account.Shown}'", "segment", account.Segment, segments, findings);
            Known($"Account '{account.Shown}'", "territory", account.Territory, territories, findings);

            foreach (var domain in account.Domains)
            {
                if (domain.Value is null)
                {
                    continue;
                }

                if (domains.TryGetValue(domain.Value, out var other))
                {
                    if (!ReferenceEquals(other, account))
                    {
                        findings.Add(new CheckFinding(CheckRules.AccountDomainClaimedTwice, domain.Site, [other.Site], domain.Value.ToLowerInvariant(), account.Name ?? "?", other.Name ?? "?"));
                    }
                }
                else
                {
                    domains.Add(domain.Value, account);
                }
            }
        }

        foreach (var route in outline.Routes)
        {
            var subject = $"Route '{route.Shown}'";
            KnownAll(subject, "definition", route.Definitions, definitions, findings);
            KnownAll(subject, "territory", route.Territories, territories, findings);
            KnownAll(subject, "segment", route.Segments, segments, findings);
            QueueTarget(subject, route.Queue, queues, members, findings);
            QueueTarget(subject + " (backup for an unavailable owner)", route.BackupQueue, queues, members, findings);
        }

        if (outline.FallbackQueue is not null)
        {
            QueueTarget("The fallback", outline.FallbackQueue, queues, members, findings);
        }

        foreach (var escalation in outline.Escalations)
        {
            var subject = $"Escalation '{escalation.Shown}'";
            foreach (var from in escalation.FromQueues)
            {
                if (from.Value is not null && !queues.ContainsKey(from.Value))
                {
                    findings.Add(new CheckFinding(CheckRules.UnknownReference, from.Site, [], subject, "queue", from.Shown));
                }
            }

            QueueTarget(subject, escalation.ToQueue, queues, members, findings);
        }

        foreach (var trigger in outline.Triggers)
        {
            foreach (var sla in trigger.StartsSlas)
            {
                Known($"Trigger '{trigger.Shown}'", "SLA", sla, slas, findings);
            }
        }

        foreach (var sla in outline.Slas)
        {
            foreach (var escalation in sla.EscalationRefs)
            {
                Known($"SLA '{sla.Shown}'", "escalation", escalation, escalations, findings);
            }
        }

        foreach (var reason in outline.Reasons)
        {
            Known($"{(reason.Kind == ReasonKind.Reject ? "Reject" : "Recycle")} reason '{reason.Shown}'", "nurture track", reason.NurtureTrack, tracks, findings);
        }

        var lifecycle = outline.Lifecycle;
        Known("The lifecycle's initial status", "lead status", lifecycle.InitialStatus, statuses, findings);
        foreach (var transition in lifecycle.Transitions)
        {
            Known("A lifecycle transition", "lead status", transition.From, statuses, findings);
            Known("A lifecycle transition", "lead status", transition.To, statuses, findings);
        }

        foreach (var action in lifecycle.ActionStatuses)
        {
            Known($"SDR action {action.Action}", "lead status", action.Status, statuses, findings);
            Known($"SDR action {action.Action}", "lifecycle stage", action.Stage, stages, findings);
        }
    }

    private static HashSet<string> Names<T>(List<T> items)
        where T : OutlineItem
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Name is not null)
            {
                names.Add(item.Name);
            }
        }

        return names;
    }

    private static void Known(string subject, string kind, OutlineRef? reference, HashSet<string> names, List<CheckFinding> findings)
    {
        if (reference?.Value is { } value && !names.Contains(value))
        {
            findings.Add(new CheckFinding(CheckRules.UnknownReference, reference.Site, [], subject, kind, reference.Shown));
        }
    }

    private static void KnownAll(string subject, string kind, OutlineCondition? condition, HashSet<string> names, List<CheckFinding> findings)
    {
        if (condition is null)
        {
            return;
        }

        foreach (var value in condition.Values)
        {
            Known(subject, kind, value, names, findings);
        }
    }

    private static void QueueTarget(string subject, OutlineRef? target, Dictionary<string, OutlineQueue> queues, Dictionary<string, OutlineMember> members, List<CheckFinding> findings)
    {
        if (target?.Value is not { } name)
        {
            return;
        }

        if (!queues.TryGetValue(name, out var queue))
        {
            findings.Add(new CheckFinding(CheckRules.UnknownQueue, target.Site, [], subject, target.Shown));
            return;
        }

        if (HasNoActiveMembers(queue, members))
        {
            findings.Add(new CheckFinding(CheckRules.QueueWithoutActiveMembers, target.Site, [queue.Site], subject, target.Shown));
        }
    }

    /// <summary>True only when every member of the queue is known and none is active.</summary>
    private static bool HasNoActiveMembers(OutlineQueue queue, Dictionary<string, OutlineMember> members)
    {
        if (!queue.MembersKnown)
        {
            return false;
        }

        foreach (var reference in queue.Members)
        {
            if (reference.Value is null)
            {
                return false;
            }

            if (members.TryGetValue(reference.Value, out var member) && member.Active != false)
            {
                return false;
            }
        }

        return true;
    }
}
