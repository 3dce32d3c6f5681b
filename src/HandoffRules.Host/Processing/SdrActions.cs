using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Host.Processing;

/// <summary>
/// What SDRs do to leads — touch, accept, reject, book a meeting, recycle, reassign — checked
/// against the playbook's lifecycle and reasons before anything changes.
/// </summary>
internal sealed partial class HandoffSession
{
    private WorkResult Act(ActionWork work)
    {
        if (work.Key is { } key && Writer.InputOutcome(work.Source, key) is { } earlier)
        {
            Writer.CountRedelivery();
            return new WorkResult(WorkStatus.AlreadyProcessed, $"already processed ({earlier})", work.LeadId, earlier);
        }

        var refusal = Check(work, out var lead, out var rule);
        if (refusal is not null)
        {
            Log.ActionRefused(_logger, work.Action.ToString(), work.LeadId, refusal.Message);

            // A refused action from a file has no caller to answer: it is kept as a dead letter.
            return work.Completion is null
                ? Keep(new DeadLetterWork(work.Source, work.Key, work.Position, Json(new { lead_id = work.LeadId, action = work.Action.ToString(), reason = work.Reason, member = work.By }), $"{work.Position}: {refusal.Message}", work.At))
                : refusal;
        }

        Clock.Advance(work.At);
        var data = new EventMembers { ["action"] = work.Action.ToString(), ["by"] = work.Actor ?? work.By };
        if (work.Force)
        {
            data["forced"] = true;
        }

        // Work done in HubSpot says so; the event's "source" is the lead's source, which metrics split by.
        if (work.Source == HubSpotSource)
        {
            data["via"] = HubSpotSource;
        }

        var updated = lead! with { UpdatedAt = Time.GetUtcNow() };
        if (Playbook.Lifecycle.Allows(lead!.Status ?? Playbook.Lifecycle.InitialStatus, rule!.Status))
        {
            updated = updated with { Status = rule.Status, Stage = rule.Stage ?? lead.Stage };
        }

        switch (work.Action)
        {
            case SdrAction.Touch:
                Writer.Append(lead.LeadId, HandoffEventTypes.Touched, work.At, Facts(lead, data));
                Settle(lead.LeadId, SlaKind.FirstTouch, work.At, StoredTimer.Met);
                break;
            case SdrAction.MeetingBooked:
                Writer.Append(lead.LeadId, HandoffEventTypes.MeetingBooked, work.At, Facts(lead, data));
                Settle(lead.LeadId, SlaKind.FirstTouch, work.At, StoredTimer.Met);
                break;
            case SdrAction.Accept:
                Writer.Append(lead.LeadId, HandoffEventTypes.Accepted, work.At, Facts(lead, data));
                Settle(lead.LeadId, SlaKind.Acceptance, work.At, StoredTimer.Met);
                break;
            case SdrAction.Reject:
                updated = Reject(work, lead, updated, data);
                break;
            case SdrAction.Recycle:
                var recycle = Playbook.FindRecycleReason(work.Reason!)!;
                data["reason"] = recycle.Code;
                data["nurture_track"] = recycle.NurtureTrack;
                Writer.Append(lead.LeadId, HandoffEventTypes.Recycled, work.At, Facts(lead, data));
                Settle(lead.LeadId, null, work.At, StoredTimer.Stopped);
                updated = updated with { NurtureTrack = recycle.NurtureTrack };
                break;
            case SdrAction.Reassign:
                updated = Reassign(lead, updated, work.To, work.Reason!, Playbook.FindRejectReason(work.Reason!)?.Misroute == true, work.At, data);
                _afterCommit.Add(() => Metrics.Reassigned(work.Source));
                break;
        }

        WriteBackChange(lead, updated, work.Action is SdrAction.Reject or SdrAction.Recycle ? work.Reason : null);
        SaveLead(updated, before: lead);
        if (work.Key is { } applied)
        {
            Writer.RecordInput(work.Source, applied, "action", "applied", lead.LeadId, Time.GetUtcNow());
        }

        return new WorkResult(WorkStatus.Done, $"{work.Action} recorded; status {updated.Status}", lead.LeadId, "applied");
    }

