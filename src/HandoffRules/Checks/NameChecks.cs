using System;
using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>
/// HR1003: a name declared twice. Names are compared ignoring case, because "NA West" and
/// "na west" would read as one rule in a report and confuse every SDR action that names it.
/// </summary>
internal static class NameChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        Check("definition", outline.Definitions, findings);
        Check("lifecycle stage", outline.Lifecycle.Stages, findings);
        Check("lead status", outline.Lifecycle.Statuses, findings);
        Check("territory", outline.Territories, findings);
        Check("segment", outline.Segments, findings);
        Check("member", outline.Members, findings);
        Check("queue", outline.Queues, findings);
        Check("account", outline.Accounts, findings);
        Check("route", outline.Routes, findings);
        Check("escalation", outline.Escalations, findings);
        Check("trigger", outline.Triggers, findings);
        Check("SLA", outline.Slas, findings);
        Check("nurture track", outline.NurtureTracks, findings);
        var reject = new List<OutlineReason>();
        var recycle = new List<OutlineReason>();
        foreach (var reason in outline.Reasons)
        {
            (reason.Kind == ReasonKind.Reject ? reject : recycle).Add(reason);
        }

        Check("reject reason", reject, findings);
        Check("recycle reason", recycle, findings);
    }

    private static void Check<T>(string kind, IEnumerable<T> items, List<CheckFinding> findings)
        where T : OutlineItem
    {
        var seen = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items)
        {
            if (item.Name is null)
            {
                continue;
            }

            if (seen.TryGetValue(item.Name, out var first))
            {
                findings.Add(new CheckFinding(CheckRules.DuplicateName, item.Site, [first.Site], kind, item.Shown));
            }
            else
            {
                seen.Add(item.Name, item);
            }
        }
    }
}
