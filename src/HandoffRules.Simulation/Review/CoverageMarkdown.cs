using System.Globalization;
using System.Text;

namespace HandoffRules.Simulation.Review;

/// <summary>
/// Coverage as GitHub-flavoured markdown, for a pull-request comment or a CI job summary: the total,
/// the rules the change left unreached, the rules never reached, what routing cannot reach by design,
/// and the hits per kind.
/// </summary>
public static class CoverageMarkdown
{
    /// <summary>Renders the coverage.</summary>
    /// <param name="coverage">The coverage, compared with a baseline or not.</param>
    /// <param name="baseline">The baseline's file name, as the reader knows it; null when not compared.</param>
    public static string Render(RuleCoverage coverage, string? baseline)
    {
        var md = new StringBuilder();
        md.Append("### handoff coverage\n\n");
        md.Append("**").Append(Cell(coverage.Summary)).Append("**\n");
        if (baseline is not null)
        {
            md.Append("\nCompared ").Append(N(coverage.Leads)).Append(" leads with `").Append(baseline.Replace("`", "'", StringComparison.Ordinal)).Append("`.\n");
        }

        var newly = coverage.NewlyUnreached.ToList();
        if (newly.Count > 0)
        {
            md.Append("\n#### Rules newly unreached by this change\n\n| Kind | Rule | Leads before | Leads now |\n|---|---|---:|---:|\n");
            foreach (var entry in newly)
            {
                md.Append("| ").Append(entry.Kind).Append(" | :warning: ").Append(Cell(entry.Name)).Append(" | ").Append(N(entry.BaselineHits ?? 0)).Append(" | 0 |\n");
            }
        }

        var never = coverage.NeverReached.Where(e => !e.NewlyUnreached).ToList();
        if (never.Count > 0)
        {
            md.Append("\n#### Never reached\n\n| Kind | Rule |\n|---|---|\n");
            foreach (var entry in never)
            {
                md.Append("| ").Append(entry.Kind).Append(" | ").Append(Cell(entry.Name)).Append(" |\n");
            }
        }

        var byDesign = coverage.Entries.Where(e => e.Hits == 0 && e.Note is not null && !e.NewlyUnreached).ToList();
        if (byDesign.Count > 0)
        {
            md.Append("\n#### Not reached by routing, by design\n\n| Kind | Rule | Why |\n|---|---|---|\n");
            foreach (var entry in byDesign)
            {
                md.Append("| ").Append(entry.Kind).Append(" | ").Append(Cell(entry.Name)).Append(" | ").Append(Cell(entry.Note!)).Append(" |\n");
            }
        }

        md.Append("\n<details><summary>Hits per rule</summary>\n\n| Kind | Rule | Leads |").Append(coverage.Compared ? " Baseline |" : "")
            .Append("\n|---|---|---:|").Append(coverage.Compared ? "---:|" : "").Append('\n');
        foreach (var entry in coverage.Entries.OrderBy(e => RuleCoverage.IndexOf(e.Kind)))
        {
            md.Append("| ").Append(entry.Kind).Append(" | ").Append(Cell(entry.Name)).Append(" | ").Append(N(entry.Hits)).Append(" |");
            if (coverage.Compared)
            {
                md.Append(' ').Append(N(entry.BaselineHits ?? 0)).Append(" |");
            }

            md.Append('\n');
        }

        md.Append("\n</details>\n");
        return md.ToString();
    }

    // A table cell cannot hold a pipe or a line break.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
