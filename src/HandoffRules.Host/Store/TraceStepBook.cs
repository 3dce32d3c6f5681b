using System.Data.Common;

namespace HandoffRules.Host.Store;

/// <summary>
/// A writer's side of <see cref="CompactTrace"/>: turns a trace into step ids, writing each step
/// the store does not have yet inside the writer's open transaction. It remembers the steps it has
/// seen committed, so the steps every lead shares cost no statement at all; what the open
/// transaction wrote is remembered only once it commits, so a rolled-back batch cannot leave a
/// trace pointing at a step that was never kept. A step it meets for the first time stays in the
/// trace itself (most such steps belong to one lead only); the second time, it goes into the table.
/// </summary>
/// <param name="sqlPrefix">How the store's SQL names a parameter ("$" for SQLite, "@" for PostgreSQL).</param>
/// <param name="bindPrefix">How the store's driver names it when a value is bound ("$" for SQLite, "" for PostgreSQL).</param>
internal sealed class TraceStepBook(string sqlPrefix, string bindPrefix)
{
    // Enough for every step that repeats; steps unique to one lead (an employee count, a due time)
    // never get here (see _metOnce).
    private const int Remembered = 16_384;

    private readonly Dictionary<long, string> _committed = [];
    private readonly Dictionary<long, string> _pending = [];

    // The ids of steps met once and kept in their trace. Bounded like the rest: when it is full it
    // starts again, and a step met before that is kept inline once more. What it holds needs no
    // undoing with a rolled-back batch: an inline step depends on nothing in the store.
    private const int MetOnceAtMost = 65_536;
    private readonly HashSet<long> _metOnce = [];

    // Up to this many steps a statement: a trace has a dozen or so, few of them new. One statement
    // text per step count, built once: the writers find their prepared statements by reference.
    private const int StepsAStatement = 16;

    private readonly string[] _insertSql = [.. Enumerable.Range(0, StepsAStatement + 1).Select(n =>
        "INSERT INTO trace_steps (id, step) VALUES " + string.Join(", ", Enumerable.Range(0, n).Select(i => $"({sqlPrefix}i{i}, {sqlPrefix}s{i})")) + " ON CONFLICT (id) DO NOTHING RETURNING id")];

    private readonly string[][] _insertNames = [.. Enumerable.Range(0, StepsAStatement).Select(i => new[] { $"{bindPrefix}i{i}", $"{bindPrefix}s{i}" })];

    /// <summary>The statement that keeps a lead's trace (<see cref="ToWrite"/>), its values bound as <c>lead</c> and <c>trace</c>.</summary>
    public string SaveTraceSql { get; } =
        $"INSERT INTO lead_traces (lead_id, trace) VALUES ({sqlPrefix}lead, {sqlPrefix}trace) ON CONFLICT (lead_id) DO UPDATE SET trace = excluded.trace";

    // The steps held back (see HoldBack), by id, until they are written all at once; null when the
    // book writes each step in the transaction that meets it.
    private Dictionary<long, string>? _heldBack;
    private int _heldBackAtMost;

    // The held steps were written in the open transaction (WriteHeldBack): they are in the store once it commits.
    private bool _heldBackWritten;

    /// <summary>
    /// How many steps a book holds back at most, by default: a 250,000-lead week meets some 56,000
    /// steps more than once, some 40 MB at the week's peak; a longer week writes them when it
    /// holds this many, and each one after as it meets it.
    /// </summary>
    internal const int HeldBackAtMost = 65_536;

    /// <summary>
    /// Holds the steps this writer would write back, for a store that began empty and has no other
    /// writer (a simulation's scratch store), until <see cref="WriteHeldBack"/>: a step's id is a hash
    /// of its text, so the steps each transaction adds land on pages all over <c>trace_steps</c>, and
    /// every commit wrote a share of the whole table again (a 100,000-lead week: 24,000 pages written
    /// to the log for a table of 966). Every step such a store holds is this writer's, so the ones held
    /// are checked against each other, in memory, as the store would check them. Until they are
    /// written, the traces that name them cannot be read. Once <paramref name="atMost"/> are held they
    /// should be written (<see cref="HoldsTooMany"/>), and the book goes back to writing each step as
    /// it meets it, the memory held bounded.
    /// </summary>
    /// <param name="atMost">How many steps to hold at most.</param>
    public void HoldBack(int atMost = HeldBackAtMost) => (_heldBack, _heldBackAtMost) = ([], atMost);

