namespace HandoffRules.Host.Processing;

/// <summary>
/// A replay's SLA deadlines, judged where the history passes them: before the first input whose own
/// time is later, in deadline order (then by lead and SLA, so two hosts replaying the same history
/// agree). A timer service looking for due timers every so often on the wall clock judged them
/// wherever the processor happened to be in the file by then — after leads the breaches' escalations
/// should have been routed around, or after a late touch that then counted as in time — so the
/// same file replayed twice could end differently.
/// </summary>
/// <remarks>
/// Every deadline of a running timer is here: those the store holds when the session (re)loads,
/// and each one the processor starts. A timer that ended since keeps its entry until its deadline
/// comes round, when the breach finds it no longer running to that deadline and does nothing.
/// </remarks>
internal sealed class ReplayDeadlines
{
    private readonly PriorityQueue<(string LeadId, string Sla, DateTimeOffset Due), (long DueTicks, string LeadId, string Sla)> _deadlines = new(Order.Instance);

    /// <summary>How many deadlines are held (running timers, and ended ones not yet come round).</summary>
    public int Count => _deadlines.Count;

    /// <summary>Holds a running timer's deadline.</summary>
    public void Add(string leadId, string sla, DateTimeOffset due) => _deadlines.Enqueue((leadId, sla, due), (due.UtcTicks, leadId, sla));

    /// <summary>Forgets every deadline (before loading the store's again).</summary>
    public void Clear() => _deadlines.Clear();

    /// <summary>Takes the earliest deadline if it is before <paramref name="at"/>.</summary>
    public bool TryTakeBefore(DateTimeOffset at, out (string LeadId, string Sla, DateTimeOffset Due) deadline)
    {
        if (_deadlines.TryPeek(out deadline, out var key) && key.DueTicks < at.UtcTicks)
        {
            _deadlines.Dequeue();
            return true;
        }

        deadline = default;
        return false;
    }

    private sealed class Order : IComparer<(long DueTicks, string LeadId, string Sla)>
    {
        public static readonly Order Instance = new();

        public int Compare((long DueTicks, string LeadId, string Sla) x, (long DueTicks, string LeadId, string Sla) y) =>
            x.DueTicks.CompareTo(y.DueTicks) is var byDue and not 0 ? byDue
            : string.CompareOrdinal(x.LeadId, y.LeadId) is var byLead and not 0 ? byLead
            : string.CompareOrdinal(x.Sla, y.Sla);
    }
}
