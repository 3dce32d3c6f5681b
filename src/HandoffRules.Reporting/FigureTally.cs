namespace HandoffRules.Reporting;

/// <summary>
/// The <see cref="HealthFigures"/> of a set of leads, counted one <see cref="LeadFigure"/> at a time.
/// The percentiles need every lead's time, so a tally that reports them keeps one number per lead
/// (two with business hours) until it is read.
/// </summary>
internal sealed class FigureTally(bool percentiles, bool business)
{
    private readonly List<long>? _wall = percentiles ? [] : null;
    private readonly List<long>? _business = percentiles && business ? [] : null;
    private int _handedOff;
    private int _touched;
    private int _accepted;
    private int _rejected;
    private int _expired;
    private int _meetings;
    private int _recycled;
    private int _misrouted;
    private int _slaStarted;
    private int _slaBreached;

    public int HandedOff => _handedOff;

    public void Add(in LeadFigure lead)
    {
        _handedOff++;
        _touched += lead.Touched ? 1 : 0;
        _wall?.Add(lead.Wall);
        _business?.Add(lead.Business);
        switch (lead.Answer)
        {
            case LeadOutcome.AcceptedAnswer:
                _accepted++;
                _meetings += lead.Meeting ? 1 : 0;
                break;
            case LeadOutcome.RejectedAnswer:
                _rejected++;
                break;
            case LeadOutcome.ExpiredAnswer:
                _expired++;
                break;
        }

        _recycled += lead.Recycled ? 1 : 0;
        _misrouted += lead.Misrouted ? 1 : 0;
        _slaStarted += lead.SlaStarted;
        _slaBreached += lead.SlaBreached;
    }

    public HealthFigures Figures()
    {
        // Sorted once for both percentiles.
        _wall?.Sort();
        _business?.Sort();
        return new()
        {
            HandedOff = _handedOff,
            Touched = _touched,
            Untouched = _handedOff - _touched,
            FirstTouchMedian = Percentile(_wall, 0.5),
            FirstTouchP90 = Percentile(_wall, 0.9),
            BusinessFirstTouchMedian = Percentile(_business, 0.5),
            BusinessFirstTouchP90 = Percentile(_business, 0.9),
            Accepted = _accepted,
            Rejected = _rejected,
            Expired = _expired,
            Meetings = _meetings,
            Recycled = _recycled,
            Misrouted = _misrouted,
            SlaStarted = _slaStarted,
            SlaBreached = _slaBreached,
        };
    }

    /// <summary>
    /// Nearest-rank percentile (the smallest value with at least p of the values at or below it) over
    /// touched and censored times together. On a tie a touched lead sorts first: a censored lead's real
    /// time is longer than the value it shows. A percentile that falls on a censored lead is itself
    /// censored ("more than"). The keys are sorted.
    /// </summary>
    private static TouchTime? Percentile(List<long>? keys, double p)
    {
        if (keys is null || keys.Count == 0)
        {
            return null;
        }

        return LeadFigure.TouchTime(keys[Math.Max(0, (int)Math.Ceiling(p * keys.Count) - 1)]);
    }
}
