using System.Globalization;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Timers;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using Microsoft.Extensions.Logging;

namespace HandoffRules.Host.Processing;

/// <summary>
/// Leads held in a queue with nobody to take them — every member at cap, away or inactive. Each is
/// recorded as held, offered to the first member who becomes free, and escalated once when it has
/// waited the playbook's maximum hold, so every held lead ends in a recorded, counted outcome:
/// <c>lead.offered</c>, or <c>lead.hold_expired</c> and its escalation.
/// </summary>
internal sealed partial class HandoffSession
{
    // Holds looked at per scan, so one transaction stays short; the next scan goes on from there.
    private const int HoldsPerScan = 500;

    // Holds of one queue read at a time: about what a queue whose members just became free can take.
    private const int HoldsPerPage = 20;

    // False only when every lead waiting without an owner is known to be held: a scan held all it
    // found, and no work since took an owner away without a hold (a lead routed to nobody is held
    // as it is taken in; a hold ends only when its lead has an owner or is closed). The scan then
    // need not look for unheld leads, a look that reads every lead waiting without an owner.
    private bool _unheldMayWait = true;

    /// <summary>Routed, open, in a queue, and nobody owns it: held, or to be held by the next scan.</summary>
    private static bool WaitsWithoutOwner(StoredLead lead) =>
        lead is { Outcome: HandoffOutcome.Routed, Queue: not null, Member: null, NurtureTrack: null };

    /// <summary>Holds a lead the router found nobody for.</summary>
    private void HoldIfUnassigned(StoredLead lead, RoutingDecision decision)
    {
        if (decision.Queue is { } queue && decision.Member is null)
        {
            StartHold(lead, queue.Name, lead.ArrivedAt, null, "every member of the queue is inactive, away or at cap");
        }
    }

    private void StartHold(StoredLead lead, string queue, DateTimeOffset at, string? excluded, string why)
    {
        var until = Router.ClockFor(queue).Add(at, Playbook.MaxHold);
        Writer.SaveHold(new StoredHold(lead.LeadId, queue, at, until, StoredHold.Held, excluded, null));
        Writer.Append(lead.LeadId, HandoffEventTypes.Held, at, Facts(lead, new EventMembers
        {
            ["reason"] = why,
            ["hold_until"] = SqliteHandoffStore.Time(until),
            ["max_hold_minutes"] = (int)Playbook.MaxHold.TotalMinutes,
        }));
        _heldPending++;
        var level = Happened(LogLevel.Information);
        Log.Held(_logger, level, lead.LeadId, queue, until);
    }

    private WorkResult Reoffer(HoldScanWork work) => ScanHolds(work, owned: null);

    /// <summary>
    /// One look at the leads waiting without an owner, at most <see cref="HoldsPerScan"/> of each kind:
    /// those a reassignment or escalation left unowned are held; holds past the maximum hold are
    /// offered if their queue has a member free, else escalated; then each queue with a member free
    /// offers its holds, oldest first, for as long as it has one. A queue with nobody free is not
    /// read, so its backlog never stands in front of another queue's holds. The ids of the leads the
    /// scan gave an owner go to <paramref name="owned"/>.
    /// </summary>
    internal WorkResult ScanHolds(HoldScanWork work, List<string>? owned)
    {
        // Leads a reassignment or an escalation left without an owner are held from when that happened.
        var newlyHeld = new List<string>();
        if (_unheldMayWait || !_soleWriter)
        {
            var unheld = Writer.UnheldLeads(HoldsPerScan);
            foreach (var (lead, previous) in unheld)
            {
                newlyHeld.Add(lead.LeadId);
                StartHold(lead, lead.Queue!, lead.UpdatedAt, previous,
                    previous is null ? "moved to the queue with nobody to take it" : $"taken from {previous} with nobody else in the queue to take it");
            }

            // A full page may have left more for the next scan.
            _unheldMayWait = unheld.Count == HoldsPerScan;
        }

        var (offered, expired) = (0, 0);
        var running = Writer.HoldsRunningOut(work.At, HoldsPerScan);
        foreach (var hold in running)
        {
            if (StillWaiting(hold, work.At) is not { } lead)
            {
                continue;
            }

            var at = OfferTime(hold, work.At);
            if (Offer(lead, hold, at))
            {
                offered++;
                owned?.Add(lead.LeadId);
                continue;
            }

            if (Expire(lead, hold, at))
            {
                owned?.Add(lead.LeadId);
            }

            expired++;
        }

        // The queues' holds are read a page at a time, so a queue that fills after a few offers is
        // not read further and leaves the rest of the scan's looks to the next queue.
        var left = HoldsPerScan - running.Count;
        foreach (var queue in Playbook.Queues)
        {
            StoredHold? last = null;
            while (left > 0 && Router.CanOffer(queue.Name, work.At, State))
            {
                var page = Writer.OpenHolds(queue.Name, last, Math.Min(left, HoldsPerPage));
                foreach (var hold in page)
                {
                    left--;
                    last = hold;
                    var at = OfferTime(hold, work.At);
                    if (StillWaiting(hold, work.At) is { } lead && Offer(lead, hold, at))
                    {
                        offered++;
                        owned?.Add(lead.LeadId);
                        if (!Router.CanOffer(queue.Name, at, State))
                        {
                            break;
                        }
                    }
                }

                if (page.Count < HoldsPerPage)
                {
                    break;
                }
            }
        }

        if (owned is { Count: > 1 } && newlyHeld.Count > 0)
        {
            // Leads held before this scan first, then the ones it held: the order a caller acting on
            // each new owner in turn has always seen.
            var fresh = newlyHeld.ToHashSet(StringComparer.Ordinal);
            var ordered = owned.Where(id => !fresh.Contains(id)).Concat(newlyHeld.Where(owned.Contains)).ToList();
            owned.Clear();
            owned.AddRange(ordered);
        }

        return new WorkResult(WorkStatus.Done, $"{offered} held leads offered, {expired} past the maximum hold");
    }

