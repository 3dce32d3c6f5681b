using System.Globalization;
using System.Text;

namespace HandoffRules.Simulation.Review;

/// <summary>
/// A plan as GitHub-flavoured markdown, for a pull-request comment or a CI job summary: the total,
/// each group of policy changes with what its leads share and why, the fields that changed, the load
/// per queue and route, the rules the change left unreached, and distribution effects as per-member load only.
/// </summary>
public static class PlanMarkdown
{
    /// <summary>Renders the plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="baseline">The baseline's file name, as the reader knows it.</param>
    /// <param name="limit">How many groups to list (the rest are counted).</param>
    public static string Render(RoutingPlan plan, string baseline, int limit = 20)
    {
        var md = new StringBuilder();
        md.Append("### handoff plan\n\n");
        md.Append("**").Append(Cell(plan.Summary)).Append("**\n\n");
        md.Append("Compared ").Append(N(plan.Leads)).Append(" leads with `").Append(baseline.Replace("`", "'", StringComparison.Ordinal)).Append("`.\n");
        if (!plan.HasChanges)
        {
            return md.ToString();
        }

        if (plan.Groups.Count > 0)
        {
            md.Append("\n#### Policy changes\n\n| Leads | Before | Now | What they share | Why | Changes |\n|---:|---|---|---|---|---|\n");
            foreach (var group in plan.Groups.Take(limit))
            {
                md.Append("| ").Append(N(group.Leads))
                    .Append(" | ").Append(Cell($"{group.From} ({group.FromRule})"))
                    .Append(" | ").Append(Cell($"{group.To} ({group.ToRule})"))
                    .Append(" | ").Append(Cell(group.Common.Count == 0 ? "–" : string.Join(", ", group.Common.Select(t => $"{t.Field} {t.Value}"))))
                    .Append(" | ").Append(Cell(group.Why))
                    .Append(" | ").Append(Cell(string.Join("; ", group.Changes)))
                    .Append(" |\n");
            }

            if (plan.Groups.Count > limit)
            {
                md.Append("\n… and ").Append(N(plan.Groups.Count - limit)).Append(" smaller groups (").Append(N(plan.Groups.Skip(limit).Sum(g => g.Leads))).Append(" leads); `--json` lists them all.\n");
            }
        }

        if (plan.FieldChanges.Count > 0)
        {
            md.Append("\n#### Fields changed\n\n| Field | Leads | Most frequent |\n|---|---:|---|\n");
            foreach (var field in plan.FieldChanges.Where(f => f.Field != "member"))
            {
                md.Append("| ").Append(field.Field).Append(" | ").Append(N(field.Leads)).Append(" | ")
                    .Append(Cell(string.Join("; ", field.Top.Select(v => $"{v.From} → {v.To} ({N(v.Leads)})")))).Append(" |\n");
            }
        }

        Loads(md, "Load by queue", "Queue", plan.QueueLoad);
        Loads(md, "Hits by route", "Route", [.. plan.RouteHits.Where(r => r.Change != 0)]);
        if (plan.NewlyUnreached.Count > 0)
        {
            md.Append("\n#### Rules newly unreached\n\n");
            foreach (var entry in plan.NewlyUnreached)
            {
                md.Append("- :warning: ").Append(entry.Kind).Append(" '").Append(Cell(entry.Name)).Append("' was reached by ")
                    .Append(N(entry.BaselineHits ?? 0)).Append(" leads before and by none now\n");
            }
        }

        // A route gone from the playbook is no longer a rule; its leads show in the tables above.
        var removed = plan.DeadRoutes.Where(r => !plan.NewlyUnreached.Any(e => e.Kind == "route" && e.Name == r)).ToList();
        if (removed.Count > 0)
        {
            md.Append('\n');
            foreach (var route in removed)
            {
                md.Append("- route '").Append(Cell(route)).Append("' matched leads before and is no longer in the playbook\n");
            }
        }

        if (plan.MemberLoad.Count > 0 || plan.MemberChanges > 0)
        {
            md.Append("\n#### Distribution effects\n\n")
                .Append(N(plan.MemberChanges)).Append(" leads stay in their queue with another member: distribution shifting as the leads above come and go, not a policy change.\n");
            Loads(md, null, "Member", plan.MemberLoad);
        }

        return md.ToString();
    }

    private static void Loads(StringBuilder md, string? title, string column, IReadOnlyList<LoadChange> loads)
    {
        if (loads.Count == 0)
        {
            return;
        }

        md.Append('\n');
        if (title is not null)
        {
            md.Append("#### ").Append(title).Append("\n\n");
        }

        md.Append("| ").Append(column).Append(" | Before | After | Change |\n|---|---:|---:|---:|\n");
        foreach (var load in loads.OrderByDescending(l => Math.Abs(l.Change)).ThenBy(l => l.Name, StringComparer.Ordinal))
        {
            md.Append("| ").Append(Cell(load.Name)).Append(" | ").Append(N(load.Before)).Append(" | ").Append(N(load.After))
                .Append(" | ").Append(load.Change > 0 ? "+" + N(load.Change) : N(load.Change)).Append(" |\n");
        }
    }

    // A table cell cannot hold a pipe or a line break.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
