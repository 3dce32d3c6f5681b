using HandoffRules.Model;

namespace HandoffRules.Host.Store;

/// <summary>One event as its store keeps it (see <see cref="SqliteHandoffStore.ReadEvents(IReadOnlyCollection{string}, StoredEventReader)"/>): the spans are valid only during the call.</summary>
/// <param name="seq">Its position in the log.</param>
/// <param name="leadId">The lead it concerns, in UTF-8 (empty for an event of no lead).</param>
/// <param name="type">Its type, in UTF-8.</param>
/// <param name="at">When it happened.</param>
/// <param name="data">Its facts, a JSON object in UTF-8.</param>
/// <param name="playbook">The playbook that wrote it; null for events written before versions were recorded.</param>
public delegate void StoredEventReader(long seq, ReadOnlySpan<byte> leadId, ReadOnlySpan<byte> type, DateTimeOffset at, ReadOnlySpan<byte> data, PlaybookVersion? playbook);
