using System.Text.Json.Nodes;
using HandoffRules.Host.Inputs;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Host.Processing;

/// <summary>
/// SDR work done in HubSpot: a lead status changed by a person becomes the SDR action that leads
/// to that status. A change that reports the host's own write-back (the value it last wrote to the
/// contact) is recorded as an echo and not acted on, so the host never loops on its own writes.
/// </summary>
internal sealed partial class HandoffSession
{
    /// <summary>The result of a status change from HubSpot, or null when it is not one to act on.</summary>
    private WorkResult? FromHubSpot(PropertyChangeWork work)
    {
        if (Playbook.HubSpot is not { } mapping || ContactId(work.LeadId) is not { } contact || work.Property != mapping.StatusProperty || work.Value is null)
        {
            return null;
        }

        if (Writer.LastHubSpotWrite(contact, "properties." + mapping.StatusProperty) == work.Value)
        {
            Writer.Append(work.LeadId, HandoffEventTypes.PropertyChanged, work.At,
                new JsonObject { ["property"] = work.Property, ["value"] = work.Value, ["source"] = "hubspot", ["echo"] = true });
            Writer.RecordInput(work.Source, work.Key, "event", "echo", work.LeadId, Time.GetUtcNow());
            return new WorkResult(WorkStatus.Done, "the host's own write, not an action", work.LeadId, "echo");
        }

        // The action that leads to the status; a status no action leads to is only recorded.
        if (mapping.StatusOf(work.Value) is not { } status || ActionTo(status) is not { } action)
        {
            return null;
        }

        var lead = Writer.FindLead(work.LeadId)!;
        return Act(new ActionWork(work.Source, work.SourceId, work.Position, work.LeadId, action, lead.Member, lead.Member, null, null, work.At));
    }

    private SdrAction? ActionTo(string status)
    {
        foreach (var rule in Playbook.Lifecycle.Actions)
        {
            if (rule.Status == status && rule.Action != SdrAction.Reassign)
            {
                return rule.Action;
            }
        }

        return null;
    }
}
