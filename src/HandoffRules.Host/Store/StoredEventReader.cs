using HandoffRules.Model;

namespace HandoffRules.Host.Store;

/// <summary>One event as its store keeps it (see <see cref="SqliteHandoffStore.ReadEvents(IReadOnlyCollection{string}, StoredEventReader)"/>): the spans are valid only during the call.</summary>
/// <param name="seq">Its position in the log.</param>
/// <param name="leadId">The lead it concerns, in UTF-8 (empty for an event of no lead).</param>
/// <param name="type">Its type, in UTF-8.</param>
/// <param name="at">When it happened.</param>
/// <param name="data">Its data, a JSON object in UTF-8: all of it, or when the event names a set of its lead's facts kept apart, the rest of it.</param>
/// <param name="facts">
/// That set, which the data as written opened with (<see cref="StoredFacts.Join"/> puts it back), or
/// null: the event names none, or the log keeps its lead's facts in each event's data (before schema version 8).
/// </param>
/// <param name="playbook">The playbook that wrote it; null for events written before versions were recorded.</param>
public delegate void StoredEventReader(long seq, ReadOnlySpan<byte> leadId, ReadOnlySpan<byte> type, DateTimeOffset at, ReadOnlySpan<byte> data, StoredFacts? facts, PlaybookVersion? playbook);
