using HandoffRules.Model;

namespace HandoffRules.Host.Store;

/// <summary>
/// A writer's side of keeping a lead once (schema version 7): the intake events logged in the open
/// transaction, so that saving the lead's row can refer to the decision its intake event holds
/// instead of copying it, and the id of the writer's playbook in <c>playbooks</c>, which every
/// event keeps instead of the version's text. What the open transaction wrote is forgotten when it
/// ends; the playbook's id is kept only once the transaction that found or added it commits.
/// </summary>
internal sealed class IntakeBook
{
    private readonly Dictionary<string, (long Seq, string Decision)> _logged = new(StringComparer.Ordinal);
    private long? _playbookId;
    private long? _pendingPlaybookId;

    /// <summary>An intake event was appended for the lead: its position, and its data without the input (the decision).</summary>
    public void Logged(string leadId, long seq, string decision) => _logged[leadId] = (seq, decision);

    /// <summary>
    /// What the lead's row stores as its decision: '' and the intake event's position when that event,
    /// logged in this transaction, holds the very same text; else the decision itself and no position.
    /// </summary>
    public (string Decision, object IntakeSeq) Decision(StoredLead lead) =>
        _logged.TryGetValue(lead.LeadId, out var intake) && string.Equals(intake.Decision, lead.Decision, StringComparison.Ordinal)
            ? ("", intake.Seq)
            : (lead.Decision, DBNull.Value);

    /// <summary>The id events name the playbook by, found or added with <paramref name="find"/> on first use; NULL for no playbook.</summary>
    public object PlaybookId(PlaybookVersion? playbook, Func<PlaybookVersion, long> find)
    {
        if (playbook is null)
        {
            return DBNull.Value;
        }

        return _playbookId ?? _pendingPlaybookId ?? (_pendingPlaybookId = find(playbook)).Value;
    }

    /// <summary>The open transaction committed.</summary>
    public void Committed()
    {
        _playbookId ??= _pendingPlaybookId;
        Ended();
    }

    /// <summary>The open transaction ended (committed or not).</summary>
    public void Ended()
    {
        _pendingPlaybookId = null;
        _logged.Clear();
    }
}
