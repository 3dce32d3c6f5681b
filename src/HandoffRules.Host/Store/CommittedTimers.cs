namespace HandoffRules.Host.Store;

/// <summary>
/// The timers of the leads a store's only writer committed lately, as the store now holds them, so
/// reading them again needs no statement: a breach reads its lead's timers hours of history after
/// the lead arrived and its timers started, a batch or more later, when the open transaction no
/// longer has them. Bounded: it keeps the timers of the last <c>leadsAtMost / 2</c> leads committed
/// at least and of <c>leadsAtMost</c> at most, the older half dropped in one go when the newer is
/// full, so memory stays the same however many leads go by.
/// </summary>
/// <remarks>
/// What it keeps is the store's state and is never changed: it keeps a copy of the timers it is
/// handed, and a transaction that changes a lead's timers works on a copy of what it gives.
/// </remarks>
internal sealed class CommittedTimers(int leadsAtMost)
{
    private Dictionary<string, StoredTimer[]> _newer = new(StringComparer.Ordinal);
    private Dictionary<string, StoredTimer[]> _older = new(StringComparer.Ordinal);

    // One copy of each SLA name, kind and state (a timer read from the store has its own), so that a
    // kept timer costs its record alone. A store's timers name few of them; more are not shared.
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private const int NamesAtMost = 1_024;

    /// <summary>How many leads' timers it keeps at most.</summary>
    public int LeadsAtMost { get; } = leadsAtMost >= 2 ? leadsAtMost : throw new ArgumentOutOfRangeException(nameof(leadsAtMost), leadsAtMost, "at least two leads");

    /// <summary>How many leads' timers it keeps now (a lead kept in both halves counts twice).</summary>
    public int Count => _newer.Count + _older.Count;

    /// <summary>The lead's timers as committed, when they are kept; not to be changed.</summary>
    public bool TryGet(string leadId, out IReadOnlyList<StoredTimer> timers)
    {
        // The newer half first: a lead committed again since the older half took it is there.
        if (_newer.TryGetValue(leadId, out var kept) || _older.TryGetValue(leadId, out kept))
        {
            timers = kept;
            return true;
        }

        timers = [];
        return false;
    }

    /// <summary>Keeps the lead's timers as a transaction that just committed left them.</summary>
    public void Committed(string leadId, List<StoredTimer> timers)
    {
        var kept = new StoredTimer[timers.Count];
        for (var i = 0; i < kept.Length; i++)
        {
            var timer = timers[i];
            var (sla, kind, state) = (Shared(timer.Sla), Shared(timer.Kind), Shared(timer.State));
            kept[i] = ReferenceEquals(timer.LeadId, leadId) && ReferenceEquals(timer.Sla, sla) && ReferenceEquals(timer.Kind, kind) && ReferenceEquals(timer.State, state)
                ? timer
                : timer with { LeadId = leadId, Sla = sla, Kind = kind, State = state };
        }

        if (_newer.Count >= LeadsAtMost / 2 && !_newer.ContainsKey(leadId))
        {
            // The older half goes, stale copies of leads the newer half holds again with it.
            (_older, _newer) = (_newer, _older);
            _newer.Clear();
        }

        _newer[leadId] = kept;
    }

    private string Shared(string name)
    {
        if (_names.TryGetValue(name, out var shared))
        {
            return shared;
        }

        if (_names.Count < NamesAtMost)
        {
            _names[name] = name;
        }

        return name;
    }

    /// <summary>Forgets everything: after a commit that may or may not have reached the store.</summary>
    public void Clear()
    {
        _newer.Clear();
        _older.Clear();
    }
}
