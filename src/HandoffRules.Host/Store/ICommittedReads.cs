using HandoffRules.Model;

namespace HandoffRules.Host.Store;

/// <summary>
/// The reads a <see cref="QueuedWriter"/> answers without waiting for the writes queued before them:
/// each of the store as last committed, on a connection of its own. The queued writer adds what its
/// open transaction wrote, which this connection cannot see.
/// </summary>
internal interface ICommittedReads : IDisposable
{
    /// <summary>The committed outcome of an input, and whether a lead of that id is kept (see <see cref="IHandoffWriter.InputOutcomeAndLead"/>).</summary>
    (string? Outcome, bool LeadKept) InputOutcomeAndLead(string source, string sourceId, string? leadId);

    /// <summary>What is kept under each key, in their order (see <see cref="IHandoffWriter.FindDuplicateKeys"/>).</summary>
    (string LeadId, string? Queue, string? Member, DateTimeOffset At)?[] FindDuplicateKeys(IReadOnlyList<string> keys);

    /// <summary>The lead's projection as stored, or null (see <see cref="IHandoffWriter.FindLead"/>).</summary>
    StoredLead? FindLead(string leadId);

    /// <summary>The lead's normalised lead, or null (see <see cref="IHandoffWriter.NormalisedLead"/>).</summary>
    Lead? NormalisedLead(string leadId);

    /// <summary>The lead's timers (see <see cref="IHandoffWriter.Timers"/>).</summary>
    IReadOnlyList<StoredTimer> Timers(string leadId);
}
