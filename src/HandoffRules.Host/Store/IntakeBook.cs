using HandoffRules.Model;

namespace HandoffRules.Host.Store;

/// <summary>
/// A writer's side of keeping a lead once (schema versions 7 and 9): the intake events logged in the
/// open transaction, so that saving the lead's row can refer to the decision and the input its
/// intake event holds instead of copying the decision and the normalised lead; and the id of the
/// writer's playbook in <c>playbooks</c>, which every event keeps instead of the version's text.
/// What the open transaction wrote is forgotten when it ends; the playbook's id is kept only once
/// the transaction that found or added it commits.
/// </summary>
internal sealed class IntakeBook
{
    private readonly Dictionary<string, (object Seq, string Decision, string Input)> _logged = new(StringComparer.Ordinal);
    private long? _playbookId;
    private long? _pendingPlaybookId;

    /// <summary>
    /// An intake event was appended for the lead: what the lead's row binds as its position (the
    /// position itself, or what tells the store's SQL to find it), its data without the input (the
    /// decision), and the input.
    /// </summary>
    public void Logged(string leadId, object seq, string decision, string input) => _logged[leadId] = (seq, decision, input);

    /// <summary>
    /// What the lead's row stores as its decision and its normalised lead. When its intake event,
    /// logged in this transaction, holds the very same decision: '' and the event's position; and the
    /// lead '' too when <see cref="NormalisedLead.Rebuild"/> gives back its very text from the event's
    /// input. Otherwise each is stored as it is, and the decision without a position (DBNull). A lead
    /// saved as its input (<see cref="NormalisedLead.AsItsInput"/>) keeps the event's position whatever
    /// its decision: the row rebuilds it from there.
    /// </summary>
    public (string Decision, string Lead, object IntakeSeq) Row(StoredLead lead)
    {
        if (!_logged.TryGetValue(lead.LeadId, out var intake))
        {
            return (lead.Decision, lead.Lead, DBNull.Value);
        }

        var sameDecision = string.Equals(intake.Decision, lead.Decision, StringComparison.Ordinal);
        if (lead.Lead.Length == 0)
        {
            return (sameDecision ? "" : lead.Decision, NormalisedLead.AsItsInput, intake.Seq);
        }

        if (!sameDecision)
        {
            return (lead.Decision, lead.Lead, DBNull.Value);
        }

        var rebuilt = NormalisedLead.Rebuild(intake.Input, lead.LeadId, lead.ArrivedAt);
        return ("", string.Equals(rebuilt, lead.Lead, StringComparison.Ordinal) ? NormalisedLead.AsItsInput : lead.Lead, intake.Seq);
    }

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
