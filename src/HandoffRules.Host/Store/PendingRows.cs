namespace HandoffRules.Host.Store;

/// <summary>
/// Rows of one table a writer has added but not yet inserted, inserted together, in the order they
/// were added, by one multi-row INSERT of up to <see cref="MaxRows"/> rows. A lead's hand-off logs
/// several events (SLA timers started, a task, alerts) and queues an alert or two, and each row
/// used to be a statement of its own. The writer flushes them before anything that reads the table
/// in the same transaction, before a row whose position must follow them (an intake event, which
/// the lead's row refers to), and before the transaction commits — so the table holds the same rows
/// in the same order, under the same ids, as when each was inserted at once.
/// </summary>
internal sealed class PendingRows
{
    /// <summary>The most rows one statement inserts.</summary>
    public const int MaxRows = 16;

    private readonly int _columns;

    // The waiting rows' values, one row after another: no array a row.
    private readonly List<object> _values;

    // One statement text per row count, built once: the writers find their prepared statements by
    // the text's reference.
    private readonly string[] _sql;

    private readonly string[][] _names;

    /// <summary>Rows for <paramref name="table"/>, each a value for every one of <paramref name="columns"/>.</summary>
    /// <param name="table">The table the rows go into.</param>
    /// <param name="columns">Its columns the rows give, in the order <see cref="Add"/> takes their values.</param>
    /// <param name="sqlPrefix">How the store's SQL names a parameter ("$" for SQLite, "@" for PostgreSQL).</param>
    /// <param name="bindPrefix">How the store's driver names it when a value is bound ("$" for SQLite, "" for PostgreSQL).</param>
    public PendingRows(string table, string[] columns, string sqlPrefix, string bindPrefix)
    {
        _columns = columns.Length;
        _values = new(MaxRows * _columns);
        _sql = [.. Enumerable.Range(0, MaxRows + 1).Select(n => n == 0 ? "" :
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES " +
            string.Join(", ", Enumerable.Range(0, n).Select(i => "(" + string.Join(", ", Enumerable.Range(0, _columns).Select(c => $"{sqlPrefix}v{i}_{c}")) + ")")))];
        _names = [.. Enumerable.Range(0, MaxRows).Select(i => Enumerable.Range(0, _columns).Select(c => $"{bindPrefix}v{i}_{c}").ToArray())];
    }

    /// <summary>True when no row waits.</summary>
    public bool IsEmpty => _values.Count == 0;

    /// <summary>Keeps a row for the next flush, a value for each column (DBNull for NULL); true when a statement's worth is waiting.</summary>
    /// <exception cref="ArgumentException">The row does not give a value for each column.</exception>
    public bool Add(params ReadOnlySpan<object> row)
    {
        if (row.Length != _columns)
        {
            throw new ArgumentException($"A row of {_columns} values was expected, not {row.Length}.", nameof(row));
        }

        _values.AddRange(row);
        return _values.Count >= MaxRows * _columns;
    }

    /// <summary>Inserts what waits, in order, with <paramref name="execute"/> (a statement and its values), and forgets it.</summary>
    public void Flush(Action<string, (string Name, object Value)[]> execute)
    {
        var rows = _values.Count / _columns;
        for (var start = 0; start < rows; start += MaxRows)
        {
            var count = Math.Min(MaxRows, rows - start);
            var values = new (string Name, object Value)[count * _columns];
            for (var i = 0; i < count; i++)
            {
                var names = _names[i];
                for (var c = 0; c < _columns; c++)
                {
                    values[(i * _columns) + c] = (names[c], _values[((start + i) * _columns) + c]);
                }
            }

            execute(_sql[count], values);
        }

        _values.Clear();
    }

    /// <summary>Forgets what waits: its transaction ended without it.</summary>
    public void Clear() => _values.Clear();
}