    /// <summary>True when steps are held back, to be written (<see cref="WriteHeldBack"/>) before the store is read.</summary>
    public bool HoldsAny => _heldBack is { Count: > 0 };

    /// <summary>True when the book holds as many steps as it may: they should be written now.</summary>
    public bool HoldsTooMany => _heldBack is { } held && held.Count >= _heldBackAtMost;

    /// <summary>
    /// Writes the steps held back, in the order of their ids, in the writer's open transaction; once
    /// it commits (<see cref="Committed"/>) the book writes each step as it meets it again.
    /// </summary>
    /// <param name="query">Runs a statement with its values in the writer's transaction and reads what it returns.</param>
    /// <param name="stored">The text stored under an id, if any, as <c>trace_steps</c> keeps it.</param>
    /// <exception cref="InvalidOperationException">The store held a different step under the id of one held back: it was not empty, or had another writer.</exception>
    public void WriteHeldBack(Func<string, (string Name, object Value)[], DbDataReader> query, Func<long, string?> stored)
    {
        if (_heldBack is null || _heldBack.Count == 0)
        {
            return;
        }

        if (!InsertAll([.. _heldBack.OrderBy(s => s.Key).Select(s => (s.Key, s.Value))], query, stored))
        {
            throw new InvalidOperationException("A trace step was held back as one text and the store holds another under its id: a store that holds its steps back must begin empty and have one writer.");
        }

        _heldBackWritten = true;
    }

    /// <summary>
    /// The trace a save of <paramref name="lead"/> writes into <c>lead_traces</c>, as the store keeps it:
    /// one the processor wrote (<see cref="StoredLead.WrittenTrace"/>, or <paramref name="steps"/> found
    /// in its text beforehand) or given as JSON goes in compact; none for a lead that comes without a
    /// trace or with the compact one read back from the store, whose stored trace stays as it is.
    /// </summary>
    /// <param name="lead">The lead saved.</param>
    /// <param name="steps">The steps of its trace's text, if they were found before the writer's turn.</param>
    /// <param name="query">Runs a statement with its values in the writer's transaction and reads what it returns.</param>
    /// <param name="stored">The text stored under an id, if any, as <c>trace_steps</c> keeps it.</param>
    public string? ToWrite(StoredLead lead, TraceSteps? steps, Func<string, (string Name, object Value)[], DbDataReader> query, Func<long, string?> stored) =>
        (steps ?? lead.WrittenTrace) is { } known ? Compact(known, query, stored)
        : lead.Trace is not { } trace || CompactTrace.IsCompact(trace) ? null
        : Compact(trace, query, stored);

    /// <summary>The trace to store: compact, or <paramref name="trace"/> itself when it cannot be (not a JSON array, or a step id already taken by another text).</summary>
    /// <param name="trace">The trace as written, a JSON array of steps.</param>
    /// <param name="query">Runs a statement with its values in the writer's transaction and reads what it returns.</param>
    /// <param name="stored">The text stored under an id, if any, as <c>trace_steps</c> keeps it.</param>
    public string Compact(string trace, Func<string, (string Name, object Value)[], DbDataReader> query, Func<long, string?> stored) =>
        CompactTrace.Steps(trace) is { } steps ? Compact(steps, query, stored) : trace;

