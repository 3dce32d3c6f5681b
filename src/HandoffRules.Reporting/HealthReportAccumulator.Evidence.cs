namespace HandoffRules.Reporting;

/// <summary>The evidence behind the findings, from the summaries.</summary>
public sealed partial class HealthReportAccumulator
{
    private FindingEvidence Evidence(List<LeadSummary> handedOff)
    {
        var routedTo = new Dictionary<(int Queue, int Member), int>();
        var routedToQueue = new Dictionary<int, int>();
        foreach (var lead in handedOff.Where(l => l.Member != NameTable.None))
        {
            routedTo[(lead.Queue, lead.Member)] = routedTo.GetValueOrDefault((lead.Queue, lead.Member)) + 1;
            routedToQueue[lead.Queue] = routedToQueue.GetValueOrDefault(lead.Queue) + 1;
        }

        return new FindingEvidence
        {
            Routes = RouteRejections(handedOff),
            Breaches = Breaches(handedOff),
            Unowned = Unowned(),
            WindowEnd = _window.To,
            Intake = _intake,
            RouteHit = name => _intakeRoutes.Contains(_names.Find(name)),
            ReasonHit = code => _intakeReasons.Contains(_names.Find(code)),
            RoutedTo = (queue, member) => routedTo.GetValueOrDefault((_names.Find(queue), _names.Find(member))),
            RoutedToQueue = queue => routedToQueue.GetValueOrDefault(_names.Find(queue)),
        };
    }

    // Reasons with the same count keep the order they first appear in: leads by id, rejections in log order.
    private List<RouteRejections> RouteRejections(List<LeadSummary> handedOff)
    {
        const string none = "(none)";
        var (routes, placeholder) = (new Dictionary<int, (int Leads, int Rejections, Dictionary<int, (int Count, string FirstLead, int FirstIndex)> Reasons)>(), _names.Find(none));
        foreach (var lead in handedOff)
        {
            var key = KeyOf(lead.Route, placeholder);
            if (!routes.TryGetValue(key, out var route))
            {
                route = (0, 0, []);
            }

            route = (route.Leads + 1, route.Rejections + lead.Rejections, route.Reasons);
            routes[key] = route;
            for (var i = 0; i < (lead.MisrouteReasons?.Count ?? 0); i++)
            {
                var reason = lead.MisrouteReasons![i];
                route.Reasons[reason] = route.Reasons.TryGetValue(reason, out var seen)
                    ? (seen.Count + 1, Earlier(lead.LeadId, i, seen.FirstLead, seen.FirstIndex) ? lead.LeadId : seen.FirstLead, Earlier(lead.LeadId, i, seen.FirstLead, seen.FirstIndex) ? i : seen.FirstIndex)
                    : (1, lead.LeadId, i);
            }
        }

        return [.. ByName(routes, none)
            .Select(r => new RouteRejections(r.Name, r.Value.Leads, r.Value.Rejections, r.Value.Reasons.Values.Sum(x => x.Count),
            [.. r.Value.Reasons
                .OrderByDescending(x => x.Value.Count)
                .ThenBy(x => x.Value.FirstLead, StringComparer.Ordinal)
                .ThenBy(x => x.Value.FirstIndex)
                .Select(x => (_names.Name(x.Key), x.Value.Count))]))];
    }

    private static bool Earlier(string lead, int index, string firstLead, int firstIndex)
    {
        var order = string.CompareOrdinal(lead, firstLead);
        return order < 0 || (order == 0 && index < firstIndex);
    }

    // A breach while the lead waited for a free member is a breach of capacity; the queue is the one
    // the lead was in when its first SLA breached.
    private List<QueueBreaches> Breaches(List<LeadSummary> handedOff)
    {
        const string none = "(account owner)";
        var (queues, placeholder) = (new Dictionary<int, (int Breached, List<TimeSpan> Waits, int AtHandOff)>(), _names.Find(none));
        foreach (var lead in handedOff.Where(l => l.FirstBreach != LeadSummary.NoTime))
        {
            var breach = lead.FirstBreach;
            var queue = KeyOf(lead.OwnerAt(breach + 1, _ownerChanges).Queue, placeholder);
            if (!queues.TryGetValue(queue, out var q))
            {
                q = (0, [], 0);
            }

            q.Breached++;
            foreach (var (start, end) in lead.AllHolds(_holds))
            {
                if (start <= breach && (end is null || end >= breach))
                {
                    q.Waits.Add(TimeSpan.FromTicks((end ?? _end) - start));
                    q.AtHandOff += start == lead.RoutedAt ? 1 : 0;
                    break;
                }
            }

            queues[queue] = q;
        }

        return [.. ByName(queues, none)
            .Select(q => new QueueBreaches(q.Name, q.Value.Breached, q.Value.Waits, q.Value.AtHandOff))];
    }

    // Leads nobody owns when the window ends (still in the handoff, no member), per queue, oldest first.
    private List<UnownedLeads> Unowned()
    {
        const string none = "(account owner)";
        var (queues, placeholder) = (new Dictionary<int, (int Count, int Held, string Oldest, long Since)>(), _names.Find(none));
        foreach (var lead in _leads.Values.Where(l => l.Routed && l.RoutedAt < _end && !l.Closed))
        {
            var (queueId, member, since) = lead.OwnerAt(_end, _ownerChanges);
            if (member != NameTable.None)
            {
                continue;
            }

            var queue = KeyOf(queueId, placeholder);
            var held = lead.HoldStart != LeadSummary.NoTime ? 1 : 0;
            queues[queue] = queues.TryGetValue(queue, out var q)
                ? (q.Count + 1, q.Held + held,
                    since < q.Since || (since == q.Since && string.CompareOrdinal(lead.LeadId, q.Oldest) < 0) ? lead.LeadId : q.Oldest,
                    Math.Min(since, q.Since))
                : (1, held, lead.LeadId, since);
        }

        return [.. ByName(queues, none)
            .Select(q => new UnownedLeads(q.Name, q.Value.Count, q.Value.Held, q.Value.Oldest, new DateTimeOffset(q.Value.Since, TimeSpan.Zero)))];
    }
}
