using HandoffRules.Model;

namespace HandoffRules.Routing;

/// <summary>
/// Business time for a <see cref="BusinessHours"/>: adds business durations to an instant (SLA
/// deadlines) and measures business time between two instants.
/// </summary>
public sealed class BusinessClock
{
    private readonly ZoneClock _zone;
    private readonly TimeSpan _open;
    private readonly TimeSpan _close;
    private readonly bool[] _days = new bool[7];
    private readonly HashSet<DateOnly> _holidays;

    /// <summary>Creates the clock for the given hours.</summary>
    public BusinessClock(BusinessHours hours)
    {
        Hours = hours;
        _zone = new ZoneClock(TimeZoneInfo.FindSystemTimeZoneById(hours.TimeZone));
        _open = hours.Open.ToTimeSpan();
        _close = hours.Close == TimeOnly.MaxValue ? TimeSpan.FromDays(1) : hours.Close.ToTimeSpan();
        foreach (var day in hours.Days)
        {
            _days[(int)day] = true;
        }

        _holidays = [.. hours.Holidays];
    }

    /// <summary>The hours this clock runs on.</summary>
    public BusinessHours Hours { get; }

    /// <summary>True when the business is open at that instant.</summary>
    public bool IsOpen(DateTimeOffset at)
    {
        var local = _zone.ToLocal(at);
        return IsBusinessDay(local) && local.TimeOfDay >= _open && local.TimeOfDay < _close;
    }

    /// <summary>The instant (UTC) when <paramref name="duration"/> of business time has passed after <paramref name="start"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan duration)
    {
        var local = _zone.ToLocal(start);
        var remaining = duration;

        // Bounded: a calendar with no open day at all is rejected at build, and ten years of
        // holidays would be a data error.
        for (var guard = 0; guard < 3660; guard++)
        {
            if (IsBusinessDay(local))
            {
                var openAt = local.Date + _open;
                var closeAt = local.Date + _close;
                if (local < openAt)
                {
                    local = openAt;
                }

                if (local < closeAt)
                {
                    var available = closeAt - local;
                    if (remaining <= available)
                    {
                        return _zone.ToUtc(local + remaining);
                    }

                    remaining -= available;
                }
            }

            local = local.Date.AddDays(1);
        }

        throw new InvalidOperationException($"Business hours in {Hours.TimeZone} have no open time within ten years.");
    }

    /// <summary>Business time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var local = _zone.ToLocal(from);
        var end = _zone.ToLocal(to);
        var total = TimeSpan.Zero;
        while (local < end)
        {
            if (IsBusinessDay(local))
            {
                var openAt = local.Date + _open;
                var closeAt = local.Date + _close;
                var start = local < openAt ? openAt : local;
                var stop = end < closeAt ? end : closeAt;
                if (stop > start)
                {
                    total += stop - start;
                }
            }

            local = local.Date.AddDays(1);
        }

        return total;
    }

    private bool IsBusinessDay(DateTime local) =>
        _days[(int)local.DayOfWeek] && !_holidays.Contains(DateOnly.FromDateTime(local));
}
