namespace HandoffRules.Host.Store;

/// <summary>
/// Events a writer has appended but not yet inserted: a lead's hand-off logs several (SLA timers
/// started, a task, alerts), and each used to be a statement of its own. They are inserted together,
/// in the order they were appended, by one multi-row INSERT — before anything that reads the event
/// log in the same transaction, before an intake event (whose position the lead's row refers to,
/// and which must follow the events appended before it), and before the transaction commits — so
/// the log holds the same rows in the same order as when each was inserted at once.
/// </summary>
/// <param name="sqlPrefix">How the store's SQL names a parameter ("$" for SQLite, "@" for PostgreSQL).</param>
/// <param name="bindPrefix">How the store's driver names it when a value is bound ("$" for SQLite, "" for PostgreSQL).</param>
internal sealed class PendingEvents(string sqlPrefix, string bindPrefix)
{
    /// <summary>The most rows one statement inserts (six values each).</summary>
    public const int MaxRows = 16;

    private readonly List<(string LeadId, string Type, long At, string Data, object Playbook, object Facts)> _rows = new(MaxRows);

    // One statement text per row count, built once: the writers find their prepared statements by
    // the text's reference.
    private readonly string[] _sql = [.. Enumerable.Range(0, MaxRows + 1).Select(n => n == 0 ? "" :
        "INSERT INTO events (lead_id, type, at, data, playbook_id, facts_id) VALUES " +
        string.Join(", ", Enumerable.Range(0, n).Select(i => $"({sqlPrefix}l{i}, {sqlPrefix}t{i}, {sqlPrefix}a{i}, {sqlPrefix}d{i}, {sqlPrefix}p{i}, {sqlPrefix}f{i})")))];

    private readonly string[][] _names = [.. Enumerable.Range(0, MaxRows).Select(i => new[] { "l", "t", "a", "d", "p", "f" }.Select(n => $"{bindPrefix}{n}{i}").ToArray())];

    /// <summary>True when no event waits.</summary>
    public bool IsEmpty => _rows.Count == 0;

    /// <summary>Keeps an event for the next flush; true when a statement's worth is waiting.</summary>
    public bool Add(string leadId, string type, long at, string data, object playbookId, object factsId)
    {
        _rows.Add((leadId, type, at, data, playbookId, factsId));
        return _rows.Count >= MaxRows;
    }

    /// <summary>Inserts what waits, in order, with <paramref name="execute"/> (a statement and its values), and forgets it.</summary>
    public void Flush(Action<string, (string Name, object Value)[]> execute)
    {
        for (var start = 0; start < _rows.Count; start += MaxRows)
        {
            var count = Math.Min(MaxRows, _rows.Count - start);
            var values = new (string Name, object Value)[count * 6];
            for (var i = 0; i < count; i++)
            {
                var (leadId, type, at, data, playbookId, factsId) = _rows[start + i];
                var names = _names[i];
                values[i * 6] = (names[0], leadId);
                values[(i * 6) + 1] = (names[1], type);
                values[(i * 6) + 2] = (names[2], at);
                values[(i * 6) + 3] = (names[3], data);
                values[(i * 6) + 4] = (names[4], playbookId);
                values[(i * 6) + 5] = (names[5], factsId);
            }

            execute(_sql[count], values);
        }

        _rows.Clear();
    }

    /// <summary>Forgets what waits: its transaction ended without it.</summary>
    public void Clear() => _rows.Clear();
}
