namespace HandoffRules.Reporting;

/// <summary>
/// What happened to a lead (or to one owner's stretch of it) up to the window's end, folded event by
/// event in log order: its first touch, its last answer, whether its acceptance SLA expired, a meeting,
/// a recycle, a misroute, and its SLA timers. Events at or after the window's end are not folded in.
/// </summary>
internal struct LeadOutcome
{
    public const int NoAnswer = 0;
    public const int AcceptedAnswer = 1;
    public const int RejectedAnswer = 2;
    public const int ExpiredAnswer = 3;

    // A timer is one int: the SLA's id shifted past three state bits.
    private const int Open = 1;
    private const int BreachedBit = 2;
    private const int LateBit = 4;
    private const int StateBits = 3;

    private const byte TouchedFlag = 1;
    private const byte ExpiredFlag = 2;
    private const byte MeetingFlag = 4;
    private const byte RecycledFlag = 8;
    private const byte MisroutedFlag = 16;

    private byte _flags;
    private byte _answer;

    /// <summary>The first touch (a touch or a booked meeting), in UTC ticks; meaningful when <see cref="Touched"/>.</summary>
    public long FirstTouch { get; private set; }

    // Every SLA timer started, in order (see Timer): the first two here, the rest in a list. Most
    // outcomes hold one or two, and a list each was two objects more per lead (and per owner's
    // stretch) for the collector to copy through a report of a long log.
    private int _timer0;
    private int _timer1;
    private int _timerCount;
    private List<int>? _moreTimers;

    /// <summary>SLA timers started.</summary>
    public readonly int TimerCount => _timerCount;

    public readonly bool Touched => (_flags & TouchedFlag) != 0;

    public readonly bool Meeting => (_flags & MeetingFlag) != 0;

    public readonly bool Recycled => (_flags & RecycledFlag) != 0;

    public readonly bool Misrouted => (_flags & MisroutedFlag) != 0;

    /// <summary>The last answer (accepted or rejected); without one, expired when the acceptance SLA was breached.</summary>
    public readonly int Answer => _answer != NoAnswer ? _answer : (_flags & ExpiredFlag) != 0 ? ExpiredAnswer : NoAnswer;

    public static (int Sla, bool Breached, bool Late) Timer(int timer) => (timer >> StateBits, (timer & BreachedBit) != 0, (timer & LateBit) != 0);

    /// <summary>The <paramref name="index"/>th SLA timer started (see <see cref="Timer"/>), in order.</summary>
    public readonly int TimerAt(int index) => index switch
    {
        0 => _timer0,
        1 => _timer1,
        _ => _moreTimers![index - 2],
    };

    public void Add(in ReportEvent e)
    {
        switch (e.Kind)
        {
            case ReportEventKind.Touched or ReportEventKind.MeetingBooked:
                if (!Touched || e.At < FirstTouch)
                {
                    FirstTouch = e.At;
                }

                _flags |= e.Kind == ReportEventKind.MeetingBooked ? (byte)(TouchedFlag | MeetingFlag) : TouchedFlag;
                break;
            case ReportEventKind.Accepted:
                _answer = AcceptedAnswer;
                break;
            case ReportEventKind.Rejected:
                _answer = RejectedAnswer;
                _flags |= e.Misroute ? MisroutedFlag : (byte)0;
                break;
            case ReportEventKind.Reassigned:
                _flags |= e.Misroute ? MisroutedFlag : (byte)0;
                break;
            case ReportEventKind.Recycled:
                _flags |= RecycledFlag;
                break;
            case ReportEventKind.SlaStarted:
                AddTimer((e.Sla << StateBits) | Open);
                break;
            case ReportEventKind.SlaMet or ReportEventKind.SlaBreached:
                if (e.Kind == ReportEventKind.SlaBreached && e.AcceptanceKind)
                {
                    _flags |= ExpiredFlag;
                }

                Close(e);
                break;
        }
    }

    private void AddTimer(int timer)
    {
        if (_timerCount < 2)
        {
            SetTimer(_timerCount, timer);
        }
        else
        {
            (_moreTimers ??= []).Add(timer);
        }

        _timerCount++;
    }

    private void SetTimer(int index, int timer)
    {
        switch (index)
        {
            case 0:
                _timer0 = timer;
                break;
            case 1:
                _timer1 = timer;
                break;
            default:
                _moreTimers![index - 2] = timer;
                break;
        }
    }

    // A timer can start again for the same lead (a repeat request restarts it), so a met or breached
    // event closes the most recent open timer of its SLA: one breach is one breached timer.
    private void Close(in ReportEvent e)
    {
        for (var i = _timerCount - 1; i >= 0; i--)
        {
            var timer = TimerAt(i);
            if ((timer & Open) != 0 && timer >> StateBits == e.Sla)
            {
                SetTimer(i, e.Kind == ReportEventKind.SlaBreached ? (timer & ~Open) | BreachedBit | (e.Late ? LateBit : 0) : timer & ~Open);
                return;
            }
        }
    }
}
