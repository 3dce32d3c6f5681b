using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>
/// HR1005 for names: a name declared or referred to with whitespace at its start or end, or an
/// empty one (see <see cref="Names"/>). Both sides read names verbatim — the analyzers from the
/// constants, the validator from the model the DSL built without trimming — so they report the
/// same sites.
/// </summary>
internal static class NameFormChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        var check = new Checker(outline, findings);
        foreach (var definition in outline.Definitions)
        {
            var subject = $"Definition '{definition.Shown}'";
            check.Declared("definition", definition);
            check.Reference(subject, "definition", definition.Extends);
            check.References(subject, "definition", definition.MeetsAny);
            check.Reference(subject, "lifecycle stage", definition.Stage);
        }

        var lifecycle = outline.Lifecycle;
        foreach (var stage in lifecycle.Stages)
        {
            check.Declared("lifecycle stage", stage);
        }

        foreach (var status in lifecycle.Statuses)
        {
            check.Declared("lead status", status);
        }

        check.Reference("The lifecycle's initial status", "lead status", lifecycle.InitialStatus);
        foreach (var transition in lifecycle.Transitions)
        {
            check.Reference("A lifecycle transition", "lead status", transition.From);
            check.Reference("A lifecycle transition", "lead status", transition.To);
        }

        foreach (var action in lifecycle.ActionStatuses)
        {
            check.Reference($"SDR action {action.Action}", "lead status", action.Status);
            check.Reference($"SDR action {action.Action}", "lifecycle stage", action.Stage);
        }

        foreach (var territory in outline.Territories)
        {
            check.Declared("territory", territory);
        }

        foreach (var segment in outline.Segments)
        {
            check.Declared("segment", segment);
        }

        foreach (var member in outline.Members)
        {
            check.Declared("member", member);
        }

        foreach (var queue in outline.Queues)
        {
            check.Declared("queue", queue);
            check.References($"Queue '{queue.Shown}'", "member", queue.Members);
        }

        foreach (var account in outline.Accounts)
        {
            check.Declared("account", account);
            check.Reference($"Account '{account.Shown}'", "member", account.Owner);
            check.Reference($"Account '{account.Shown}'", "parent account", account.Parent);
            check.Reference($"Account '{account.Shown}'", "segment", account.Segment);
            check.Reference($"Account '{account.Shown}'", "territory", account.Territory);
        }

        foreach (var route in outline.Routes)
        {
            var subject = $"Route '{route.Shown}'";
            check.Declared("route", route);
            check.References(subject, "definition", route.Definitions?.Values);
            check.References(subject, "territory", route.Territories?.Values);
            check.References(subject, "segment", route.Segments?.Values);
            check.Reference(subject, "queue", route.Queue);
            check.Reference(subject, "backup queue", route.BackupQueue);
        }

        check.Reference("The fallback", "queue", outline.FallbackQueue);
        foreach (var escalation in outline.Escalations)
        {
            var subject = $"Escalation '{escalation.Shown}'";
            check.Declared("escalation", escalation);
            check.References(subject, "queue", escalation.FromQueues);
            check.Reference(subject, "queue", escalation.ToQueue);
        }

        foreach (var trigger in outline.Triggers)
        {
            check.Declared("trigger", trigger);
            check.References($"Trigger '{trigger.Shown}'", "SLA", trigger.StartsSlas);
        }

        foreach (var sla in outline.Slas)
        {
            check.Declared("SLA", sla);
            check.References($"SLA '{sla.Shown}'", "escalation", sla.EscalationRefs);
        }

        foreach (var reason in outline.Reasons)
        {
            var kind = reason.Kind == ReasonKind.Reject ? "reject reason" : "recycle reason";
            check.Declared(kind + " code", reason);
            check.Reference($"{(reason.Kind == ReasonKind.Reject ? "Reject" : "Recycle")} reason '{reason.Shown}'", "nurture track", reason.NurtureTrack);
        }

        foreach (var track in outline.NurtureTracks)
        {
            check.Declared("nurture track", track);
        }
    }

    private sealed class Checker
    {
        private readonly PlaybookOutline _outline;
        private readonly List<CheckFinding> _findings;

        public Checker(PlaybookOutline outline, List<CheckFinding> findings)
        {
            _outline = outline;
            _findings = findings;
        }

        public void Declared(string kind, OutlineItem item)
        {
            if (item.Written is { } written && Names.Problem(written) is { } problem)
            {
                Report(item.Site, $"The {kind} name '{item.Shown}' {problem}");
            }
        }

        public void References(string subject, string kind, IEnumerable<OutlineRef>? references)
        {
            foreach (var reference in references ?? [])
            {
                Reference(subject, kind, reference);
            }
        }

        public void Reference(string subject, string kind, OutlineRef? reference)
        {
            if (reference?.Written is { } written && Names.Problem(written) is { } problem)
            {
                Report(reference.Site, $"{subject} refers to {kind} '{reference.Shown}', whose name {problem}");
            }
        }

        private void Report(object? site, string message) =>
            _findings.Add(new CheckFinding(CheckRules.InvalidValue, site, [], _outline.Name, message));
    }
}
