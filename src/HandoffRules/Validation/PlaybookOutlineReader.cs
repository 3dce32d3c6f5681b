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

        // Accounts and claims read from a data file are checked in the file itself, read again with
        // the analyzers' reader, so each finding is at its row and cell. They take the place in the
        // outline of the run of model items the file gave, as the analyzers place them at the call.
        var books = new Dictionary<string, Queue<List<OutlineAccount>>>(StringComparer.Ordinal);
        var postalLists = new Dictionary<string, Queue<PlaybookFile>>(StringComparer.Ordinal);
        foreach (var file in playbook.Files)
        {
            if (file.Text is null)
            {
                DataFileOutline.Missing(outline, file.Path, file.Path);
            }
            else if (file.Kind == PlaybookFileKind.AccountBook)
            {
                // The site is the span itself, written out only for a finding: a 50,000-row book has
                // a quarter of a million cells, and almost none of them is ever reported.
                var accounts = DataFileOutline.AddAccountBook(outline, file.Path, file.Text, span => span);
                if (accounts.Count > 0)
                {
                    Enqueue(books, file.Path, accounts);
                }
            }
            else
            {
                Enqueue(postalLists, file.Territory + "\n" + file.Path, file);
            }
        }

        foreach (var territory in playbook.Territories)
        {
            var item = new OutlineTerritory(territory.Name, $"territory '{territory.Name}'");
            var fromList = 0;
            foreach (var claim in territory.Claims)
            {
                if (claim.Origin is { } origin)
                {
                    // The claims of one postal list are a run; the file is read once, at the run's start.
                    if (fromList-- == 0)
                    {
                        var before = item.Claims.Count;
                        var list = postalLists[territory.Name + "\n" + origin.Path].Dequeue();
                        DataFileOutline.AddPostalList(outline, item, list.Path, list.Text!, span => span);
                        fromList = item.Claims.Count - before - 1;
                    }

                    continue;
                }

                item.Claims.Add(new OutlineClaim(claim.Country, claim.Region, claim.PostalPrefix, $"territory '{territory.Name}' claim {claim}"));
            }

            outline.Territories.Add(item);
        }

        // A postal list with no valid row gave no claims: it is read for its problems alone.
        foreach (var rest in postalLists.Values.SelectMany(q => q))
        {
            DataFileOutline.AddPostalList(outline, new OutlineTerritory(rest.Territory, null), rest.Path, rest.Text!, span => span);
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

        var fromFile = 0;
        foreach (var account in playbook.Accounts)
        {
            if (account.Origin is { } origin)
            {
                if (fromFile-- == 0)
                {
                    var book = books[origin.Path].Dequeue();
                    outline.Accounts.AddRange(book);
                    fromFile = book.Count - 1;
                }

                continue;
            }

            var site = $"account '{account.Name}'";
            var item = new OutlineAccount(account.Name, site)
            {
                Owner = account.Owner is null ? null : new OutlineRef(account.Owner, site),
                Parent = account.Parent is null ? null : new OutlineRef(account.Parent, site),
                Segment = account.Segment is null ? null : new OutlineRef(account.Segment, site),
                Territory = account.Territory is null ? null : new OutlineRef(account.Territory, site),
            };
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

    private static void Enqueue<T>(Dictionary<string, Queue<T>> files, string key, T item)
    {
        if (!files.TryGetValue(key, out var queue))
        {
            files[key] = queue = new Queue<T>();
        }

        queue.Enqueue(item);
    }
}
