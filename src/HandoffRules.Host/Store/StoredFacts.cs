namespace HandoffRules.Host.Store;

/// <summary>
/// The facts of its lead an event opened with (source, segment, territory, queue, member), as the
/// store keeps them: once per distinct set, shared by every event that names it (from schema
/// version 8, <c>event_facts</c>). Within one read each set is one instance, so a reader of many
/// events can read a set once and remember what it found by <see cref="Id"/>.
/// </summary>
public sealed class StoredFacts
{
    private readonly byte[] _members;

    internal StoredFacts(long id, byte[] members) => (Id, _members) = (id, members);

    /// <summary>The set's id in its log: the same id, the same facts.</summary>
    public long Id { get; }

    /// <summary>The facts as the members of a JSON object in UTF-8, without the braces: what the event's data opened with.</summary>
    public ReadOnlySpan<byte> Members => _members;

    /// <summary>
    /// An event's data as it was written: <paramref name="facts"/> first, then the members of
    /// <paramref name="data"/>; <paramref name="data"/> itself when the event names no set. Written into
    /// <paramref name="buffer"/> (grown when too small), valid until its next use.
    /// </summary>
    /// <param name="data">The rest of the event's data, a JSON object in UTF-8.</param>
    /// <param name="facts">The set the event names, or null.</param>
    /// <param name="buffer">Where the joined data is written.</param>
    public static ReadOnlySpan<byte> Join(ReadOnlySpan<byte> data, StoredFacts? facts, ref byte[] buffer) =>
        facts is null ? data : StoredRows.EventData(data, facts._members, ref buffer);
}
