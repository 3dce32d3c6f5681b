using HandoffRules.Host.Crm;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Host.Processing;

/// <summary>
/// SDR work done in HubSpot: a lead status changed by a person becomes the SDR action that leads
/// to that status (a reject or recycle with the reason set in the reason property, beside it or
/// after it); an owner changed by a person is a reassignment to the member mapped to that owner.
/// A change that reports the host's own write-back (the value it last wrote to the contact) is
/// recorded as an echo and not acted on, so the host never loops on its own writes.
/// </summary>
internal sealed partial class HandoffSession
{
    /// <summary>The source of inputs from HubSpot, recorded on what they did.</summary>
    internal const string HubSpotSource = "hubspot";

    /// <summary>HubSpot's contact owner property.</summary>
    internal const string OwnerProperty = "hubspot_owner_id";

    /// <summary>The reason of a reassignment made in HubSpot by changing the contact's owner.</summary>
    internal const string OwnerChangedInHubSpot = "owner changed in HubSpot";

    /// <summary>Members' HubSpot owners, to read an owner id HubSpot reports back; null when the host does not sync.</summary>
    public HubSpotOwners? HubSpotOwners { get; init; }

    /// <summary>The result of a change from HubSpot, or null when it is not one to act on (then it is only recorded).</summary>
    private WorkResult? FromHubSpot(PropertyChangeWork work)
    {
        if (Playbook.HubSpot is not { } mapping || ContactId(work.LeadId) is not { } contact)
        {
            return null;
        }

        if (work.Property == mapping.StatusProperty && work.Value is not null)
        {
            return StatusFromHubSpot(work, mapping, contact);
        }

        if (work.Property == OwnerProperty && !string.IsNullOrEmpty(work.Value))
        {
            return OwnerFromHubSpot(work, contact);
        }

        return mapping.ReasonProperty is { } reasonProperty && work.Property == reasonProperty && !string.IsNullOrEmpty(work.Value)
            ? ReasonFromHubSpot(work, mapping, contact)
            : null;
    }

    private WorkResult? StatusFromHubSpot(PropertyChangeWork work, HubSpotMapping mapping, string contact)
    {
        if (Writer.LastHubSpotWrite(contact, "properties." + mapping.StatusProperty) == work.Value)
        {
            return Echo(work);
        }

        // The action that leads to the status; a status no action leads to is only recorded.
        if (mapping.StatusOf(work.Value!) is not { } status || ActionTo(status) is not { } action)
        {
            return null;
        }

        var lead = FindLead(work.LeadId)!;
        string? reason = null;
        if (action is SdrAction.Reject or SdrAction.Recycle && mapping.ReasonProperty is { } reasonProperty)
        {
            // HubSpot sends each property as its own event, in no set order: a reason set beside the
            // status may come first (then it is recorded and read here) or after (then the status waits).
            reason = CurrentReason(work.LeadId, reasonProperty);
            if (reason is null)
            {
                Writer.Append(work.LeadId, HandoffEventTypes.PropertyChanged, work.At, new EventMembers
                {
                    ["property"] = work.Property,
                    ["value"] = work.Value,
                    ["source"] = HubSpotSource,
                    ["awaiting_reason"] = action.ToString(),
                });
                Writer.RecordInput(work.Source, work.Key, "event", "awaiting_reason", work.LeadId, Time.GetUtcNow());
                return new WorkResult(WorkStatus.Done, $"{action} waits for the reason in {reasonProperty}", work.LeadId, "awaiting_reason");
            }
        }

        return Act(new ActionWork(work.Source, work.SourceId, work.Position, work.LeadId, action, null, lead.Member, reason, null, work.At));
    }

