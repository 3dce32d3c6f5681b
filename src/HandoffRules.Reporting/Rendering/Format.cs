using System.Globalization;

namespace HandoffRules.Reporting.Rendering;

/// <summary>How figures read in every rendering: invariant, percentages with one decimal, durations in words.</summary>
public static class Format
{
    /// <summary>"71.3%" or "–".</summary>
    public static string Percent(double? rate) => rate is null ? "–" : rate.Value.ToString("0.0%", CultureInfo.InvariantCulture);

    /// <summary>"1,234".</summary>
    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"42 min", "3.5 h", "2.1 d" or "–".</summary>
    public static string Duration(TimeSpan? span) => span switch
    {
        null => "–",
        { TotalMinutes: < 90 } s => s.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min",
        { TotalHours: < 36 } s => s.TotalHours.ToString("0.0", CultureInfo.InvariantCulture) + " h",
        var s => s.Value.TotalDays.ToString("0.0", CultureInfo.InvariantCulture) + " d",
    };

    /// <summary>A time to first touch: "42 min", "> 2.3 d" (not yet touched at the window's end) or "–".</summary>
    public static string Touch(TouchTime? time) => time?.ToString() ?? "–";

    /// <summary>A signed change: "+3", "−2", "0", or "–" when there is nothing to compare with.</summary>
    public static string Change(int? n) => n switch
    {
        null => "–",
        > 0 => "+" + Count(n.Value),
        < 0 => "−" + Count(-n.Value),
        _ => "0",
    };

    /// <summary>A previous window's count, or "no previous data" when the log has none for it.</summary>
    public static string Previous(int? n) => n is null ? "no previous data" : Count(n.Value);
}
