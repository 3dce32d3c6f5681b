using HandoffRules.Host.Hosting;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Timers;

/// <summary>
/// The time SLA timers are judged by. Live, it is the wall clock. Replaying a file of history
/// (<see cref="HandoffHostOptions.Replay"/>), it is the input's own clock — the latest event time
/// taken in so far — so a deadline passes only once the input has moved past it, never because
/// the file is read today, and a touch that came in time is read before its deadline is judged.
/// </summary>
public sealed class HandoffClock
{
    private readonly TimeProvider _wall;
    private long _inputTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>A clock on <paramref name="wall"/>, or on the input's time when <paramref name="replay"/>.</summary>
    public HandoffClock(TimeProvider wall, bool replay)
    {
        _wall = wall;
        Replay = replay;
    }

    /// <summary>The host's clock, as configured.</summary>
    public HandoffClock(TimeProvider wall, IOptions<HandoffHostOptions> options)
        : this(wall, options.Value.Replay)
    {
    }

    /// <summary>True when timers run on the input's clock.</summary>
    public bool Replay { get; }

    /// <summary>Now: the wall clock, or when replaying the latest event time taken in (the earliest possible time before the first).</summary>
    public DateTimeOffset Now => Replay ? new DateTimeOffset(Interlocked.Read(ref _inputTicks), TimeSpan.Zero) : _wall.GetUtcNow();

    /// <summary>Moves the input's clock to an event taken in, if it is later than any before.</summary>
    public void Advance(DateTimeOffset eventTime)
    {
        var ticks = eventTime.UtcTicks;
        long seen;
        while ((seen = Interlocked.Read(ref _inputTicks)) < ticks && Interlocked.CompareExchange(ref _inputTicks, ticks, seen) != seen)
        {
        }
    }
}
