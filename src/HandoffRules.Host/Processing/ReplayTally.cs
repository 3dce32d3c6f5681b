namespace HandoffRules.Host.Processing;

/// <summary>
/// What a replay of history did that would otherwise be a log line per lead: the SLA timers it
/// breached and the leads it held with nobody to take them. Live, each is a warning or a notice as
/// it happens; replayed, they are history (a week of them is tens of thousands of lines), so each is
/// a debug line and the replay ends with one line that counts them. Only committed work is counted.
/// </summary>
internal sealed class ReplayTally
{
    private long _breaches;
    private long _held;

    /// <summary>SLA timers breached by committed work.</summary>
    public long Breaches => Interlocked.Read(ref _breaches);

    /// <summary>Times committed work put a lead on hold with nobody to take it.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>Adds what a committed transaction did.</summary>
    public void Committed(int breaches, int held)
    {
        Interlocked.Add(ref _breaches, breaches);
        Interlocked.Add(ref _held, held);
    }
}
