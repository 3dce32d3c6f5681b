namespace HandoffRules.Host.Store;

/// <summary>
/// The open holds (held or expired) of a store, as its only writer's own writes left them, with the
/// open transaction's undone on a rollback: the held-lead scan's two reads answered in the store's
/// order without waiting for the writes queued before them (<see cref="QueuedWriter"/>). Only for a
/// writer that has written every hold the store has: the first on a store that held nothing.
/// </summary>
/// <remarks>
/// A scan's reads had to wait until every write queued before them had run: 1.9 s of a 23.8 s
/// simulated week of 100,000 leads, over its 672 scans (see docs/benchmarks.md). The orders are the
/// store's: a queue's holds by when they were held, then lead id; the holds running out by when
/// their maximum hold ends, then lead id; a lead id compared as SQLite compares text (its UTF-8
/// bytes).
/// </remarks>
internal sealed class OpenHoldBook
{
    private static readonly Comparer<StoredHold> ByHeldAt = Comparer<StoredHold>.Create(static (a, b) =>
        a.HeldAt.UtcTicks.CompareTo(b.HeldAt.UtcTicks) is var at and not 0 ? at : CompareIds(a.LeadId, b.LeadId));

    private static readonly Comparer<StoredHold> ByUntil = Comparer<StoredHold>.Create(static (a, b) =>
        a.Until.UtcTicks.CompareTo(b.Until.UtcTicks) is var until and not 0 ? until : CompareIds(a.LeadId, b.LeadId));

    private readonly Dictionary<string, StoredHold> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<StoredHold>> _byQueue = new(StringComparer.Ordinal);
    private readonly SortedSet<StoredHold> _held = new(ByUntil);

    // Each lead's open hold before the open transaction first changed it, to put back on a rollback.
    private readonly Dictionary<string, StoredHold?> _before = new(StringComparer.Ordinal);

    /// <summary>A hold saved as it is (see <see cref="IHandoffWriter.SaveHold"/>).</summary>
    public void Save(StoredHold hold) => Set(hold.LeadId, hold.State is StoredHold.Held or StoredHold.Expired ? AsStored(hold) : null);

    /// <summary>The lead's open hold, if any, ended (see <see cref="IHandoffWriter.ReleaseHold"/>).</summary>
    public void Release(string leadId)
    {
        if (_open.ContainsKey(leadId))
        {
            Set(leadId, null);
        }
    }

    /// <summary>The lead's open hold, if any, moved to <paramref name="queue"/> (see <see cref="IHandoffWriter.MoveHold"/>).</summary>
    public void Move(string leadId, string queue)
    {
        if (_open.TryGetValue(leadId, out var open))
        {
            Set(leadId, open with { Queue = queue });
        }
    }

    /// <summary>A queue's open holds after <paramref name="after"/>, oldest first (see <see cref="IHandoffWriter.OpenHolds"/>).</summary>
    public List<StoredHold> Open(string queue, StoredHold? after, int limit)
    {
        var holds = new List<StoredHold>();
        if (!_byQueue.TryGetValue(queue, out var set) || set.Count == 0 || limit <= 0 || (after is not null && ByHeldAt.Compare(after, set.Max!) >= 0))
        {
            return holds;
        }

        var from = after is null ? set : set.GetViewBetween(after, set.Max!);
        foreach (var hold in from)
        {
            if (holds.Count == limit)
            {
                break;
            }

            if (after is null || ByHeldAt.Compare(hold, after) > 0)
            {
                holds.Add(hold);
            }
        }

        return holds;
    }

    /// <summary>The holds whose maximum hold has run out by <paramref name="at"/>, earliest first (see <see cref="IHandoffWriter.HoldsRunningOut"/>).</summary>
    public List<StoredHold> RunningOut(DateTimeOffset at, int limit)
    {
        var holds = new List<StoredHold>();
        foreach (var hold in _held)
        {
            if (holds.Count == limit || hold.Until > at)
            {
                break;
            }

            holds.Add(hold);
        }

        return holds;
    }

    /// <summary>The open transaction committed: what it did stays.</summary>
    public void Committed() => _before.Clear();

    /// <summary>The open transaction rolled back: each hold it changed is as it was.</summary>
    public void RolledBack()
    {
        foreach (var (leadId, before) in _before)
        {
            Put(leadId, before);
        }

        _before.Clear();
    }

    private void Set(string leadId, StoredHold? hold)
    {
        _before.TryAdd(leadId, _open.GetValueOrDefault(leadId));
        Put(leadId, hold);
    }

    private void Put(string leadId, StoredHold? hold)
    {
        if (_open.Remove(leadId, out var was))
        {
            _byQueue[was.Queue].Remove(was);
            _held.Remove(was);
        }

        if (hold is null)
        {
            return;
        }

        _open[leadId] = hold;
        if (!_byQueue.TryGetValue(hold.Queue, out var queue))
        {
            _byQueue[hold.Queue] = queue = new SortedSet<StoredHold>(ByHeldAt);
        }

        queue.Add(hold);
        if (hold.State == StoredHold.Held)
        {
            _held.Add(hold);
        }
    }

    // The times as the store gives them back: the same instants, in UTC.
    private static StoredHold AsStored(StoredHold hold) => hold with
    {
        HeldAt = new DateTimeOffset(hold.HeldAt.UtcTicks, TimeSpan.Zero),
        Until = new DateTimeOffset(hold.Until.UtcTicks, TimeSpan.Zero),
        EndedAt = hold.EndedAt is { } ended ? new DateTimeOffset(ended.UtcTicks, TimeSpan.Zero) : null,
    };

    // Lead ids in SQLite's order for text, that of their UTF-8 bytes, which is the order of their
    // code points: UTF-16's differs only where a surrogate meets a character from U+E000 up.
    private static int CompareIds(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return CodePointOrder(a[i]).CompareTo(CodePointOrder(b[i]));
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static int CodePointOrder(char c) => c switch
    {
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
