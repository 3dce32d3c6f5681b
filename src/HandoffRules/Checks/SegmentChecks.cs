using System.Collections.Generic;
using System.Globalization;

namespace HandoffRules.Checks;

/// <summary>
/// HR2002 (segment bands overlap) and HR2003 (segment bands leave a gap). Each measure is checked
/// on its own: employees from 1 up, annual revenue from 0 up, both open-ended at the top.
/// </summary>
internal static class SegmentChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        if (outline.Segments.Exists(s => !s.BandsKnown))
        {
            return;
        }

        Check("employees", 1, outline.Segments, s => s.Employees, findings);
        Check("annual revenue", 0, outline.Segments, s => s.Revenue, findings);
    }

    private static void Check(string measure, long lowest, List<OutlineSegment> segments, System.Func<OutlineSegment, OutlineBand?> band, List<CheckFinding> findings)
    {
        var bands = new List<(OutlineSegment Segment, OutlineBand Band)>();
        foreach (var segment in segments)
        {
            if (band(segment) is { } b)
            {
                bands.Add((segment, b));
            }
        }

        if (bands.Count == 0)
        {
            return;
        }

        bands.Sort((x, y) => x.Band.Min.CompareTo(y.Band.Min));
        if (bands[0].Band.Min > lowest)
        {
            findings.Add(new CheckFinding(CheckRules.SegmentGap, bands[0].Band.Site, [], measure, Range(lowest, bands[0].Band.Min - 1)));
        }

        // "reach" is the band reaching furthest so far: a later band starting inside it overlaps.
        var reach = bands[0];
        for (var i = 1; i < bands.Count; i++)
        {
            var current = bands[i];
            var reachMax = reach.Band.Max;
            if (reachMax is null || current.Band.Min <= reachMax.Value)
            {
                findings.Add(new CheckFinding(CheckRules.SegmentOverlap, current.Band.Site, [reach.Band.Site],
                    current.Segment.Name ?? "?", measure, Range(current.Band.Min, current.Band.Max), reach.Segment.Name ?? "?", Range(reach.Band.Min, reach.Band.Max)));
            }
            else if (current.Band.Min > reachMax.Value + 1)
            {
                findings.Add(new CheckFinding(CheckRules.SegmentGap, current.Band.Site, [reach.Band.Site], measure, Range(reachMax.Value + 1, current.Band.Min - 1)));
            }

            if (reachMax is not null && (current.Band.Max is null || current.Band.Max > reachMax))
            {
                reach = current;
            }
        }

        if (reach.Band.Max is { } top)
        {
            findings.Add(new CheckFinding(CheckRules.SegmentGap, reach.Band.Site, [], measure, Range(top + 1, null)));
        }
    }

    /// <summary>A band as a reader writes it: "200–999", "1,000+", and a single value as itself: "200".</summary>
    public static string Range(long min, long? max) =>
        max is null
            ? min.ToString("N0", CultureInfo.InvariantCulture) + "+"
            : max.Value == min
                ? min.ToString("N0", CultureInfo.InvariantCulture)
                : min.ToString("N0", CultureInfo.InvariantCulture) + "–" + max.Value.ToString("N0", CultureInfo.InvariantCulture);
}