    private StoredLead Reject(ActionWork work, StoredLead lead, StoredLead updated, EventMembers data)
    {
        var reason = Playbook.FindRejectReason(work.Reason!)!;
        data["reason"] = reason.Code;
        data["misroute"] = reason.Misroute;
        data["nurture_track"] = reason.NurtureTrack;
        Writer.Append(lead.LeadId, HandoffEventTypes.Rejected, work.At, Facts(lead, data));
        Settle(lead.LeadId, SlaKind.Acceptance, work.At, StoredTimer.Met);
        if (!reason.Misroute)
        {
            Settle(lead.LeadId, null, work.At, StoredTimer.Stopped);
            return updated with { NurtureTrack = reason.NurtureTrack };
        }

        // A misroute goes back to triage (the fallback queue) for the right owner.
        var triage = Playbook.Fallback!.Queue;
        var member = Router.PickMember(triage, work.At, State, excludeMemberId: lead.Member);
        var moved = updated with
        {
            Queue = triage,
            Member = member?.Id,
            Status = Playbook.Lifecycle.Allows(updated.Status ?? "", Playbook.Lifecycle.InitialStatus) ? Playbook.Lifecycle.InitialStatus : updated.Status,
        };
        Writer.Append(lead.LeadId, HandoffEventTypes.Reassigned, work.At, Facts(moved, new EventMembers
        {
            ["reason"] = reason.Code,
            ["misroute"] = true,
            ["from_queue"] = lead.Queue,
            ["from_member"] = lead.Member,
        }));
        return moved;
    }

    private StoredLead Reassign(StoredLead lead, StoredLead updated, string? to, string reason, bool misroute, DateTimeOffset at, EventMembers data)
    {
        var member = to ?? (lead.Queue is null ? null : Router.PickMember(lead.Queue, at, State, excludeMemberId: lead.Member)?.Id);
        var moved = updated with { Member = member };
        data["reason"] = reason;
        data["misroute"] = misroute;
        data["from_queue"] = lead.Queue;
        data["from_member"] = lead.Member;
        Writer.Append(lead.LeadId, HandoffEventTypes.Reassigned, at, Facts(moved, data));
        return moved;
    }

    /// <summary>Settles the lead's pending timers of a kind (all kinds when null).</summary>
    private void Settle(string leadId, SlaKind? kind, DateTimeOffset at, string state)
    {
        foreach (var timer in Writer.Timers(leadId))
        {
            if (timer.State != StoredTimer.Pending || (kind is not null && timer.Kind != kind.ToString()))
            {
                continue;
            }

            // Met only if in time; an action after the deadline does not undo the breach the timer will record.
            var settled = state == StoredTimer.Met && at > timer.DueAt ? null : state;
            if (settled is null)
            {
                continue;
            }

            Writer.SettleTimer(leadId, timer.Sla, settled, at, late: false);
            if (settled == StoredTimer.Met)
            {
                var lead = FindLead(leadId)!;
                Writer.Append(leadId, HandoffEventTypes.SlaMet, at, Facts(lead, new EventMembers { ["sla"] = timer.Sla, ["kind"] = timer.Kind, ["due"] = SqliteHandoffStore.Time(timer.DueAt) }));
            }
        }
    }

