using HandoffRules.Checks;
using HandoffRules.Model;

namespace HandoffRules.Validation;

/// <summary>Reads a built model into the outline the shared checks understand. Sites are readable paths.</summary>
internal static class PlaybookOutlineReader
{
    public static PlaybookOutline Read(PlaybookModel playbook)
    {
        var outline = new PlaybookOutline(playbook.Name, $"playbook '{playbook.Name}'");

        foreach (var definition in playbook.Definitions)
        {
            var site = $"definition '{definition.Name}'";
            var item = new OutlineDefinition(definition.Name, site)
            {
                HandsOff = definition.HandsOff,
                Order = outline.Definitions.Count,
                Stage = definition.Stage is null ? null : new OutlineRef(definition.Stage, site),
            };
            if (definition.Extends is not null)
            {
                item.Extends = new OutlineRef(definition.Extends, site);
            }

            item.MeetsAny.AddRange(definition.MeetsAny.Select(d => new OutlineRef(d, site)));
            outline.Definitions.Add(item);
        }

        var lifecycle = playbook.Lifecycle;
        outline.Lifecycle.Stages.AddRange(lifecycle.Stages.Select(s => new OutlineItem(s.Name, $"lifecycle stage '{s.Name}'")));
        outline.Lifecycle.Statuses.AddRange(lifecycle.Statuses.Select(s => new OutlineItem(s.Name, $"lead status '{s.Name}'")));
        outline.Lifecycle.InitialStatus = new OutlineRef(lifecycle.InitialStatus, "the lifecycle");
        foreach (var transition in lifecycle.Transitions)
        {
            var site = $"transition '{transition.From}' → '{transition.To}'";
            outline.Lifecycle.Transitions.Add(new OutlineTransition(new OutlineRef(transition.From, site), new OutlineRef(transition.To, site)));
        }

        foreach (var action in lifecycle.Actions)
        {
            var site = $"SDR action {action.Action}";
            outline.Lifecycle.ActionStatuses.Add(new OutlineActionStatus(action.Action.ToString(), new OutlineRef(action.Status, site),
                action.Stage is null ? null : new OutlineRef(action.Stage, site)));
        }

        foreach (var territory in playbook.Territories)
        {
            var item = new OutlineTerritory(territory.Name, $"territory '{territory.Name}'");
            item.Claims.AddRange(territory.Claims.Select(c => new OutlineClaim(c.Country, c.Region, c.PostalPrefix, $"territory '{territory.Name}' claim {c}")));
            outline.Territories.Add(item);
        }

        foreach (var segment in playbook.Segments)
        {
            var site = $"segment '{segment.Name}'";
            outline.Segments.Add(new OutlineSegment(segment.Name, site)
            {
                Employees = segment.Employees is { } e ? new OutlineBand(e.Min, e.Max, site) : null,
                Revenue = segment.Revenue is { } r ? new OutlineBand(r.Min, r.Max, site) : null,
            });
        }

        outline.Members.AddRange(playbook.Members.Select(m => new OutlineMember(m.Id, $"member '{m.Id}'") { Active = m.Active, Capped = m.DailyCap is not null }));

        foreach (var queue in playbook.Queues)
        {
            var site = $"queue '{queue.Name}'";
            var item = new OutlineQueue(queue.Name, site);
            item.Members.AddRange(queue.Members.Select(m => new OutlineRef(m.MemberId, site)));
            outline.Queues.Add(item);
        }

        foreach (var account in playbook.Accounts)
        {
            var site = $"account '{account.Name}'";
            var item = new OutlineAccount(account.Name, site) { Owner = new OutlineRef(account.Owner, site) };
            item.Domains.AddRange(account.Domains.Select(d => new OutlineRef(d, site)));
            outline.Accounts.Add(item);
        }

        for (var i = 0; i < playbook.Routes.Count; i++)
        {
            var route = playbook.Routes[i];
            var site = $"route '{route.Name}' (#{i + 1})";
            outline.Routes.Add(new OutlineRoute(route.Name, site)
            {
                Order = i,
                Definitions = Condition(route.Definitions, site),
                Territories = Condition(route.Territories, site),
                Segments = Condition(route.Segments, site),
                Sources = Condition(route.Sources.Select(s => s.ToString()).ToEquatableArray(), site),
                RequiresAccountMatch = route.RequiresAccountMatch,
                HasPredicate = route.Condition is not null,
                Queue = route.Queue is null ? null : new OutlineRef(route.Queue, site),
                ToAccountOwner = route.ToAccountOwner,
                BackupQueue = route.BackupQueue is null ? null : new OutlineRef(route.BackupQueue, site),
            });
        }

        if (playbook.Fallback is { } fallback)
        {
            outline.Fallback = new OutlineItem(fallback.Queue, "the fallback");
            outline.FallbackQueue = new OutlineRef(fallback.Queue, "the fallback");
        }

        foreach (var escalation in playbook.Escalations)
        {
            var site = $"escalation '{escalation.Name}'";
            var item = new OutlineEscalation(escalation.Name, site) { ToQueue = new OutlineRef(escalation.ToQueue, site) };
            item.FromQueues.AddRange(escalation.FromQueues.Select(q => new OutlineRef(q, site)));
            outline.Escalations.Add(item);
        }

        foreach (var trigger in playbook.Triggers)
        {
            var site = $"trigger '{trigger.Name}'";
            var item = new OutlineTrigger(trigger.Name, site);
            item.StartsSlas.AddRange(trigger.Actions.Where(a => a.Kind == TriggerActionKind.StartSla).Select(a => new OutlineRef(a.Target, site)));
            outline.Triggers.Add(item);
        }

        foreach (var sla in playbook.Slas)
        {
            var site = $"SLA '{sla.Name}'";
            var item = new OutlineSla(sla.Name, site) { BreachActions = sla.OnBreach.Count, Reassigns = sla.OnBreach.Any(a => a.Kind == BreachActionKind.ReassignToNextMember) };
            item.EscalationRefs.AddRange(sla.OnBreach.Where(a => a.Kind == BreachActionKind.Escalate && a.Target is not null).Select(a => new OutlineRef(a.Target, site)));
            if (sla.OnBreach.Any(a => a.Kind == BreachActionKind.Escalate && a.Target is null))
            {
                item.QueueEscalations.Add(site);
            }

            outline.Slas.Add(item);
        }

        foreach (var reason in playbook.RejectReasons)
        {
            var site = $"reject reason '{reason.Code}'";
            outline.Reasons.Add(new OutlineReason(ReasonKind.Reject, reason.Code, site)
            {
                NurtureTrack = string.IsNullOrEmpty(reason.NurtureTrack) ? null : new OutlineRef(reason.NurtureTrack, site),
                Misroute = reason.Misroute,
            });
        }

        foreach (var reason in playbook.RecycleReasons)
        {
            var site = $"recycle reason '{reason.Code}'";
            outline.Reasons.Add(new OutlineReason(ReasonKind.Recycle, reason.Code, site)
            {
                NurtureTrack = string.IsNullOrEmpty(reason.NurtureTrack) ? null : new OutlineRef(reason.NurtureTrack, site),
            });
        }

        outline.NurtureTracks.AddRange(playbook.NurtureTracks.Select(t => new OutlineItem(t.Name, $"nurture track '{t.Name}'")));
        outline.HubSpot = HubSpotOutline.Read(playbook.HubSpot);
        return outline;
    }

    private static OutlineCondition? Condition(EquatableArray<string> values, string site)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        var condition = new OutlineCondition();
        condition.Values.AddRange(values.Select(v => new OutlineRef(v, site)));
        return condition;
    }
}
