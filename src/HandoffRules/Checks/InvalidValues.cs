using System.Globalization;

namespace HandoffRules.Checks;

/// <summary>
/// The messages for values the DSL cannot represent (HR1005), shared by the DSL — which throws
/// them while a playbook is built — and the analyzers, which report them at compile time.
/// </summary>
internal static class InvalidValues
{
    public static string Band(string segment, string measure, long min, long? max) =>
        $"Segment '{segment}' has {measure} band {min.ToString(CultureInfo.InvariantCulture)}–{(max is null ? "" : max.Value.ToString(CultureInfo.InvariantCulture))}: the minimum must be at least 0 and not above the maximum";

    public static string Weight(string queue, string member, int weight) =>
        $"Queue '{queue}' gives member '{member}' weight {weight.ToString(CultureInfo.InvariantCulture)}; weights start at 1";

    public static string Date(string owner, string text) =>
        $"{owner}: '{text}' is not a date written as yyyy-MM-dd";

    public static string SlaLimit(string sla) =>
        $"SLA '{sla}' has no time limit: give Within(hours:, minutes:) a positive value";

    public static string MaxHold(string playbook) =>
        $"Playbook '{playbook}' holds leads at most no time: give HoldAtMost(hours:, minutes:) a positive value";

    public static string TimeZone(string owner, string id) =>
        $"{owner}: '{id}' is not a known time zone; use an IANA id such as 'America/New_York'";

    public static string Hours(string owner, int from, int to) =>
        $"{owner}: hours {from.ToString(CultureInfo.InvariantCulture)}–{to.ToString(CultureInfo.InvariantCulture)} are not a day's opening hours (0 ≤ from < to ≤ 24)";

    public static string SlackId(string owner, string id) =>
        $"{owner}: '{id}' is not a Slack member id (U or W followed by capital letters and digits, as Slack's profile menu 'Copy member ID' gives it)";

    // Slack member ids: U… for users, W… for Enterprise Grid users; the analyzers share this check.
    public static bool IsSlackId(string id)
    {
        if (id.Length < 3 || (id[0] != 'U' && id[0] != 'W'))
        {
            return false;
        }

        for (var i = 1; i < id.Length; i++)
        {
            if (!(id[i] is >= 'A' and <= 'Z' or >= '0' and <= '9'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsHours(int from, int to) => from >= 0 && to <= 24 && from < to;

    public static bool IsBand(long min, long? max) => min >= 0 && (max is null || max.Value >= min);

    public static bool IsDate(string text) =>
        System.DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}

/// <summary>The lifecycle a playbook gets when it declares none, shared so the analyzers check against it too.</summary>
internal static class StandardLifecycle
{
    public static readonly string[] Stages = { "Lead", "MQL", "SAL", "SQL", "Nurture" };

    public static readonly string[] Statuses = { "New", "Attempting", "Accepted", "Meeting booked", "Rejected", "Recycled" };
}