    /// <summary>Why the action cannot be applied, or null; names the problem the way a 4xx answer should.</summary>
    private WorkResult? Check(ActionWork work, out StoredLead? lead, out SdrActionRule? rule)
    {
        rule = null;
        lead = FindLead(work.LeadId);
        if (lead is null)
        {
            return new WorkResult(WorkStatus.NotFound, $"there is no lead '{LogValue.Of(work.LeadId)}'", work.LeadId);
        }

        if (lead.Outcome != HandoffOutcome.Routed)
        {
            var decision = DecisionRecord.FromJson(lead.Decision);
            return new WorkResult(WorkStatus.Conflict, lead.Outcome == HandoffOutcome.Duplicate
                ? $"lead '{lead.LeadId}' is a duplicate of '{decision.DuplicateOf}'; act on that lead"
                : $"lead '{lead.LeadId}' was disqualified ({decision.Reason}); there is nothing to act on", lead.LeadId);
        }

        // One ownership rule for every action, reassign included: a member's key acts on that
        // member's leads only (it may hand its own lead on, never take another's).
        if (work.Actor is not null && lead.Member != work.Actor)
        {
            return new WorkResult(WorkStatus.Forbidden, $"lead '{lead.LeadId}' belongs to {lead.Member ?? "nobody yet"}, not {work.Actor}", lead.LeadId);
        }

        if (work.Force && work.Actor is not null)
        {
            return new WorkResult(WorkStatus.Forbidden, $"only an integration key may force an action; member {work.Actor} may not", lead.LeadId);
        }

        if (WhenProblem(work, lead) is { } when)
        {
            return new WorkResult(WorkStatus.Invalid, when, lead.LeadId);
        }

        var reasonProblem = work.Action switch
        {
            SdrAction.Reject when Playbook.FindRejectReason(work.Reason ?? "") is null =>
                $"'{LogValue.Of(work.Reason)}' is not a reject reason of the playbook; use one of {string.Join(", ", Playbook.RejectReasons.Select(r => r.Code))}",
            SdrAction.Recycle when Playbook.FindRecycleReason(work.Reason ?? "") is null =>
                $"'{LogValue.Of(work.Reason)}' is not a recycle reason of the playbook; use one of {string.Join(", ", Playbook.RecycleReasons.Select(r => r.Code))}",
            SdrAction.Reassign when string.IsNullOrWhiteSpace(work.Reason) => "a reassignment needs a reason",
            SdrAction.Reassign when work.To is not null && Playbook.FindMember(work.To) is null => $"there is no member '{LogValue.Of(work.To)}'",
            _ => null,
        };
        if (reasonProblem is not null)
        {
            return new WorkResult(WorkStatus.Invalid, reasonProblem, lead.LeadId);
        }

        if (work.Action == SdrAction.Reassign && work.To is { } to && !work.Force && WhyNot(lead, to, work.At) is { } why)
        {
            return new WorkResult(WorkStatus.Conflict, $"lead '{lead.LeadId}' cannot be reassigned to member '{to}', who {why}; only an integration key may force it (\"force\": true)", lead.LeadId);
        }

        rule = Playbook.Lifecycle.RuleFor(work.Action);
        if (rule is null)
        {
            return new WorkResult(WorkStatus.Conflict, $"the playbook's lifecycle says nothing about {work.Action}", lead.LeadId);
        }

        var current = lead.Status ?? Playbook.Lifecycle.InitialStatus;

        // Touches and meetings can happen again; a lead is accepted, rejected or recycled once per hand-off.
        if (work.Action is SdrAction.Accept or SdrAction.Reject or SdrAction.Recycle && current == rule.Status)
        {
            return new WorkResult(WorkStatus.Conflict, $"lead '{lead.LeadId}' is already '{current}'; {work.Action} was recorded before", lead.LeadId);
        }

        if (!Playbook.Lifecycle.Allows(current, rule.Status) && work.Action != SdrAction.Touch)
        {
            var allowed = Playbook.Lifecycle.Transitions.Where(t => t.From == current).Select(t => t.To).ToList();
            return new WorkResult(WorkStatus.Conflict,
                $"lead '{lead.LeadId}' is '{current}'; {work.Action} would move it to '{rule.Status}', which the lifecycle does not allow" +
                (allowed.Count > 0 ? $" (from '{current}': {string.Join(", ", allowed)})" : $" ('{current}' is final)"), lead.LeadId);
        }

        if (rule.Stage is { } stage && Playbook.Lifecycle.Stages.FirstOrDefault(s => s.Name == stage) is { RequiredFields.IsEmpty: false } required)
        {
            // The fields of a lead this session took in lately are kept; a lead read whole keeps its
            // normalised lead; one read as the store keeps it ('' for a lead kept as its input) is
            // rebuilt from its intake event's input. A field is there as a definition's required
            // context reads it (Lead.Has): a lead whose source is unknown has none, though its JSON
            // still holds a source (Other).
            var missing = _leadFields?.Missing(lead.LeadId, required.RequiredFields) ?? MissingOnRebuilt(lead, required.RequiredFields);
            if (missing.Count > 0)
            {
                return new WorkResult(WorkStatus.Incomplete, $"lead '{lead.LeadId}' cannot enter stage '{stage}' without {string.Join(", ", missing)}", lead.LeadId);
            }
        }

        return null;
    }

    private List<LeadField> MissingOnRebuilt(StoredLead lead, IEnumerable<LeadField> required)
    {
        var normalised = lead.Lead.Length > 0 ? NormalisedLead.ReadLead(lead.Lead, null, lead.LeadId, lead.ArrivedAt) : Writer.NormalisedLead(lead.LeadId)!;
        return [.. required.Where(f => !normalised.Has(f))];
    }
}
