using System.Globalization;
using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes a member: time zone, working hours, daily cap, absences.</summary>
public sealed class MemberBuilder
{
    private readonly string _id;
    private readonly string _displayName;
    private readonly List<DateRange> _outOfOffice = [];
    private string _timeZone = "Etc/UTC";
    private TimeOnly _start = Model.WorkingHours.Standard.Start;
    private TimeOnly _end = Model.WorkingHours.Standard.End;
    private DayOfWeek[] _days = [.. Model.WorkingHours.Standard.Days];
    private int? _cap;
    private bool _active = true;
    private string? _email;
    private string? _slackId;

    internal MemberBuilder(string id, string displayName)
    {
        _id = id;
        _displayName = displayName;
    }

    /// <summary>The member's IANA time zone, e.g. "America/Chicago".</summary>
    public MemberBuilder TimeZone(string timeZone)
    {
        _timeZone = BusinessHoursBuilder.RequireTimeZone(timeZone, $"Member '{Checks.Names.Visible(_id)}'");
        return this;
    }

    /// <summary>Working hours in the member's time zone, from the start hour to the end hour.</summary>
    public MemberBuilder WorkingHours(int fromHour, int toHour)
    {
        (_start, _end) = BusinessHoursBuilder.Hours(fromHour, toHour, $"Member '{Checks.Names.Visible(_id)}'");
        return this;
    }

    /// <summary>The days the member works (default Monday to Friday).</summary>
    public MemberBuilder WorkingDays(params DayOfWeek[] days)
    {
        _days = days;
        return this;
    }

    /// <summary>At most this many new leads a day.</summary>
    public MemberBuilder DailyCap(int leads)
    {
        _cap = leads >= 0 ? leads : throw new PlaybookDefinitionException($"Member '{Checks.Names.Visible(_id)}' has a negative daily cap.");
        return this;
    }

    /// <summary>The member's work e-mail, where alerts to the lead's owner go.</summary>
    public MemberBuilder Email(string address)
    {
        _email = address.Contains('@', StringComparison.Ordinal) ? address.Trim() : throw new PlaybookDefinitionException($"Member '{Checks.Names.Visible(_id)}': '{address}' is not an e-mail address.");
        return this;
    }

    /// <summary>
    /// The member's Slack member id (<c>U012AB3CD</c>): Slack alerts about the member's leads
    /// @mention them. Without it the alert names them.
    /// </summary>
    public MemberBuilder SlackId(string memberId)
    {
        _slackId = memberId is not null && Checks.InvalidValues.IsSlackId(memberId)
            ? memberId
            : throw new PlaybookDefinitionException(Checks.InvalidValues.SlackId($"Member '{Checks.Names.Visible(_id)}'", memberId ?? "(null)"));
        return this;
    }

    /// <summary>Takes the member out of every distribution (left the team, on leave).</summary>
    public MemberBuilder Inactive()
    {
        _active = false;
        return this;
    }

    /// <summary>Days away, inclusive, written as "yyyy-MM-dd".</summary>
    public MemberBuilder OutOfOffice(string from, string to)
    {
        var range = new DateRange(Day(from, $"Member '{Checks.Names.Visible(_id)}'"), Day(to, $"Member '{Checks.Names.Visible(_id)}'"));
        _outOfOffice.Add(range.To >= range.From ? range : throw new PlaybookDefinitionException($"Member '{Checks.Names.Visible(_id)}' is out of office from {from} to {to}, which ends before it starts."));
        return this;
    }

    internal static DateOnly Day(string text, string owner) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new PlaybookDefinitionException(Checks.InvalidValues.Date(owner, text));

    internal Member Build() =>
        new(_id, _displayName, _timeZone, new Model.WorkingHours(_start, _end, [.. _days]), _cap, _active, [.. _outOfOffice], _email, _slackId);
}
