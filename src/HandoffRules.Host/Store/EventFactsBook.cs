namespace HandoffRules.Host.Store;

/// <summary>
/// A writer's side of keeping each event's facts once (schema version 8): the id in
/// <c>event_facts</c> of each set of facts it has written or found. Rows of <c>event_facts</c> are
/// never changed or removed, so an id once committed stays right whoever else writes the store (the
/// several hosts of one PostgreSQL database included); an id found or added by the open transaction
/// is kept only once that transaction commits, so a rolled-back batch cannot leave an event naming
/// facts that were never kept.
/// </summary>
internal sealed class EventFactsBook
{
    // A few thousand sets in a busy week (sources × segments × territories × owners); a store with
    // more forgets and finds them again rather than grow for the life of the host.
    private const int Remembered = 65_536;

    private readonly Dictionary<string, long> _committed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pending = new(StringComparer.Ordinal);

    /// <summary>The id of <paramref name="facts"/>, found or added with <paramref name="find"/> when this writer does not know it.</summary>
    public long Id(string facts, Func<string, long> find)
    {
        // The events of one lead come one after another with the very same facts text (see StoredRows.EventRow).
        if (ReferenceEquals(facts, _last.Facts))
        {
            return _last.Id;
        }

        if (!_committed.TryGetValue(facts, out var id) && !_pending.TryGetValue(facts, out id))
        {
            id = find(facts);
            _pending[facts] = id;
        }

        _last = (facts, id);
        return id;
    }

    // The facts asked for last and their id, found or added in a transaction not rolled back since.
    private (string? Facts, long Id) _last;

    /// <summary>The open transaction committed: what it found or added is in the store.</summary>
    public void Committed()
    {
        if (_committed.Count + _pending.Count > Remembered)
        {
            _committed.Clear();
        }

        foreach (var (facts, id) in _pending)
        {
            _committed[facts] = id;
        }

        _pending.Clear();
    }

    /// <summary>The open transaction ended without committing: what it added is gone.</summary>
    public void RolledBack()
    {
        _pending.Clear();
        _last = default;
    }
}
