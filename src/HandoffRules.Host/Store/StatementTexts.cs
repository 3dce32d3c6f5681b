namespace HandoffRules.Host.Store;

/// <summary>
/// What a writer keeps per statement text (a prepared command or statement), made on first use.
/// The texts are constants, so they are found by reference first — hashing a long statement's text
/// on each of the twenty or so statements a lead costs more than the lookup — then by content.
/// </summary>
/// <typeparam name="T">What is kept per text.</typeparam>
internal sealed class StatementTexts<T>
{
    // A text built anew on every call would grow the reference table without end: past this many,
    // texts are found by content only.
    private const int ByReferenceAtMost = 256;

    private readonly Dictionary<string, T> _byText = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T> _byReference = new(ReferenceEqualityComparer.Instance);

    /// <summary>Everything kept, one per distinct text.</summary>
    public IEnumerable<T> Values => _byText.Values;

    /// <summary>What is kept for <paramref name="sql"/>, made by <paramref name="make"/> the first time the text is seen.</summary>
    public T Get<TState>(string sql, TState state, Func<string, TState, T> make)
    {
        if (_byReference.TryGetValue(sql, out var kept))
        {
            return kept;
        }

        if (!_byText.TryGetValue(sql, out kept))
        {
            kept = make(sql, state);
            _byText.Add(sql, kept);
        }

        if (_byReference.Count < ByReferenceAtMost)
        {
            _byReference.Add(sql, kept);
        }

        return kept;
    }

    /// <summary>Forgets everything kept (its owner disposes of it).</summary>
    public void Clear()
    {
        _byText.Clear();
        _byReference.Clear();
    }
}
