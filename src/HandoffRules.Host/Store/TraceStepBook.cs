namespace HandoffRules.Host.Store;

/// <summary>
/// A writer's side of <see cref="CompactTrace"/>: turns a trace into step ids, writing each step
/// the store does not have yet inside the writer's open transaction. It remembers the steps it has
/// seen committed, so the steps every lead shares cost no statement at all; what the open
/// transaction wrote is remembered only once it commits, so a rolled-back batch cannot leave a
/// trace pointing at a step that was never kept.
/// </summary>
internal sealed class TraceStepBook
{
    // Enough for every step that repeats; steps unique to one lead (an employee count, a due time)
    // pass through and are forgotten when the book is full, not kept for the life of the host.
    private const int Remembered = 16_384;

    private readonly Dictionary<long, string> _committed = [];
    private readonly Dictionary<long, string> _pending = [];

    /// <summary>The trace to store: compact, or <paramref name="trace"/> itself when it cannot be (not a JSON array, or a step id already taken by another text).</summary>
    /// <param name="trace">The trace as written, a JSON array of steps.</param>
    /// <param name="insert">Writes the steps (distinct ids) whose ids are not there yet, all in one go; gives the ids it wrote.</param>
    /// <param name="stored">The text stored under an id, if any.</param>
    public string Compact(string trace, Func<IReadOnlyList<(long Id, string Step)>, IReadOnlySet<long>> insert, Func<long, string?> stored)
    {
        if (CompactTrace.StepRanges(trace) is not { } steps)
        {
            return trace;
        }

        var ids = new long[steps.Count];
        List<(long Id, string Step)>? unseen = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = trace.AsSpan()[steps[i]];
            var id = CompactTrace.Id(step);
            if (_committed.TryGetValue(id, out var known) || _pending.TryGetValue(id, out known))
            {
                if (!step.SequenceEqual(known))
                {
                    return trace;
                }
            }
            else if (unseen?.FindIndex(s => s.Id == id) is { } at and >= 0)
            {
                if (!step.SequenceEqual(unseen[at].Step))
                {
                    return trace;
                }
            }
            else
            {
                // A step this writer has not seen: only now is its text copied out of the trace.
                (unseen ??= []).Add((id, step.ToString()));
            }

            ids[i] = id;
        }

        if (unseen is not null)
        {
            // The steps unique to this lead (an employee count, a due time) go in by one statement;
            // a step already there (another host's, or one this writer forgot) must be the same text.
            var written = insert(unseen);
            foreach (var (id, text) in unseen)
            {
                if (!written.Contains(id) && !string.Equals(stored(id), text, StringComparison.Ordinal))
                {
                    return trace;
                }
            }

            foreach (var (id, text) in unseen)
            {
                _pending[id] = text;
            }
        }

        return CompactTrace.Encode(ids);
    }

    /// <summary>The open transaction committed: what it wrote is in the store.</summary>
    public void Committed()
    {
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

    /// <summary>The open transaction ended without committing: what it wrote is gone.</summary>
    public void RolledBack() => _pending.Clear();
}
