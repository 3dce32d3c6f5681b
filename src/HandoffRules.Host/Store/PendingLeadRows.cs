namespace HandoffRules.Host.Store;

/// <summary>
/// Lead rows the SQLite writer has saved in its transaction but not yet written. A lead is
/// often saved twice in one transaction (routed, then offered, accepted or breached before the
/// commit), and only its last row is what the commit keeps: each lead's row is written once, as last
/// saved — before a statement of the same transaction that reads the leads table, and before the
/// commit. Rows go in the order their leads were first saved, so a new lead's row takes the place
/// among the rows it took when every save was written at once. (The PostgreSQL writer, which sends
/// its writes in batches and is bound by its commits' syncs, showed no gain with it: it writes every save.)
/// </summary>
/// <param name="write">Writes one row: the store's save statement with these values.</param>
internal sealed class PendingLeadRows(Action<(string Name, object Value)[]> write)
{
    private readonly Dictionary<string, int> _at = new(StringComparer.Ordinal);
    private readonly List<(string Name, object Value)[]> _rows = [];

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
            _rows[i] = row;
            return;
        }

        _at[leadId] = _rows.Count;
        _rows.Add(row);
    }

    /// <summary>Writes what waits when <paramref name="sql"/>, about to run in the transaction, names the leads table.</summary>
    public void FlushBefore(string sql)
    {
        if (_rows.Count > 0 && sql.Contains("leads", StringComparison.Ordinal))
        {
            Flush();
        }
    }

    /// <summary>
    /// Writes what waits, in order, and forgets it. What waits is let go of first: a write that
    /// reads the leads table itself finds nothing left to flush.
    /// </summary>
    public void Flush()
    {
        if (_rows.Count == 0)
        {
            return;
        }

        var rows = _rows.ToArray();
        Clear();
        foreach (var row in rows)
        {
            write(row);
        }
    }

    /// <summary>Forgets what waits (the transaction ended without it).</summary>
    public void Clear()
    {
        _rows.Clear();
        _at.Clear();
    }
}
