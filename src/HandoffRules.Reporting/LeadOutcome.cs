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

    /// <summary>Every SLA timer started, in order (see <see cref="Timer"/>); null while none has.</summary>
    public List<int>? Timers { get; private set; }

    public readonly bool Touched => (_flags & TouchedFlag) != 0;

    public readonly bool Meeting => (_flags & MeetingFlag) != 0;

    public readonly bool Recycled => (_flags & RecycledFlag) != 0;

    public readonly bool Misrouted => (_flags & MisroutedFlag) != 0;

    /// <summary>The last answer (accepted or rejected); without one, expired when the acceptance SLA was breached.</summary>
    public readonly int Answer => _answer != NoAnswer ? _answer : (_flags & ExpiredFlag) != 0 ? ExpiredAnswer : NoAnswer;

    public static (int Sla, bool Breached, bool Late) Timer(int timer) => (timer >> StateBits, (timer & BreachedBit) != 0, (timer & LateBit) != 0);

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
                (Timers ??= new List<int>(2)).Add((e.Sla << StateBits) | Open);
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

    // A timer can start again for the same lead (a repeat request restarts it), so a met or breached
    // event closes the most recent open timer of its SLA: one breach is one breached timer.
    private readonly void Close(in ReportEvent e)
    {
        if (Timers is null)
        {
            return;
        }

        for (var i = Timers.Count - 1; i >= 0; i--)
        {
            var timer = Timers[i];
            if ((timer & Open) != 0 && timer >> StateBits == e.Sla)
            {
                Timers[i] = e.Kind == ReportEventKind.SlaBreached ? (timer & ~Open) | BreachedBit | (e.Late ? LateBit : 0) : timer & ~Open;
                return;
            }
        }
    }
}
