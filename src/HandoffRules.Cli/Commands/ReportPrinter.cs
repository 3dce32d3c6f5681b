using HandoffRules.Reporting;
using HandoffRules.Reporting.Rendering;
using Spectre.Console;

namespace HandoffRules.Cli.Commands;

/// <summary>The health report on the console: the summary, splits, reasons, SLAs and findings.</summary>
internal static class ReportPrinter
{
    public static void Print(Terminal terminal, HealthReport report)
    {
        var text = terminal.Output;
        var o = report.Overall;
        text.WriteLine($"Handoff health, {report.Window}{(report.Playbook is null ? "" : $" — {report.Playbook}")}");
        text.WriteLine($"  handed off {Format.Count(o.HandedOff)} of {Format.Count(report.Ingested)} ingested ({Format.Count(report.Disqualified)} disqualified, {Format.Count(report.Duplicates)} duplicates: {Format.Percent(report.DuplicateRate)})");
        text.WriteLine($"  time to first touch, wall clock: median {Format.Touch(o.FirstTouchMedian)}, p90 {Format.Touch(o.FirstTouchP90)}; " +
            $"business hours of the queue: median {Format.Touch(o.BusinessFirstTouchMedian)}, p90 {Format.Touch(o.BusinessFirstTouchP90)}; " +
            $"{Format.Count(o.Untouched)} untouched (counted as not yet touched at the window's end: \"> \" marks a percentile that falls on one)");
        text.WriteLine($"  acceptance {Format.Percent(o.AcceptanceRate)} ({o.Accepted} accepted, {o.Rejected} rejected, {o.Expired} expired) · meetings {Format.Percent(o.MeetingRate)} · recycle {Format.Percent(o.RecycleRate)} · misroute {Format.Percent(o.MisrouteRate)} · SLA breaches {Format.Percent(o.SlaBreachRate)}");
        var holds = report.Holds;
        text.WriteLine($"  held with nobody free: {Format.Count(holds.Held)} ({Format.Count(holds.Offered)} offered, {Format.Count(holds.Expired)} past the maximum hold, {Format.Count(holds.HeldAtEnd)} still held at the end); longest hold {Format.Duration(holds.LongestHold)}{(holds.LongestHeldLead is null ? "" : $" ({holds.LongestHeldLead})")}");
        text.WriteLine();

        Splits(terminal, "By source", report.BySource);
        Splits(terminal, "By segment", report.BySegment);
        Splits(terminal, "By queue", report.ByQueue);
        Splits(terminal, "By route (the rule that routed the lead)", report.ByRoute);
        if (report.ByPlaybookVersion.Count > 0)
        {
            Splits(terminal, "By playbook version", report.ByPlaybookVersion);
        }

        var slas = new Table().Title("SLAs").AddColumns("SLA", "Started", "Breached", "Late", "Breach rate");
        foreach (var sla in report.Slas)
        {
            slas.AddRow(Markup.Escape(sla.Sla), Format.Count(sla.Started), Format.Count(sla.Breached), Format.Count(sla.Late), Format.Percent(sla.BreachRate));
        }

        terminal.Ansi.Write(slas);
        var reasons = new Table().Title("Top reject reasons").AddColumns("Reason", "Now", "Previous window", "Change", "Mostly from (source / segment)");
        foreach (var reason in report.RejectReasons)
        {
            reasons.AddRow(Markup.Escape(reason.Reason), Format.Count(reason.Count), Format.Previous(reason.Previous), Format.Change(reason.Change),
                Markup.Escape(string.Join("; ", reason.By.Take(3).Select(b => $"{b.Source} / {b.Segment} ({b.Count})"))));
        }

        terminal.Ansi.Write(reasons);
        text.WriteLine(report.Findings.Count == 0 ? "What to improve: nothing stands out this window." : "What to improve:");
        foreach (var finding in report.Findings)
        {
            text.WriteLine($"  • {finding.Message}");
            text.WriteLine($"    {finding.Evidence}");
        }
    }

    private static void Splits(Terminal terminal, string title, IReadOnlyList<SplitFigures> splits)
    {
        var table = new Table().Title(title).AddColumns("", "Handed off", "First touch, wall (median / p90)", "First touch, business hours", "Untouched", "Accept", "Meetings", "Recycle", "Misroute", "SLA breach");
        foreach (var split in splits)
        {
            var f = split.Figures;
            table.AddRow(Markup.Escape(split.Key), Format.Count(f.HandedOff), $"{Format.Touch(f.FirstTouchMedian)} / {Format.Touch(f.FirstTouchP90)}", $"{Format.Touch(f.BusinessFirstTouchMedian)} / {Format.Touch(f.BusinessFirstTouchP90)}",
                Format.Count(f.Untouched), Format.Percent(f.AcceptanceRate), Format.Percent(f.MeetingRate), Format.Percent(f.RecycleRate), Format.Percent(f.MisrouteRate), Format.Percent(f.SlaBreachRate));
        }

        terminal.Ansi.Write(table);
    }
}
