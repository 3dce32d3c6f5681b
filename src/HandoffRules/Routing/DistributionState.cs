namespace HandoffRules.Routing;

/// <summary>
/// Where every queue's distribution stands: round-robin positions, weighted-distribution credits
/// and each member's count of leads today. Explicit and serialisable so that a simulation, the
/// host and tests drive the router the same way, and a restarted host resumes exactly.
/// </summary>
public sealed class DistributionState
{
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

        LoadDay = new DateOnly[router.Playbook.Members.Count];
        LoadCount = new int[router.Playbook.Members.Count];
    }

    internal Router Router { get; }

    internal int[] RoundRobinNext { get; }

    internal int[][] WeightedCredit { get; }

    internal DateOnly[] LoadDay { get; }

    internal int[] LoadCount { get; }

    /// <summary>Back to the start: every queue at its first member, nobody assigned. Allocates nothing.</summary>
    public void Reset()
    {
        Array.Clear(RoundRobinNext);
        foreach (var credits in WeightedCredit)
        {
            Array.Clear(credits);
        }

        Array.Clear(LoadDay);
        Array.Clear(LoadCount);
    }

    /// <summary>How many leads the member was given on that day (in their time zone).</summary>
    public int AssignedOn(string memberId, DateOnly day)
    {
        var index = Router.MemberIndex(memberId);
        return index >= 0 && LoadDay[index] == day ? LoadCount[index] : 0;
    }

    internal void CountAssignment(int member, DateOnly day)
    {
        if (LoadDay[member] != day)
        {
            LoadDay[member] = day;
            LoadCount[member] = 0;
        }

        LoadCount[member]++;
    }

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

        var loads = new List<MemberLoad>();
        for (var m = 0; m < LoadCount.Length; m++)
        {
            if (LoadCount[m] > 0)
            {
                loads.Add(new MemberLoad(playbook.Members[m].Id, LoadDay[m], LoadCount[m]));
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

        foreach (var load in snapshot.Members)
        {
            var m = Router.MemberIndex(load.MemberId);
            if (m >= 0)
            {
                LoadDay[m] = load.Day;
                LoadCount[m] = load.Count;
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

/// <summary>How many leads a member was given on a day.</summary>
public sealed record MemberLoad(string MemberId, DateOnly Day, int Count);
