namespace HandoffRules.Host.Store;

/// <summary>
/// SLA timers the SQLite writer started for leads taken in within its transaction, not yet
/// inserted. A new lead's timers are inserted several to a statement before the transaction reads
/// the timers table, before a timer is started for a lead the store already kept, and before the
/// commit; a timer settled before then (a replay meets many a breach within the hours its
/// transaction covers) is settled here and inserted as settled, not inserted and then updated.
/// The table holds the same rows, under row ids in the order the timers were started (due timers
/// with the same deadline are read in that order), as when each statement ran at once.
/// <para>
/// Only the newest <see cref="NewestKept"/> wait long: the oldest go in a statement's worth at a
/// time as newer ones come (<see cref="TooMany"/>, <see cref="FlushOldest"/>), on the writing
/// thread while the transaction goes on — all of a transaction's timers left for its commit held
/// up the deciding thread, which waits for the commit.
/// </para>
/// </summary>
internal sealed class PendingTimers
{
    /// <summary>A timer row's columns, in the order its values are kept.</summary>
    private static readonly string[] Columns = ["lead_id", "sla", "kind", "started_at", "due_at", "state", "settled_at", "late"];

    private const int State = 5;
    private const int SettledAt = 6;
    private const int Late = 7;

    // The same rule as a timer started by a statement of its own: a row still pending keeps its deadline.
    private readonly PendingRows _statements = new("timers", Columns, "$", "$", """
        ON CONFLICT (lead_id, sla) DO UPDATE SET kind = excluded.kind, started_at = excluded.started_at, due_at = excluded.due_at,
          state = excluded.state, settled_at = excluded.settled_at, late = excluded.late
        WHERE timers.state <> 'pending'
        """);

    /// <summary>How many of the newest timers wait for the commit (a lead's SLA is often settled soon after it started).</summary>
    public const int NewestKept = 512;

    private readonly Dictionary<(string LeadId, string Sla), object[]> _byKey = [];

    // The waiting rows in the order they were started; those before _first went in already.
    private readonly List<(string LeadId, string Sla, object[] Row)> _rows = [];
    private int _first;

    /// <summary>True when no timer waits.</summary>
    public bool IsEmpty => _rows.Count == _first;

    /// <summary>True when more than <see cref="NewestKept"/> and a statement's worth wait.</summary>
    public bool TooMany => _rows.Count - _first >= NewestKept + PendingRows.MaxRows;

    /// <summary>
    /// Keeps a new lead's timer, with the values of its row (<paramref name="startedAt"/> and
    /// <paramref name="dueAt"/> as the store keeps times), unless one of that SLA waits still
    /// pending, which keeps its deadline as in the store; true when it was started.
    /// </summary>
    public bool Start(string leadId, string sla, string kind, object startedAt, object dueAt, string state)
    {
        if (_byKey.TryGetValue((leadId, sla), out var waiting))
        {
            if ((string)waiting[State] == StoredTimer.Pending)
            {
                return false;
            }

            // Started again after it ended: the row as a new start leaves it.
            waiting[2] = kind;
            waiting[3] = startedAt;
            waiting[4] = dueAt;
            waiting[State] = state;
            waiting[SettledAt] = DBNull.Value;
            waiting[Late] = 0;
            return true;
        }

        object[] row = [leadId, sla, kind, startedAt, dueAt, state, DBNull.Value, 0];
        _byKey[(leadId, sla)] = row;
        _rows.Add((leadId, sla, row));
        return true;
    }

    /// <summary>True when the lead's timer of that SLA waits here (and was settled here if it was still pending); false when the store has to settle it.</summary>
    public bool Settle(string leadId, string sla, string state, object at, bool late)
    {
        if (!_byKey.TryGetValue((leadId, sla), out var waiting))
        {
            return false;
        }

        if ((string)waiting[State] == StoredTimer.Pending)
        {
            waiting[State] = state;
            waiting[SettledAt] = at;
            waiting[Late] = late ? 1 : 0;
        }

        return true;
    }

    /// <summary>True when the lead's timer of that SLA waits here.</summary>
    public bool Holds(string leadId, string sla) => _byKey.ContainsKey((leadId, sla));

    /// <summary>Inserts the oldest statement's worth of what waits with <paramref name="execute"/> (a statement and its values), and forgets it.</summary>
    public void FlushOldest(Action<string, (string Name, object Value)[]> execute) => Flush(PendingRows.MaxRows, execute);

    /// <summary>Inserts what waits, in the order the timers were started, with <paramref name="execute"/> (a statement and its values), and forgets it.</summary>
    public void Flush(Action<string, (string Name, object Value)[]> execute) => Flush(_rows.Count - _first, execute);

    private void Flush(int count, Action<string, (string Name, object Value)[]> execute)
    {
        if (IsEmpty)
        {
            return;
        }

        // What goes is let go of first: a statement that reads the timers table finds nothing left to flush.
        var rows = _rows.GetRange(_first, count);
        foreach (var (leadId, sla, _) in rows)
        {
            _byKey.Remove((leadId, sla));
        }

        _first += count;
        if (IsEmpty)
        {
            _rows.Clear();
            _first = 0;
        }

        foreach (var (_, _, row) in rows)
        {
            if (_statements.Add(row))
            {
                _statements.Flush(execute);
            }
        }

        _statements.Flush(execute);
    }

    /// <summary>Forgets what waits: its transaction ended without it.</summary>
    public void Clear()
    {
        _byKey.Clear();
        _rows.Clear();
        _first = 0;
        _statements.Clear();
    }
}
