namespace HandoffRules.Reporting;

/// <summary>
/// One lead's (or one owner's stretch's) part in the figures, measured at the window's end: its time to
/// first touch on the wall clock and on its queue's business clock (each as a sort key with the censored
/// flag in its lowest bit, see <see cref="TouchKey"/>), its answer and outcomes, and its SLA timers.
/// </summary>
/// <param name="Key">The id of the split value it counts under (a queue or a member, for stretches).</param>
/// <param name="Wall">Time to first touch on the wall clock, as a touch key.</param>
/// <param name="Business">Time to first touch in business hours, as a touch key (0 without a playbook).</param>
/// <param name="Answer">One of the <see cref="LeadOutcome"/> answers.</param>
/// <param name="Meeting">Accepted, with a meeting booked.</param>
/// <param name="Recycled">Recycled to nurture.</param>
/// <param name="Misrouted">Reassigned or rejected as a misroute.</param>
/// <param name="SlaStarted">SLA timers started.</param>
/// <param name="SlaBreached">Of them, breached.</param>
internal readonly record struct LeadFigure(int Key, long Wall, long Business, byte Answer, bool Meeting, bool Recycled, bool Misrouted, int SlaStarted, int SlaBreached)
{
    public bool Touched => (Wall & 1) == 0;

    /// <summary>
    /// A time to first touch as one sortable number: ticks doubled, plus one when censored, so sorting
    /// the keys sorts by time and, on a tie, puts a touched lead before an untouched one (whose real
    /// time is longer than the value it shows).
    /// </summary>
    public static long TouchKey(long ticks, bool censored) => (ticks << 1) | (censored ? 1L : 0L);

    /// <summary>The ticks of a touch key.</summary>
    public static long Ticks(long key) => key >> 1;

    public static TouchTime TouchTime(long key) => new(TimeSpan.FromTicks(Ticks(key)), (key & 1) != 0);
}
