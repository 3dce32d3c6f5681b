using System.Collections.Concurrent;

namespace HandoffRules.Routing;

/// <summary>
/// Fast conversions between UTC and one time zone's local time. A zone's offset changes at most a
/// few times a year, so the offset of each day is looked up once and reused; a day with a
/// daylight-saving change in it falls back to the exact (slower) conversion. Safe to share between threads.
/// </summary>
internal sealed class ZoneClock(TimeZoneInfo zone)
{
    private readonly ConcurrentDictionary<long, long> _utcDays = new();
    private readonly ConcurrentDictionary<long, long> _localDays = new();

    // A day whose offset is not the same all day is marked with this instead of an offset.
    private const long Mixed = long.MinValue;

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>The local wall-clock time at an instant.</summary>
    public DateTime ToLocal(DateTimeOffset at)
    {
        var utc = at.UtcTicks;
        var offset = _utcDays.GetOrAdd(utc / TimeSpan.TicksPerDay, static (day, zone) => DayOffset(zone, new DateTime(day * TimeSpan.TicksPerDay, DateTimeKind.Utc)), Zone);
        return offset == Mixed ? TimeZoneInfo.ConvertTime(at, Zone).DateTime : new DateTime(utc + offset, DateTimeKind.Unspecified);
    }

    /// <summary>The instant (UTC) of a local wall-clock time; a time inside a daylight-saving gap moves past it.</summary>
    public DateTimeOffset ToUtc(DateTime local)
    {
        var offset = _localDays.GetOrAdd(local.Ticks / TimeSpan.TicksPerDay, static (day, zone) => DayOffset(zone, new DateTime(day * TimeSpan.TicksPerDay, DateTimeKind.Unspecified)), Zone);
        if (offset != Mixed)
        {
            return new DateTimeOffset(local.Ticks - offset, TimeSpan.Zero);
        }

        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static long DayOffset(TimeZoneInfo zone, DateTime start)
    {
        var first = zone.GetUtcOffset(start);
        var last = zone.GetUtcOffset(start.AddDays(1).AddTicks(-1));
        var middle = zone.GetUtcOffset(start.AddHours(12));
        return first == last && first == middle ? first.Ticks : Mixed;
    }
}
