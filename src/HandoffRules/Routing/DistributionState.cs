namespace HandoffRules.Routing;

/// <summary>
/// Where every queue's distribution stands: round-robin positions, weighted-distribution credits
/// and how many leads each member was given on each of their last <see cref="DaysKept"/> days.
/// Explicit and serialisable so that a simulation, the host and tests drive the router the same
/// way, and a restarted host resumes exactly.
/// </summary>
/// <remarks>
/// Counts are kept per member per day (the member's own calendar day), so leads of two days read
/// in any order — a backlog replayed beside live leads, a reassignment dated today among
/// yesterday's arrivals — are each held to their own day's cap. A lead dated before the days kept
/// for a member (more than <see cref="DaysKept"/> days older than the newest day counted for them)
/// is counted against the oldest day still kept: it takes a place under a cap rather than
/// slipping past one. The counts live in flat arrays, so routing allocates nothing.
/// </remarks>
public sealed class DistributionState
{
    // A ring of DaysKept slots per member, indexed by day number: the day a slot counts (0 when
    // empty) and its count. A slot holding an older day than asked for is stale and counts 0.
    private readonly int[] _loadDays;
    private readonly int[] _loadCounts;

    // The newest day counted for each member (0 when none): where the member's kept days end.
    private readonly int[] _newestDay;

    /// <summary>How many of each member's most recent days of counts are kept.</summary>
    public const int DaysKept = 14;

    internal DistributionState(Router router)
    {
        Router = router;
        var queues = router.Playbook.Queues;
        RoundRobinNext = new int[queues.Count];
        WeightedCredit = new int[queues.Count][];
        for (var q = 0; q < queues.Count; q++)
        {
            WeightedCredit[q] = new int[queues[q].Members.Count];
        }

        var members = router.Playbook.Members.Count;
        _loadDays = new int[members * DaysKept];
        _loadCounts = new int[members * DaysKept];
        _newestDay = new int[members];
    }

    internal Router Router { get; }

    internal int[] RoundRobinNext { get; }

    internal int[][] WeightedCredit { get; }

    /// <summary>
    /// Members' availability as operations set it (away, paused, a cap for a day), honoured by every
    /// distribution next to the playbook's own; null when there is none. Not part of the snapshot:
    /// it is kept in the event log, where each change is audited.
    /// </summary>
    public AvailabilityLog? Availability { get; set; }

    /// <summary>
    /// Account owners refreshed from the CRM (when the playbook allows it), honoured by routes to the
    /// account owner ahead of the book's; null when there are none. Not part of the snapshot: each
    /// refresh is kept in the event log.
    /// </summary>
    public AccountOwnerLog? AccountOwners { get; set; }


    /// <summary>Back to the start: every queue at its first member, nobody assigned. Allocates nothing.</summary>
    public void Reset()
    {
        Array.Clear(RoundRobinNext);
        foreach (var credits in WeightedCredit)
        {
            Array.Clear(credits);
        }

        Array.Clear(_loadDays);
        Array.Clear(_loadCounts);
        Array.Clear(_newestDay);
    }

    /// <summary>How many leads the member was given on that day (in their time zone); 0 for a day no longer kept.</summary>
    public int AssignedOn(string memberId, DateOnly day)
    {
        var index = Router.MemberIndex(memberId);
        return index >= 0 ? CountOn(index, day.DayNumber) : 0;
    }

    /// <summary>The member's count on the day a lead of <paramref name="day"/> is counted against.</summary>
    internal int CountFor(int member, DateOnly day) => CountOn(member, CountedDay(member, day.DayNumber));

    /// <summary>Counts one more lead for the member on its day; returns that day's new count.</summary>
    internal int CountAssignment(int member, DateOnly day)
    {
        var counted = CountedDay(member, day.DayNumber);
        var slot = Slot(member, counted);
        if (_loadDays[slot] != counted)
        {
            _loadDays[slot] = counted;
            _loadCounts[slot] = 0;
        }

        if (counted > _newestDay[member])
        {
            _newestDay[member] = counted;
        }

        return ++_loadCounts[slot];
    }

