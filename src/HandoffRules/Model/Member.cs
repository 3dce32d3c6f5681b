namespace HandoffRules.Model;

/// <summary>
/// A member of the sales team (an SDR, or an account owner): where they work, when, how many new
/// leads a day they take, and when they are away.
/// </summary>
/// <param name="Id">A stable id ("ana.ruiz").</param>
/// <param name="DisplayName">The name people see.</param>
/// <param name="TimeZone">IANA time zone of the member's working hours.</param>
/// <param name="Hours">Working hours in that time zone.</param>
/// <param name="DailyCap">At most this many new leads a day (in the member's time zone); null for no cap.</param>
/// <param name="Active">Inactive members are skipped by every distribution.</param>
/// <param name="OutOfOffice">Days away, inclusive.</param>
/// <param name="Email">Where e-mail alerts to this member go (alerts to "owner").</param>
/// <param name="SlackId">The member's Slack member id, @mentioned in Slack alerts about their leads; null to name them instead.</param>
public sealed record Member(
    string Id,
    string DisplayName,
    string TimeZone,
    WorkingHours Hours,
    int? DailyCap,
    bool Active,
    EquatableArray<DateRange> OutOfOffice,
    string? Email = null,
    string? SlackId = null)
{
    /// <summary>True when <paramref name="day"/> (in the member's time zone) is one of the days away.</summary>
    public bool IsOutOfOffice(DateOnly day)
    {
        foreach (var away in OutOfOffice.AsSpan())
        {
            if (away.Contains(day))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Daily working hours on the given days.</summary>
public sealed record WorkingHours(TimeOnly Start, TimeOnly End, EquatableArray<DayOfWeek> Days)
{
    /// <summary>Monday to Friday, 09:00–17:00.</summary>
    public static WorkingHours Standard { get; } = new(new TimeOnly(9, 0), new TimeOnly(17, 0),
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);

    /// <summary>True when the local time falls inside working hours.</summary>
    public bool Contains(DateTime local)
    {
        var day = local.DayOfWeek;
        var worksToday = false;
        foreach (var d in Days.AsSpan())
        {
            worksToday |= d == day;
        }

        var time = TimeOnly.FromDateTime(local);
        return worksToday && time >= Start && time < End;
    }

    /// <summary>"Mon–Fri 09:00–17:00".</summary>
    public override string ToString() => $"{string.Join(",", Days.Select(d => d.ToString()[..3]))} {Start:HH\\:mm}–{End:HH\\:mm}";
}

/// <summary>An inclusive range of days.</summary>
public sealed record DateRange(DateOnly From, DateOnly To)
{
    /// <summary>True when the day lies in the range.</summary>
    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>"2026-12-22..2027-01-02".</summary>
    public override string ToString() => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}