    private WorkResult? ReasonFromHubSpot(PropertyChangeWork work, HubSpotMapping mapping, string contact)
    {
        if (Writer.LastHubSpotWrite(contact, "properties." + work.Property) == work.Value)
        {
            return Echo(work);
        }

        var code = mapping.ReasonOf(work.Value!);
        if (Playbook.FindRejectReason(code) is null && Playbook.FindRecycleReason(code) is null)
        {
            return Keep(new DeadLetterWork(work.Source, work.Key, work.Position, $"{work.Property}={work.Value}",
                $"HubSpot set {work.Property} of lead {work.LeadId} to '{work.Value}', which is neither a reject nor a recycle reason of the playbook " +
                $"(reject: {string.Join(", ", Playbook.RejectReasons.Select(r => r.Code))}; recycle: {string.Join(", ", Playbook.RecycleReasons.Select(r => r.Code))})", work.At));
        }

        Writer.Append(work.LeadId, HandoffEventTypes.PropertyChanged, work.At,
            new EventMembers { ["property"] = work.Property, ["value"] = work.Value, ["source"] = HubSpotSource, ["reason"] = code });

        // A status set before its reason waits for it: the reason completes that action now.
        var lead = FindLead(work.LeadId)!;
        if (Writer.LastPropertyChange(work.LeadId, mapping.StatusProperty) is { } pending
            && pending["awaiting_reason"]?.GetValue<string>() is { } waiting && Enum.TryParse<SdrAction>(waiting, out var action)
            && pending["value"]?.GetValue<string>() is { } value && mapping.StatusOf(value) is { } status && lead.Status != status)
        {
            Writer.Append(work.LeadId, HandoffEventTypes.PropertyChanged, work.At, new EventMembers
            {
                ["property"] = mapping.StatusProperty,
                ["value"] = value,
                ["source"] = HubSpotSource,
                ["reason_event"] = work.SourceId,
            });
            return Act(new ActionWork(work.Source, work.SourceId, work.Position, work.LeadId, action, null, lead.Member, code, null, work.At));
        }

        Writer.RecordInput(work.Source, work.Key, "event", "applied", work.LeadId, Time.GetUtcNow());
        return new WorkResult(WorkStatus.Done, "recorded", work.LeadId, "applied");
    }

    private WorkResult? OwnerFromHubSpot(PropertyChangeWork work, string contact)
    {
        var member = HubSpotOwners?.MemberOf(work.Value!);
        if (member is not null && Writer.LastHubSpotWrite(contact, "owner") == member)
        {
            return Echo(work);
        }

        if (member is null)
        {
            // Not absorbed: the lead now has an owner the handoff cannot hold to its SLAs.
            var who = HubSpotOwners?.IsKnownOwner(work.Value!) == true
                ? "a HubSpot user the playbook does not map to a member"
                : "an owner id HubSpot did not list when the host started";
            return Keep(new DeadLetterWork(work.Source, work.Key, work.Position, $"{work.Property}={work.Value}",
                $"HubSpot set the owner of lead {work.LeadId} to owner {work.Value}, {who}; map it with Owner(member, \"{work.Value}\") or OwnerByEmail(member, email) in HubSpot(...)", work.At));
        }

        if (FindLead(work.LeadId)!.Member == member)
        {
            return null;
        }

        // A person in the system of record decided: the reassignment is applied even to a member
        // the playbook would not pick now (away, at cap), as an integration key may force it.
        return Act(new ActionWork(work.Source, work.SourceId, work.Position, work.LeadId, SdrAction.Reassign, null, null, OwnerChangedInHubSpot, member, work.At) { Force = true });
    }

    /// <summary>The reason code last set in HubSpot's reason property for the lead, or null.</summary>
    private string? CurrentReason(string leadId, string reasonProperty) =>
        Writer.LastPropertyChange(leadId, reasonProperty)?["reason"]?.GetValue<string>();

    private WorkResult Echo(PropertyChangeWork work)
    {
        Writer.Append(work.LeadId, HandoffEventTypes.PropertyChanged, work.At,
            new EventMembers { ["property"] = work.Property, ["value"] = work.Value, ["source"] = HubSpotSource, ["echo"] = true });
        Writer.RecordInput(work.Source, work.Key, "event", "echo", work.LeadId, Time.GetUtcNow());
        return new WorkResult(WorkStatus.Done, "the host's own write, not an action", work.LeadId, "echo");
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
