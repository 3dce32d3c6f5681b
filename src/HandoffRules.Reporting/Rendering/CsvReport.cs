using System.Globalization;
using System.Text;
using CsvHelper;

namespace HandoffRules.Reporting.Rendering;

/// <summary>The report as CSV files for spreadsheets: one file per table, invariant numbers, rates as fractions.</summary>
public static class CsvReport
{
    /// <summary>Writes the files into <paramref name="folder"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(HealthReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>
        {
            Table(folder, "summary.csv", [Row(new Dictionary<string, object?>
            {
                ["window_from"] = report.Window.From.ToString("O", CultureInfo.InvariantCulture),
                ["window_to"] = report.Window.To.ToString("O", CultureInfo.InvariantCulture),
                ["ingested"] = report.Ingested,
                ["disqualified"] = report.Disqualified,
                ["duplicates"] = report.Duplicates,
                ["duplicate_rate"] = report.DuplicateRate,
            }, Columns(report.Overall))]),
        };
        foreach (var (name, splits) in new[] { ("source", report.BySource), ("segment", report.BySegment), ("queue", report.ByQueue), ("member", report.ByMember), ("route", report.ByRoute), ("playbook_version", report.ByPlaybookVersion) })
        {
            if (name == "playbook_version" && splits.Count == 0)
            {
                // Written only when the report was asked to split by version.
                continue;
            }

            files.Add(Table(folder, $"by_{name}.csv", [.. splits.Select(s => Row(new Dictionary<string, object?> { [name] = s.Key }, Columns(s.Figures)))]));
        }

        files.Add(Table(folder, "sla.csv", [.. report.Slas.Select(s => new Dictionary<string, object?>
        {
            ["sla"] = s.Sla, ["started"] = s.Started, ["breached"] = s.Breached, ["late"] = s.Late, ["breach_rate"] = s.BreachRate,
        })]));
        files.Add(Table(folder, "holds.csv", [new Dictionary<string, object?>
        {
            ["held"] = report.Holds.Held, ["offered"] = report.Holds.Offered, ["expired"] = report.Holds.Expired, ["held_at_end"] = report.Holds.HeldAtEnd,
            ["longest_hold_minutes"] = report.Holds.LongestHold is { } longest ? Math.Round(longest.TotalMinutes, 1) : null, ["longest_held_lead"] = report.Holds.LongestHeldLead,
        }]));
        files.Add(Table(folder, "reject_reasons.csv", [.. report.RejectReasons.SelectMany(r => r.By.Select(b => new Dictionary<string, object?>
        {
            ["reason"] = r.Reason, ["source"] = b.Source, ["segment"] = b.Segment, ["count"] = b.Count, ["reason_total"] = r.Count, ["previous_window"] = r.Previous, ["change"] = r.Change,
        }))]));
        files.Add(Table(folder, "trend.csv", [.. report.Trend.Select(t => new Dictionary<string, object?>
        {
            ["start"] = t.Start.ToString("O", CultureInfo.InvariantCulture), ["handed_off"] = t.HandedOff, ["acceptance_rate"] = t.AcceptanceRate,
            ["recycle_rate"] = t.RecycleRate, ["sla_breach_rate"] = t.SlaBreachRate, ["answered"] = t.Answered,
        })]));
        files.Add(Table(folder, "first_touch.csv", [.. report.FirstTouch.Select(b => new Dictionary<string, object?> { ["bucket"] = b.Label, ["leads"] = b.Leads })]));
        files.Add(Table(folder, "findings.csv", [.. report.Findings.Select(f => new Dictionary<string, object?>
        {
            ["kind"] = f.Kind, ["subject"] = f.Subject, ["message"] = f.Message, ["evidence"] = f.Evidence,
        })]));
        return files;
    }

    private static IEnumerable<KeyValuePair<string, object?>> Columns(HealthFigures f) =>
    [
        new("handed_off", f.HandedOff), new("touched", f.Touched), new("untouched", f.Untouched),
        // Both clocks, named: the wall clock, and the business hours of the lead's queue (the SLAs' clock).
        // A censored value is a lead not yet touched at the window's end: the real time is longer.
        new("first_touch_wall_median_minutes", Minutes(f.FirstTouchMedian)), new("first_touch_wall_median_censored", f.FirstTouchMedian?.Censored),
        new("first_touch_wall_p90_minutes", Minutes(f.FirstTouchP90)), new("first_touch_wall_p90_censored", f.FirstTouchP90?.Censored),
        new("first_touch_business_hours_median_minutes", Minutes(f.BusinessFirstTouchMedian)), new("first_touch_business_hours_median_censored", f.BusinessFirstTouchMedian?.Censored),
        new("first_touch_business_hours_p90_minutes", Minutes(f.BusinessFirstTouchP90)), new("first_touch_business_hours_p90_censored", f.BusinessFirstTouchP90?.Censored),
        new("accepted", f.Accepted), new("rejected", f.Rejected), new("expired", f.Expired), new("acceptance_rate", f.AcceptanceRate),
        new("meetings", f.Meetings), new("meeting_rate", f.MeetingRate), new("recycled", f.Recycled), new("recycle_rate", f.RecycleRate),
        new("misrouted", f.Misrouted), new("misroute_rate", f.MisrouteRate), new("sla_started", f.SlaStarted), new("sla_breached", f.SlaBreached),
        new("sla_breach_rate", f.SlaBreachRate),
    ];

    private static double? Minutes(TouchTime? time) => time is null ? null : Math.Round(time.Value.TotalMinutes, 1);

    private static Dictionary<string, object?> Row(Dictionary<string, object?> first, IEnumerable<KeyValuePair<string, object?>> more)
    {
        foreach (var (key, value) in more)
        {
            first[key] = value;
        }

        return first;
    }

    private static string Table(string folder, string name, IReadOnlyList<Dictionary<string, object?>> rows)
    {
        var path = Path.Combine(folder, name);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        if (rows.Count == 0)
        {
            return path;
        }

        foreach (var column in rows[0].Keys)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        foreach (var row in rows)
        {
            foreach (var value in row.Values)
            {
                csv.WriteField(value switch
                {
                    double d => d.ToString("0.######", CultureInfo.InvariantCulture),
                    bool b => b ? "true" : "false",
                    null => "",
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture),
                });
            }

            csv.NextRecord();
        }

        return path;
    }
}
