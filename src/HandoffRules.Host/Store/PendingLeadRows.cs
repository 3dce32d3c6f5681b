namespace HandoffRules.Host.Store;

/// <summary>
/// Lead rows the SQLite writer has saved in its transaction but not yet written. A lead is
/// often saved twice in one transaction (routed, then offered, accepted or breached before the
/// commit), and only its last row is what the commit keeps: each lead's row is written once, as last
/// saved — before a statement of the same transaction that reads the leads table, and before the
/// commit. Rows go in the order their leads were first saved, so a new lead's row takes the place
/// among the rows it took when every save was written at once. (The PostgreSQL writer, which sends
/// its writes in batches and is bound by its commits' syncs, showed no gain with it: it writes every save.)
/// <para>
/// The oldest rows may be written ahead of the commit (<see cref="WriteAhead"/>), while the writer
/// has nothing else to do: written all at the commit, they held up the deciding thread, which waits
/// for the commit. A lead saved again after its row was written ahead waits again, and is written again.
/// </para>
/// </summary>
/// <param name="write">Writes one row: the store's save statement with these values.</param>
internal sealed class PendingLeadRows(Action<(string Name, object Value)[]> write)
{
    // Where each waiting lead's row is in the list; the rows before the first waiting one were written ahead.
    private readonly Dictionary<string, int> _at = new(StringComparer.Ordinal);
    private readonly List<(string LeadId, (string Name, object Value)[] Row)> _rows = [];
    private int _firstWaiting;

    /// <summary>How many rows wait.</summary>
    public int Count => _rows.Count - _firstWaiting;

    /// <summary>
    /// Keeps the lead's row (the save statement's values) for the next flush, in place of one kept for
    /// it earlier; outside a transaction there is nothing to wait for, and the row is written at once.
    /// </summary>
    public void Save(string leadId, (string Name, object Value)[] row, bool inTransaction)
    {
        if (!inTransaction)
        {
            write(row);
            return;
        }

        if (_at.TryGetValue(leadId, out var i))
        {
            _rows[i] = (leadId, row);
            return;
        }

        _at[leadId] = _rows.Count;
        _rows.Add((leadId, row));
    }

    /// <summary>Writes what waits when <paramref name="sql"/>, about to run in the transaction, names the leads table.</summary>
    public void FlushBefore(string sql)
    {
        if (Count > 0 && sql.Contains("leads", StringComparison.Ordinal))
        {
            Flush();
        }
    }

    /// <summary>
    /// Writes at most <paramref name="rows"/> of the oldest rows that wait, leaving the newest
    /// <paramref name="keep"/> (the leads most likely to be saved again before the commit) waiting;
    /// true when more could be written.
    /// </summary>
    public bool WriteAhead(int rows, int keep)
    {
        var ahead = Math.Min(rows, Count - keep);
        for (var i = 0; i < ahead; i++)
        {
            var (leadId, row) = _rows[_firstWaiting];
            _at.Remove(leadId);
            _rows[_firstWaiting++] = default;
            write(row);
        }

        return Count > keep;
    }

    /// <summary>
    /// Writes what waits, in order, and forgets it. What waits is let go of first: a write that
    /// reads the leads table itself finds nothing left to flush.
    /// </summary>
    public void Flush()
    {
        if (Count == 0)
        {
            return;
        }

        var rows = _rows.GetRange(_firstWaiting, Count);
        Clear();
        foreach (var (_, row) in rows)
        {
            write(row);
        }
    }

    /// <summary>Forgets what waits (the transaction ended without it).</summary>
    public void Clear()
    {
        _rows.Clear();
        _at.Clear();
        _firstWaiting = 0;
    }
}
