using System.Globalization;
using HandoffRules.Model;

namespace HandoffRules.Reporting;

/// <summary>
/// Improve: what the data says to change, each with its evidence — sources rejected far above the
/// rest, misroute reasons concentrated on one route, SLA breaches that come from capacity, rules
/// never hit, members far from their fair share, leads nobody owns at the window's end.
/// </summary>
internal static class FindingRules
{
    private const int MinimumEvidence = 5;

    public static IReadOnlyList<Finding> Derive(HealthReport report, FindingEvidence evidence, PlaybookModel? playbook)
    {
        var findings = new List<Finding>();
        RejectedSources(report, findings);
        BreachedSlas(report, findings);
        MisroutedRoutes(evidence, findings);
        CapacityBreaches(evidence, findings);
        HeldTooLong(report, findings);
        Unowned(evidence, findings);
        if (playbook is not null)
        {
            NeverHit(playbook, evidence, findings);
            FairShare(playbook, evidence, findings);
        }

        return findings;
    }

    // A source whose leads are rejected at twice the rate of the other sources or more: its leads
    // are not what SDRs want.
    private static void RejectedSources(HealthReport report, List<Finding> findings)
    {
        var all = report.Overall;
        foreach (var source in report.BySource)
        {
            var f = source.Figures;
            var answered = f.Accepted + f.Rejected + f.Expired;
            var rate = Rate(f.Rejected, answered);
            var rest = Rate(all.Rejected - f.Rejected, all.Accepted + all.Rejected + all.Expired - answered);
            if (f.Rejected >= MinimumEvidence && rest > 0 && rate >= 2 * rest)
            {
                findings.Add(new Finding("source", source.Key,
                    $"Leads from {source.Key} are rejected far more than leads from other sources: tighten the definitions they qualify under, or score this source lower.",
                    $"{f.Rejected} of {answered} answered leads rejected ({P(rate)}) against {P(rest)} for the other sources."));
            }
        }
    }

    // An SLA breached far more than the others (twice their rate or more), or on most of its timers:
    // its time is too short for the hours its queues keep, or its queues are short of hands.
    private static void BreachedSlas(HealthReport report, List<Finding> findings)
    {
        foreach (var sla in report.Slas)
        {
            var rate = Rate(sla.Breached, sla.Started);
            var others = report.Slas.Where(s => s.Sla != sla.Sla).ToList();
            var rest = Rate(others.Sum(s => s.Breached), others.Sum(s => s.Started));
            if (sla.Breached >= MinimumEvidence && (rate >= 0.5 || (others.Count > 0 && rate >= 0.2 && rate >= 2 * rest)))
            {
                findings.Add(new Finding("sla", sla.Sla,
                    $"SLA '{sla.Sla}' is breached far more than the others: lengthen it to what the queues can keep, give its leads to more members, or check the hours it runs on.",
                    $"{sla.Breached} of {sla.Started} timers breached ({P(rate)})" + (others.Count > 0 ? $" against {P(rest)} for the other SLAs." : ".")));
            }
        }
    }

    // Misroute rejections piling up on one route: the route sends leads to the wrong place.
    private static void MisroutedRoutes(FindingEvidence evidence, List<Finding> findings)
    {
        foreach (var route in evidence.Routes)
        {
            if (route.Misroutes >= MinimumEvidence && route.Misroutes * 2 >= route.Rejections)
            {
                var reasons = string.Join(", ", route.Reasons.Select(r => $"{r.Reason} {r.Count}"));
                findings.Add(new Finding("route", route.Route,
                    $"Route '{route.Route}' is likely misrouting: most of its rejections say the lead belongs elsewhere. Check its territories and segments.",
                    $"{route.Misroutes} of {route.Rejections} rejections are misroutes ({reasons}) out of {route.Leads} leads."));
            }
        }
    }

    // Breaches on leads nobody could take (held unassigned) mean too few hands, not slow ones.
    // Leads that waited the whole maximum hold, or a pile still waiting: the team is short of capacity.
    private static void HeldTooLong(HealthReport report, List<Finding> findings)
    {
        var holds = report.Holds;
        if (holds.Expired > 0 || holds.HeldAtEnd >= MinimumEvidence)
        {
            findings.Add(new Finding("capacity", "held leads",
                "Leads waited in queues with every member at cap or away: add members, raise caps, or give the queues an overflow escalation.",
                $"{holds.Held} leads held, {holds.Expired} past the maximum hold, {holds.HeldAtEnd} still held at the window's end; the longest waited {Rendering.Format.Duration(holds.LongestHold)}."));
        }
    }

