using System.Collections.Generic;
using System.Linq;

namespace HandoffRules.Checks;

/// <summary>
/// HR3003: an SLA whose breach action is <c>Escalate()</c> without a name moves the lead along the
/// escalation declared for its queue — one naming the queue in <c>From(...)</c>, else one without
/// <c>From(...)</c>. A queue leads are handed to (a route's queue or backup queue, the fallback)
/// that no escalation covers, or a lead given to an account owner (it has no queue) when no
/// escalation covers every queue, makes that breach a log line: the lead stays where it is.
/// Escalation targets are left out: they are the end of the line.
/// </summary>
internal static class EscalationCoverageChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        // Escalations the analysis cannot read may cover anything.
        if (!outline.Complete || outline.Escalations.Any(e => e.FromQueues.Count == 0 || e.FromQueues.Any(q => q.Value is null)))
        {
            return;
        }

        var covered = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var escalation in outline.Escalations)
        {
            foreach (var from in escalation.FromQueues)
            {
                covered.Add(from.Value!);
            }
        }

        var uncovered = new List<OutlineRef>();
        var owner = false;
        foreach (var route in outline.Routes)
        {
            owner |= route.ToAccountOwner && route.BackupQueue is null;
            Add(route.Queue);
            Add(route.BackupQueue);
        }

        Add(outline.FallbackQueue);
        if (uncovered.Count == 0 && !owner)
        {
            return;
        }

        var parts = new List<string>();
        if (owner)
        {
            parts.Add("leads with an account owner");
        }

        if (uncovered.Count > 0)
        {
            parts.Add((uncovered.Count == 1 ? "queue " : "queues ") + string.Join(", ", uncovered.Select(q => "'" + q.Shown + "'")));
        }

        var what = string.Join(" and ", parts);
        foreach (var sla in outline.Slas)
        {
            foreach (var site in sla.QueueEscalations)
            {
                findings.Add(new CheckFinding(CheckRules.EscalationNotCovering, site, [], sla.Shown, what));
            }
        }

        void Add(OutlineRef? queue)
        {
            if (queue?.Value is { } name && !covered.Contains(name) && !uncovered.Any(q => q.Value == name))
            {
                uncovered.Add(queue);
            }
        }
    }
}