    // A day older than the member's kept days is counted against the oldest day kept.
    private int CountedDay(int member, int day)
    {
        var oldestKept = _newestDay[member] - DaysKept + 1;
        return _newestDay[member] != 0 && day < oldestKept ? oldestKept : day;
    }

    private int CountOn(int member, int day)
    {
        var slot = Slot(member, day);
        return _loadDays[slot] == day ? _loadCounts[slot] : 0;
    }

    private static int Slot(int member, int day) => (member * DaysKept) + (day % DaysKept);

    /// <summary>A copy of the state keyed by names, for storing and for restoring into a router of a changed playbook.</summary>
    public DistributionSnapshot ToSnapshot()
    {
        var playbook = Router.Playbook;
        var queues = new QueueCursor[playbook.Queues.Count];
        for (var q = 0; q < queues.Length; q++)
        {
            var queue = playbook.Queues[q];
            var credits = new MemberCredit[queue.Members.Count];
            for (var m = 0; m < credits.Length; m++)
            {
                credits[m] = new MemberCredit(queue.Members[m].MemberId, WeightedCredit[q][m]);
            }

            queues[q] = new QueueCursor(queue.Name, RoundRobinNext[q], credits);
        }

        // Each member's kept days, oldest first: one entry per member per day with leads.
        var loads = new List<MemberLoad>();
        for (var m = 0; m < _newestDay.Length; m++)
        {
            if (_newestDay[m] == 0)
            {
                continue;
            }

            for (var day = _newestDay[m] - DaysKept + 1; day <= _newestDay[m]; day++)
            {
                if (CountOn(m, day) is var count and > 0)
                {
                    loads.Add(new MemberLoad(playbook.Members[m].Id, DateOnly.FromDayNumber(day), count));
                }
            }
        }

        return new DistributionSnapshot(queues, [.. loads]);
    }

    /// <summary>Restores a snapshot; queues and members the playbook no longer has are ignored.</summary>
    public void Restore(DistributionSnapshot snapshot)
    {
        var playbook = Router.Playbook;
        foreach (var cursor in snapshot.Queues)
        {
            var q = Router.QueueIndex(cursor.Queue);
            if (q < 0)
            {
                continue;
            }

            var members = playbook.Queues[q].Members;
            RoundRobinNext[q] = members.Count == 0 ? 0 : cursor.Next % members.Count;
            foreach (var credit in cursor.Credits)
            {
                for (var m = 0; m < members.Count; m++)
                {
                    if (members[m].MemberId == credit.MemberId)
                    {
                        WeightedCredit[q][m] = credit.Credit;
                    }
                }
            }
        }

        // The newest day of each member first, so days are kept the same whatever order they were stored in
        // (a snapshot from before counts were kept per day has one day per member).
        foreach (var load in snapshot.Members)
        {
            var m = Router.MemberIndex(load.MemberId);
            if (m >= 0 && load.Count > 0 && load.Day.DayNumber > _newestDay[m])
            {
                _newestDay[m] = load.Day.DayNumber;
            }
        }

        foreach (var load in snapshot.Members)
        {
            var m = Router.MemberIndex(load.MemberId);
            var day = load.Day.DayNumber;
            if (m >= 0 && load.Count > 0 && day > _newestDay[m] - DaysKept)
            {
                var slot = Slot(m, day);
                _loadDays[slot] = day;
                _loadCounts[slot] = load.Count;
            }
        }
    }
}

/// <summary>The serialisable form of a <see cref="DistributionState"/>.</summary>
public sealed record DistributionSnapshot(QueueCursor[] Queues, MemberLoad[] Members);

/// <summary>A queue's round-robin position and weighted credits.</summary>
public sealed record QueueCursor(string Queue, int Next, MemberCredit[] Credits);

/// <summary>A member's credit in a weighted queue.</summary>
public sealed record MemberCredit(string MemberId, int Credit);

/// <summary>How many leads a member was given on a day; a snapshot holds one per member per day kept.</summary>
public sealed record MemberLoad(string MemberId, DateOnly Day, int Count);
