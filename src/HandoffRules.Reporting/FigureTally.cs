using System.Runtime.InteropServices;

namespace HandoffRules.Reporting;

/// <summary>
/// The <see cref="HealthFigures"/> of a set of leads, counted one <see cref="LeadFigure"/> at a time.
/// The percentiles need every lead's time, so a tally that reports them keeps one number per lead
/// (two with business hours) until it is read; <c>leads</c>, when known, makes room for them at once.
/// </summary>
internal sealed class FigureTally(bool percentiles, bool business, int leads = 0)
{
    private readonly List<long>? _wall = percentiles ? new(leads) : null;
    private readonly List<long>? _business = percentiles && business ? new(leads) : null;
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
        var (wallMedian, wallP90) = MedianAndP90(_wall);
        var (businessMedian, businessP90) = MedianAndP90(_business);
        return new()
        {
            HandedOff = _handedOff,
            Touched = _touched,
            Untouched = _handedOff - _touched,
            FirstTouchMedian = wallMedian,
            FirstTouchP90 = wallP90,
            BusinessFirstTouchMedian = businessMedian,
            BusinessFirstTouchP90 = businessP90,
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
    /// Nearest-rank percentiles (the smallest value with at least p of the values at or below it) over
    /// touched and censored times together. On a tie a touched lead sorts first: a censored lead's real
    /// time is longer than the value it shows. A percentile that falls on a censored lead is itself
    /// censored ("more than"). The keys are reordered: each rank is put where a sort would put it
    /// (<see cref="Select"/>), which for a report's hundreds of thousands of leads costs a fraction of sorting them.
    /// </summary>
    private static (TouchTime? Median, TouchTime? P90) MedianAndP90(List<long>? keys)
    {
        if (keys is null || keys.Count == 0)
        {
            return (null, null);
        }

        var span = CollectionsMarshal.AsSpan(keys);
        var (median, p90) = (Rank(span.Length, 0.5), Rank(span.Length, 0.9));
        Select(span, p90);
        Select(span[..p90], median);
        return (LeadFigure.TouchTime(span[median]), LeadFigure.TouchTime(span[p90]));
    }

    private static int Rank(int count, double p) => Math.Max(0, (int)Math.Ceiling(p * count) - 1);

    /// <summary>
    /// Puts at <c>keys[rank]</c> the value a sort would put there, with none larger before it and none
    /// smaller after (quickselect on the median of three; a range that keeps failing to shrink is sorted).
    /// A <paramref name="rank"/> past the end leaves the keys as they are.
    /// </summary>
    private static void Select(Span<long> keys, int rank)
    {
        var (low, high) = (0, keys.Length - 1);
        for (var rounds = 0; low < high && rank >= low && rank <= high; rounds++)
        {
            if (rounds > 64)
            {
                keys[low..(high + 1)].Sort();
                return;
            }

            var middle = low + ((high - low) / 2);
            var pivot = Math.Max(Math.Min(keys[low], keys[middle]), Math.Min(Math.Max(keys[low], keys[middle]), keys[high]));
            var (i, j) = (low, high);
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }

            // Now keys[low..j] <= pivot <= keys[i..high], and anything between equals the pivot.
            if (rank <= j)
            {
                high = j;
            }
            else if (rank >= i)
            {
                low = i;
            }
            else
            {
                return;
            }
        }
    }
}
