using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>
/// HR2009: a queue that can fill up — every active member has a daily cap — with nowhere for its
/// leads to go once it has. Held leads are offered again when a member is free and escalated after
/// the playbook's maximum hold, but only an escalation covering the queue (or an SLA breach that
/// escalates to a named escalation or reassigns) gives them another way out.
/// </summary>
internal static class CapacityChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        // Escalations or SLAs declared where the analysis cannot see them may be the overflow path.
        if (!outline.Complete || SlasOverflow(outline))
        {
            return;
        }

        var members = new Dictionary<string, OutlineMember>();
        foreach (var member in outline.Members)
        {
            if (member.Name is not null && !members.ContainsKey(member.Name))
            {
                members.Add(member.Name, member);
            }
        }

        foreach (var queue in outline.Queues)
        {
            if (queue.Name is not null && EveryActiveMemberCapped(queue, members) && !Covered(queue.Name, outline))
            {
                findings.Add(new CheckFinding(CheckRules.CappedQueueWithoutOverflow, queue.Site, [], queue.Name));
            }
        }
    }

    // An SLA that escalates to a named escalation or reassigns moves a lead whatever its queue; one
    // whose breach actions cannot be read might.
    private static bool SlasOverflow(PlaybookOutline outline)
    {
        foreach (var sla in outline.Slas)
        {
            if (sla.BreachActions is null || sla.Reassigns || sla.EscalationRefs.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True only when every member is known, at least one is active, and every active one has a cap.</summary>
    private static bool EveryActiveMemberCapped(OutlineQueue queue, Dictionary<string, OutlineMember> members)
    {
        if (!queue.MembersKnown)
        {
            return false;
        }

        var active = 0;
        foreach (var reference in queue.Members)
        {
            if (reference.Value is null || !members.TryGetValue(reference.Value, out var member) || member.Active is null)
            {
                return false;
            }

            if (member.Active == false)
            {
                continue;
            }

            if (member.Capped != true)
            {
                return false;
            }

            active++;
        }

        return active > 0;
    }

    // An escalation from every queue, or naming this one (or a queue the analysis cannot read), to another queue.
    private static bool Covered(string queue, PlaybookOutline outline)
    {
        foreach (var escalation in outline.Escalations)
        {
            if (escalation.ToQueue?.Value == queue)
            {
                continue;
            }

            if (escalation.FromQueues.Count == 0)
            {
                return true;
            }

            foreach (var from in escalation.FromQueues)
            {
                if (from.Value is null || from.Value == queue)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
