namespace HandoffRules.Host.Store;

/// <summary>
/// A writer's writes split in two: the part that needs no connection — an event's row made from its
/// data, a trace's steps found and hashed — done by whoever calls, and the rest done in the writer's
/// turn. A <see cref="QueuedWriter"/> does the first part on the deciding thread, so its writing
/// thread, which every lead waits on, runs only the statements. The first part touches nothing of
/// the writer's own, so it may run on another thread than the writes.
/// </summary>
internal interface IPreparedWrites
{
    /// <summary>The event's data as its row keeps it: the lead's facts, the rest as JSON, and an intake event's input (see <see cref="StoredRows.EventRow"/>).</summary>
    (string? Facts, string Data, string? Input) PrepareEvent(EventMembers data);

    /// <summary>Appends an event whose row <see cref="PrepareEvent"/> made, as <see cref="IHandoffWriter.Append"/> does.</summary>
    void Append(string leadId, string type, DateTimeOffset at, (string? Facts, string Data, string? Input) row);

    /// <summary>Writes the lead's projection, its trace's steps found already when it had a trace to compact (<see cref="CompactTrace.Steps"/>).</summary>
    void SaveLead(StoredLead lead, TraceSteps? steps);

    /// <summary>Keeps a duplicate key under its digest (<see cref="DuplicateKeyStatements.Digest"/>), made already, as <see cref="IHandoffWriter.SaveDuplicateKey"/> does.</summary>
    void SaveDuplicateKey(byte[] digest, string leadId, string? queue, string? member, DateTimeOffset at);
}