    /// <summary>
    /// As <see cref="Compact(string, Func{string, ValueTuple{string, object}[], DbDataReader}, Func{long, string?})"/>,
    /// for a trace whose steps were found and hashed already (<see cref="CompactTrace.Steps"/>).
    /// </summary>
    public string Compact(TraceSteps steps, Func<string, (string Name, object Value)[], DbDataReader> query, Func<long, string?> stored)
    {
        var ids = new long[steps.Count];
        List<(long Id, string Step)>? unseen = null;
        List<string>? inline = null;
        for (var i = 0; i < ids.Length; i++)
        {
            var step = steps.Step(i);
            var id = steps.Ids[i];
            if (id == CompactTrace.InlineId)
            {
                return steps.Trace;
            }

            if (_committed.TryGetValue(id, out var known) || _pending.TryGetValue(id, out known) || _heldBack?.TryGetValue(id, out known) == true)
            {
                if (!step.SequenceEqual(known))
                {
                    return steps.Trace;
                }
            }
            else if (unseen is not null && IndexOf(unseen, id) is var at and >= 0)
            {
                if (!step.SequenceEqual(unseen[at].Step))
                {
                    return steps.Trace;
                }
            }
            else if (MeetsFirst(id) && CompactTrace.StoredStep(step) is var kept && CompactTrace.CanInline(kept))
            {
                (inline ??= []).Add(kept);
                id = CompactTrace.InlineId;
            }
            else
            {
                // A step met before and not in the store yet: only now is its text copied out of the trace.
                (unseen ??= []).Add((id, step.ToString()));
            }

            ids[i] = id;
        }

        if (unseen is not null && _heldBack is not null)
        {
            // Held back: every step the store has is this writer's, and known here.
            foreach (var (id, text) in unseen)
            {
                _pending[id] = text;
            }
        }
        else if (unseen is not null)
        {
            // The steps unique to this lead (an employee count, a due time) go in by one statement.
            if (!InsertAll(unseen, query, stored))
            {
                return steps.Trace;
            }

            foreach (var (id, text) in unseen)
            {
                _pending[id] = text;
            }
        }

        return CompactTrace.Encode(ids, inline);
    }

    // Where the step with this id is among those met before and not in the store yet, or -1 (a loop,
    // not a lambda: one capturing the id was allocated for every step of every trace).
    private static int IndexOf(List<(long Id, string Step)> unseen, long id)
    {
        for (var i = 0; i < unseen.Count; i++)
        {
            if (unseen[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    // True the first time a step is met (since the set last started again).
    private bool MeetsFirst(long id)
    {
        if (_metOnce.Count >= MetOnceAtMost)
        {
            _metOnce.Clear();
        }

        return _metOnce.Add(id);
    }

    // Writes the steps not there yet; true when each step is then there as given, written now or there
    // already with the same text (another host's, or one this writer forgot).
    private bool InsertAll(List<(long Id, string Step)> steps, Func<string, (string Name, object Value)[], DbDataReader> query, Func<long, string?> stored)
    {
        var written = Insert(steps, query);
        foreach (var (id, text) in steps)
        {
            if (!written.Contains(id) && !(stored(id) is { } kept && string.Equals(CompactTrace.StepText(kept), text, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    // Writes the steps not there yet, up to a statement's worth at a time, and says which it wrote.
    private HashSet<long> Insert(List<(long Id, string Step)> steps, Func<string, (string Name, object Value)[], DbDataReader> query)
    {
        var written = new HashSet<long>();
        for (var start = 0; start < steps.Count; start += StepsAStatement)
        {
            var count = Math.Min(StepsAStatement, steps.Count - start);
            var values = new (string Name, object Value)[count * 2];
            for (var i = 0; i < count; i++)
            {
                values[i * 2] = (_insertNames[i][0], steps[start + i].Id);
                values[(i * 2) + 1] = (_insertNames[i][1], CompactTrace.StoredStep(steps[start + i].Step));
            }

            using var reader = query(_insertSql[count], values);
            while (reader.Read())
            {
                written.Add(reader.GetInt64(0));
            }
        }

        return written;
    }

    /// <summary>The open transaction committed: what it wrote is in the store, or held back with the rest.</summary>
    public void Committed()
    {
        if (_heldBackWritten)
        {
            (_heldBack, _heldBackWritten) = (null, false);
        }

        if (_heldBack is not null)
        {
            foreach (var (id, step) in _pending)
            {
                _heldBack[id] = step;
            }

            _pending.Clear();
            return;
        }

        if (_committed.Count + _pending.Count > Remembered)
        {
            _committed.Clear();
        }

        foreach (var (id, step) in _pending)
        {
            _committed[id] = step;
        }

        _pending.Clear();
    }

    /// <summary>The open transaction ended without committing: what it wrote is gone (the steps held back are held still).</summary>
    public void RolledBack()
    {
        _pending.Clear();
        _heldBackWritten = false;
    }
}