    // A breach while the lead waited for a free member (held: every member of its queue at cap, away
    // or inactive) is a breach of capacity, not of speed. When most of a queue's breached leads breached
    // that way, the fix is hands or caps, not chasing SDRs. A lead held for a minute at hand-off and
    // breached hours after a member took it is a slow touch, not a capacity breach.
    private static void CapacityBreaches(FindingEvidence evidence, List<Finding> findings)
    {
        foreach (var queue in evidence.Breaches)
        {
            var held = queue.HeldWaits.Count;
            if (held >= MinimumEvidence && held * 2 >= queue.Breached)
            {
                var waits = queue.HeldWaits.Order().ToList();
                var atHandOff = queue.HeldAtHandOff;
                findings.Add(new Finding("capacity", queue.Queue,
                    $"SLA breaches in '{queue.Queue}' come from capacity, not from slow SDRs: the leads were still waiting for a free member when their SLA ran out " +
                    "(every member at their daily cap, away or inactive). Raise caps, add members or working hours, or give the queue an overflow escalation.",
                    $"{held} of {queue.Breached} breached leads breached while held with nobody free ({atHandOff} held from hand-off, " +
                    $"{held - atHandOff} after a reassignment or escalation left them with nobody); they waited a median " +
                    $"{Rendering.Format.Duration(waits[(waits.Count - 1) / 2])}, the longest {Rendering.Format.Duration(waits[^1])}."));
            }
        }
    }

    // Leads nobody owns when the window ends — held for a free member, or left without one — are
    // leads no SDR is working: each one is worth a look, per queue, oldest first.
    private static void Unowned(FindingEvidence evidence, List<Finding> findings)
    {
        foreach (var queue in evidence.Unowned)
        {
            var (held, count) = (queue.Held, queue.Count);
            findings.Add(new Finding("unassigned", queue.Queue,
                $"{count} lead{(count == 1 ? "" : "s")} in '{queue.Queue}' had no owner at the window's end: no SDR is working {(count == 1 ? "it" : "them")}. " +
                $"Free a member (cap, time away) or route {(count == 1 ? "it" : "them")} by hand.",
                $"{held} held waiting for a free member, {count - held} unassigned with no hold; the oldest, {queue.OldestLead}, " +
                $"has waited {Rendering.Format.Duration(evidence.WindowEnd - queue.OldestSince)} (since {queue.OldestSince.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)."));
        }
    }

    private static void NeverHit(PlaybookModel playbook, FindingEvidence evidence, List<Finding> findings)
    {
        if (evidence.Intake == 0)
        {
            return;
        }

        foreach (var route in playbook.Routes.Where(r => !evidence.RouteHit(r.Name)))
        {
            findings.Add(new Finding("rule", route.Name, $"Route '{route.Name}' matched no lead: remove it, or check whether an earlier route takes its leads.",
                $"0 of {evidence.Intake} leads in the window."));
        }

        foreach (var code in playbook.Definitions.SelectMany(d => d.Disqualifiers).Select(d => d.Code).Distinct().Where(c => !evidence.ReasonHit(c)))
        {
            findings.Add(new Finding("rule", code, $"Disqualifier {code} took out no lead: it may be dead, or its condition may never hold.",
                $"0 of {evidence.Intake} leads in the window."));
        }
    }

    // Members far from the share their queue's distribution gives them (weights, among active members).
    private static void FairShare(PlaybookModel playbook, FindingEvidence evidence, List<Finding> findings)
    {
        foreach (var queue in playbook.Queues)
        {
            var inQueue = evidence.RoutedToQueue(queue.Name);
            var active = queue.Members.Where(m => playbook.FindMember(m.MemberId)?.Active == true).ToList();
            var weights = active.Sum(m => m.Weight);
            if (inQueue < 20 || weights == 0)
            {
                continue;
            }

            foreach (var member in active)
            {
                var expected = (double)inQueue * member.Weight / weights;
                var actual = evidence.RoutedTo(queue.Name, member.MemberId);
                if (Math.Abs(actual - expected) >= Math.Max(MinimumEvidence, 0.3 * expected))
                {
                    findings.Add(new Finding("share", member.MemberId,
                        $"{member.MemberId} got {(actual > expected ? "more" : "fewer")} leads than a fair share of '{queue.Name}': check caps, working hours and time away.",
                        $"{actual} of {inQueue} leads, against about {expected.ToString("0", CultureInfo.InvariantCulture)} by weight."));
                }
            }
        }
    }

    private static double Rate(int a, int b) => b == 0 ? 0 : (double)a / b;

    private static string P(double rate) => rate.ToString("0.0%", CultureInfo.InvariantCulture);
}
