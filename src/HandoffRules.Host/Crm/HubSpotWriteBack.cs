using System.Text.Json;

namespace HandoffRules.Host.Crm;

/// <summary>
/// One write to HubSpot, queued in the outbox (channel <see cref="Channel"/>, target the contact
/// id) in the transaction of the decision that causes it, so it is delivered at least once.
/// Either a contact update (properties and owner) or a task for the lead's owner.
/// </summary>
/// <param name="Properties">Contact properties to set (status, stage, reason), by HubSpot property name.</param>
/// <param name="Owner">The member whose HubSpot owner becomes the contact's (and the task's) owner; null to leave it.</param>
/// <param name="ClearStage">The stage property to clear before setting it, because HubSpot does not move a lifecycle stage backwards; null for none.</param>
/// <param name="Task">The task to create, or null for a contact update.</param>
public sealed record HubSpotWriteBack(
    IReadOnlyDictionary<string, string>? Properties,
    string? Owner,
    string? ClearStage,
    HubSpotTask? Task)
{
    /// <summary>The outbox channel of write-backs.</summary>
    public const string Channel = "hubspot";

    /// <summary>The outbox body.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, HubSpotWriteBackJson.Default.HubSpotWriteBack);

    /// <summary>Reads an outbox body.</summary>
    public static HubSpotWriteBack FromJson(string json) =>
        JsonSerializer.Deserialize(json, HubSpotWriteBackJson.Default.HubSpotWriteBack) ?? throw new JsonException("An empty write-back.");
}

/// <summary>
/// A CRM task for the lead's owner.
/// </summary>
/// <param name="Key">
/// One task per lead per trigger: written to the task's <c>handoff_task_key</c> property and looked
/// for before a task is created, so a delivery repeated after a crash creates no second task.
/// </param>
/// <param name="Subject">The trigger's task subject.</param>
/// <param name="Body">Why the lead is here: the decision's summary.</param>
/// <param name="Due">The SLA deadline.</param>
/// <param name="Priority">HubSpot's <c>hs_task_priority</c>: HIGH, MEDIUM or LOW.</param>
public sealed record HubSpotTask(string Key, string Subject, string Body, DateTimeOffset Due, string Priority);
