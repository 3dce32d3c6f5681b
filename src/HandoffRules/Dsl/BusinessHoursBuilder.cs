using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes a business-hours clock: opening hours, days and holidays.</summary>
public sealed class BusinessHoursBuilder
{
    private readonly List<DateOnly> _holidays = [];
    private TimeOnly _open = new(9, 0);
    private TimeOnly _close = new(17, 0);
    private DayOfWeek[] _days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private BusinessHoursBuilder()
    {
    }

    /// <summary>Opening hours, from the open hour to the close hour.</summary>
    public BusinessHoursBuilder Open(int fromHour, int toHour)
    {
        (_open, _close) = Hours(fromHour, toHour, "Business hours");
        return this;
    }

    /// <summary>The days the business is open (default Monday to Friday).</summary>
    public BusinessHoursBuilder Days(params DayOfWeek[] days)
    {
        _days = days;
        return this;
    }

    /// <summary>Closed days, written as "yyyy-MM-dd".</summary>
    public BusinessHoursBuilder Holidays(params string[] days)
    {
        foreach (var day in days)
        {
            _holidays.Add(MemberBuilder.Day(day, "Business hours"));
        }

        return this;
    }

    internal static BusinessHours Build(string timeZone, Action<BusinessHoursBuilder>? configure)
    {
        var builder = new BusinessHoursBuilder();
        configure?.Invoke(builder);
        return new BusinessHours(RequireTimeZone(timeZone, "Business hours"), builder._open, builder._close, [.. builder._days], [.. builder._holidays.Order()]);
    }

    // The id must be on the IANA list the analyzers check at compile time (so the build and the
    // host agree whatever ids the operating system also knows), and this machine must have its rules.
    internal static string RequireTimeZone(string timeZone, string owner)
    {
        if (!Checks.TimeZones.IsKnown(timeZone))
        {
            throw new PlaybookDefinitionException(Checks.InvalidValues.TimeZone(owner, timeZone) + ".");
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)
            ? timeZone
            : throw new PlaybookDefinitionException($"{owner}: this machine has no time zone data for '{timeZone}'; install the tzdata package.");
    }

    internal static (TimeOnly, TimeOnly) Hours(int fromHour, int toHour, string owner) =>
        Checks.InvalidValues.IsHours(fromHour, toHour)
            ? (new TimeOnly(fromHour, 0), toHour == 24 ? TimeOnly.MaxValue : new TimeOnly(toHour, 0))
            : throw new PlaybookDefinitionException(Checks.InvalidValues.Hours(owner, fromHour, toHour) + ".");
}

/// <summary>Describes when a new lead counts as a duplicate.</summary>
public sealed class DuplicateRuleBuilder
{
    private bool _sameEmail;
    private bool _sameName;
    private TimeSpan _window = TimeSpan.FromDays(90);

    internal DuplicateRuleBuilder()
    {
    }

    /// <summary>The same e-mail address, ignoring case.</summary>
    public DuplicateRuleBuilder SameEmail()
    {
        _sameEmail = true;
        return this;
    }

    /// <summary>The same first and last name at the same company domain (catches a second address).</summary>
    public DuplicateRuleBuilder SameNameAndDomain()
    {
        _sameName = true;
        return this;
    }

    /// <summary>How far back to look, in days.</summary>
    public DuplicateRuleBuilder WithinDays(int days)
    {
        _window = TimeSpan.FromDays(days);
        return this;
    }

    internal DuplicateRule Build() => new(_sameEmail || !_sameName, _sameName, _window);
}
