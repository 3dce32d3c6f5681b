namespace HandoffRules.Model;

/// <summary>
/// The business-hours clock SLAs run on: opening hours on given days in a time zone, minus holidays.
/// </summary>
public sealed record BusinessHours(string TimeZone, TimeOnly Open, TimeOnly Close, EquatableArray<DayOfWeek> Days, EquatableArray<DateOnly> Holidays)
{
    /// <summary>Monday to Friday, 09:00–17:00 UTC.</summary>
    public static BusinessHours Default { get; } = new("Etc/UTC", new TimeOnly(9, 0), new TimeOnly(17, 0),
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], []);
}

/// <summary>When a new lead counts as a duplicate of an earlier one.</summary>
/// <param name="SameEmail">The same e-mail address, ignoring case.</param>
/// <param name="SameNameAndDomain">The same first and last name at the same company domain.</param>
/// <param name="Window">How far back to look.</param>
public sealed record DuplicateRule(bool SameEmail, bool SameNameAndDomain, TimeSpan Window)
{
    /// <summary>Same e-mail within 90 days.</summary>
    public static DuplicateRule Default { get; } = new(true, false, TimeSpan.FromDays(90));
}