    // Never offered before it was held (a scan on a clock behind the lead's own time).
    private static DateTimeOffset OfferTime(StoredHold hold, DateTimeOffset scanAt) => scanAt < hold.HeldAt ? hold.HeldAt : scanAt;

    // The held lead, or null when it no longer waits: given an owner or closed by a path that did not
    // end its hold (a store written before those paths did), and ended as released now.
    private StoredLead? StillWaiting(StoredHold hold, DateTimeOffset at)
    {
        if (FindLead(hold.LeadId) is { } lead && WaitsWithoutOwner(lead))
        {
            return lead;
        }

        Writer.SaveHold(hold with { State = StoredHold.Released, EndedAt = at });
        return null;
    }

    private bool Offer(StoredLead lead, StoredHold hold, DateTimeOffset at)
    {
        // A queue the playbook no longer has offers nobody; the maximum hold escalates the lead.
        if (Playbook.FindQueue(lead.Queue!) is null || Router.PickMember(lead.Queue!, at, State, hold.ExcludedMember) is not { } member)
        {
            return false;
        }

        var owned = lead with { Member = member.Id, UpdatedAt = Time.GetUtcNow() };
        Writer.Append(lead.LeadId, HandoffEventTypes.Offered, at, Facts(owned, new EventMembers
        {
            ["held_since"] = SqliteHandoffStore.Time(hold.HeldAt),
            ["held_minutes"] = (int)(at - hold.HeldAt).TotalMinutes,
        }));
        WriteBackChange(lead, owned, null);
        SaveLead(owned);
        Writer.SaveHold(hold with { State = StoredHold.Offered, EndedAt = at });
        AlertNewOwner(owned, member);
        Log.Offered(_logger, lead.LeadId, member.Id, at - hold.HeldAt, lead.Queue!);
        return true;
    }

    // The owner alerts the lead's trigger could not send while nobody owned it go to the new owner.
    private void AlertNewOwner(StoredLead lead, Member member)
    {
        var name = DecisionRecord.FromJson(lead.Decision).Trigger;
        var trigger = name is null ? null : Playbook.Triggers.FirstOrDefault(t => t.Name == name);
        if (trigger is null || member.Email is null)
        {
            return;
        }

        foreach (var action in trigger.Actions)
        {
            if (action.Kind == TriggerActionKind.EmailAlert && action.Target == "owner")
            {
                Alert("email", member.Email, $"{trigger.Name}: lead {lead.LeadId}\nwaited in {lead.Queue} with nobody free to take it and is now yours.", lead, trigger.Name);
            }
        }
    }

    // True when the escalation found the lead an owner.
    private bool Expire(StoredLead lead, StoredHold hold, DateTimeOffset at)
    {
        // An escalation back into the same queue is no way out.
        var escalation = Router.EscalationFor(lead.Queue) is { } found && found.ToQueue != lead.Queue ? found : null;
        var waited = (int)Playbook.MaxHold.TotalHours + ":" + Playbook.MaxHold.Minutes.ToString("00", CultureInfo.InvariantCulture);
        Writer.Append(lead.LeadId, HandoffEventTypes.HoldExpired, at, Facts(lead, new EventMembers
        {
            ["held_since"] = SqliteHandoffStore.Time(hold.HeldAt),
            ["hold_until"] = SqliteHandoffStore.Time(hold.Until),
            ["max_hold_minutes"] = (int)Playbook.MaxHold.TotalMinutes,
            ["escalation"] = escalation?.Name,
            ["problem"] = escalation is null ? $"no escalation covers queue '{lead.Queue}'; the lead is offered again as members become free" : null,
        }));
        if (escalation is null)
        {
            Writer.SaveHold(hold with { State = StoredHold.Expired });
            Log.HoldExpired(_logger, lead.LeadId, lead.Queue!, "no escalation covers the queue; offered again as members become free");
            return false;
        }

        var member = Playbook.FindQueue(escalation.ToQueue) is null ? null : Router.PickMember(escalation.ToQueue, at, State);
        var moved = lead with { Queue = escalation.ToQueue, Member = member?.Id, UpdatedAt = Time.GetUtcNow() };
        Writer.Append(lead.LeadId, HandoffEventTypes.Escalated, at, Facts(moved, new EventMembers
        {
            ["escalation"] = escalation.Name,
            ["reason"] = "maximum hold",
            ["from_queue"] = lead.Queue,
            ["from_member"] = null,
        }));
        if (escalation.SlackChannel is { } channel)
        {
            Alert("slack", channel, $"Escalated ({escalation.Name}): lead {lead.LeadId} from {lead.Queue} to {escalation.ToQueue} / {member?.Id ?? "unassigned"} after waiting {waited} business time with nobody free to take it.", moved, escalation.Name);
        }

        WriteBackChange(lead, moved, null);
        SaveLead(moved);

        // Escalated without an owner, it stays open and is offered in its new queue, but does not expire again.
        Writer.SaveHold(member is null
            ? hold with { Queue = escalation.ToQueue, State = StoredHold.Expired }
            : hold with { Queue = escalation.ToQueue, State = StoredHold.Escalated, EndedAt = at });
        Log.HoldExpired(_logger, lead.LeadId, lead.Queue!, $"escalated ({escalation.Name}) to {escalation.ToQueue} / {member?.Id ?? "unassigned"}");
        return member is not null;
    }
}
