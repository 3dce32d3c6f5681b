using System.Globalization;
using HandoffRules.Host.Crm;
using HandoffRules.Host.Store;
using HandoffRules.Model;
using HandoffRules.Routing;

namespace HandoffRules.Host.Processing;

/// <summary>
/// Write-backs to HubSpot, queued in the outbox in the transaction of the decision that causes
/// them. Only for a playbook that declares its HubSpot mapping, a host with a HubSpot access token,
/// and a lead that is a HubSpot contact.
/// </summary>
internal sealed partial class HandoffSession
{
    private const string ContactPrefix = "hubspot-";

    /// <summary>The HubSpot contact id of a lead, or null when the lead did not come from HubSpot.</summary>
    internal static string? ContactId(string leadId)
    {
        if (!leadId.StartsWith(ContactPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        // A contact converting again is a new lead "hubspot-{id}/{event}": still that contact.
        var id = leadId[ContactPrefix.Length..];
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? id : id[..slash];
    }

    /// <summary>
    /// Queue the write-backs a HubSpot-synced playbook would make even without a token, every lead
    /// standing for a contact: the simulation records them so its run can count them.
    /// </summary>
    public bool SimulatesWriteBacks { get; init; }

    /// <summary>What was queued for HubSpot in this session, by kind.</summary>
    public HubSpotWriteBackTally WriteBackTally { get; } = new();

    private HubSpotMapping? WriteBackMapping(string leadId) =>
        Playbook.HubSpot is { } mapping && WriteBackContact(leadId) is not null ? mapping : null;

    private string? WriteBackContact(string leadId) =>
        SimulatesWriteBacks ? ContactId(leadId) ?? leadId
        : Options.HubSpot.AccessToken is not null ? ContactId(leadId) : null;

    private void EnqueueWriteBack(string contact, HubSpotWriteBack write, string leadId)
    {
        Writer.Enqueue(HubSpotWriteBack.Channel, contact, write.ToJson(), leadId, Time.GetUtcNow());
        var mapping = Playbook.HubSpot!;
        WriteBackTally.Add(write, mapping.StatusProperty, mapping.StageProperty, mapping.ReasonProperty);
    }

    /// <summary>On routing: the owner, the initial status and the stage, and a task per CreateTask of the trigger.</summary>
    private void WriteBackRouting(StoredLead stored, RoutingDecision decision, Lead lead)
    {
        if (WriteBackMapping(stored.LeadId) is not { } mapping)
        {
            return;
        }

        var contact = WriteBackContact(stored.LeadId)!;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stored.Status is { } status && mapping.StatusValue(status) is { } statusValue)
        {
            properties[mapping.StatusProperty] = statusValue;
        }

        if (stored.Stage is { } stage && mapping.StageValue(stage) is { } stageValue)
        {
            properties[mapping.StageProperty] = stageValue;
        }

        EnqueueWriteBack(contact, new HubSpotWriteBack(properties, decision.Member?.Id, null, null), stored.LeadId);

        if (decision.Trigger is not { } trigger)
        {
            return;
        }

        foreach (var action in trigger.Actions)
        {
            if (action.Kind != TriggerActionKind.CreateTask)
            {
                continue;
            }

            var due = decision.FirstTouchDue ?? decision.AcceptanceDue ?? lead.ArrivedAt;
            var why = $"{Describe(stored, decision, lead)}\nRoute: {stored.Queue ?? "account owner"} by the playbook's rules; SLA deadline {due.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.";
            var task = new HubSpotTask($"{stored.LeadId}/{trigger.Name}/{action.Target}", action.Target, why, due, decision.FirstTouchSla is null ? "MEDIUM" : "HIGH");
            EnqueueWriteBack(contact, new HubSpotWriteBack(null, decision.Member?.Id, null, task), stored.LeadId);
        }
    }

    /// <summary>
    /// After an SDR action (or a reassignment, escalation, recycle): what changed — owner, status,
    /// stage, reason — in one contact update. A stage HubSpot would not move back to is cleared
    /// first when the mapping allows it.
    /// </summary>
    private void WriteBackChange(StoredLead before, StoredLead after, string? reason)
    {
        if (WriteBackMapping(after.LeadId) is not { } mapping)
        {
            return;
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (after.Status is { } status && status != before.Status && mapping.StatusValue(status) is { } statusValue)
        {
            properties[mapping.StatusProperty] = statusValue;
        }

        string? clear = null;
        if (after.Stage is { } stage && stage != before.Stage && mapping.StageValue(stage) is { } stageValue)
        {
            properties[mapping.StageProperty] = stageValue;
            var from = before.Stage is { } previous ? mapping.StageValue(previous) : null;
            if (mapping.ClearStageToMoveBack && from is not null
                && HubSpotMapping.LifecycleRank(stageValue) is { } to && HubSpotMapping.LifecycleRank(from) is { } was && to < was)
            {
                clear = mapping.StageProperty;
            }
        }

        if (reason is not null && mapping.ReasonProperty is { } reasonProperty)
        {
            properties[reasonProperty] = mapping.ReasonValue(reason);
        }

        var owner = after.Member != before.Member ? after.Member : null;
        if (properties.Count == 0 && owner is null)
        {
            return;
        }

        EnqueueWriteBack(WriteBackContact(after.LeadId)!, new HubSpotWriteBack(properties, owner, clear, null), after.LeadId);
    }
}
