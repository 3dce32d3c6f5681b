using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Model;
using HandoffRules.Records;
using Microsoft.Extensions.Logging;

namespace HandoffRules.Host.Processing;

/// <summary>
/// A deadline passed: record the breach once, then do what the playbook says — escalate, reassign
/// to the next member, notify. A breach fired long after its deadline (the host was down) is marked late.
/// </summary>
internal sealed partial class HandoffSession
{
    /// <summary>The lead's timer of the SLA a breach of <paramref name="work"/> would settle: still running, to the deadline the work names if it names one; null when there is none.</summary>
    public StoredTimer? RunningTimer(TimerWork work) =>
        Writer.Timers(work.LeadId).FirstOrDefault(t => t.Sla == work.Sla && t.State == StoredTimer.Pending && (work.Due is not { } due || t.DueAt == due));

    private WorkResult Breach(TimerWork work)
    {
        var timer = RunningTimer(work);
        if (timer is null || FindLead(work.LeadId) is not { } lead)
        {
            return new WorkResult(WorkStatus.AlreadyProcessed, "the timer was settled already", work.LeadId);
        }

        // Replaying history, a breach happens at its deadline (the input's clock only says it has
        // passed); live, it happens now, and late if the host was not running at the deadline.
        var now = Clock.Replay ? timer.DueAt : Clock.Now;
        var late = now - timer.DueAt > Options.LateAfter;
        Writer.SettleTimer(lead.LeadId, timer.Sla, StoredTimer.Breached, now, late);
        Writer.Append(lead.LeadId, HandoffEventTypes.SlaBreached, timer.DueAt, Facts(lead, new EventMembers
        {
            ["sla"] = timer.Sla,
            ["kind"] = timer.Kind,
            ["due"] = SqliteHandoffStore.Time(timer.DueAt),
            ["fired"] = SqliteHandoffStore.Time(now),
            ["late"] = late,
        }));
        Metrics.Breached(timer.Sla);
        _breachesPending++;
        var level = Happened(LogLevel.Warning);
        Log.SlaBreached(_logger, level, timer.Sla, lead.LeadId, late ? " (late: the host was not running at the deadline)" : "");

        var updated = lead with { UpdatedAt = now };
        foreach (var action in Playbook.FindSla(timer.Sla)?.OnBreach ?? [])
        {
            switch (action.Kind)
            {
                case BreachActionKind.Escalate:
                    updated = Escalate(updated, action.Target, timer.Sla, now);
                    break;
                case BreachActionKind.ReassignToNextMember when updated.Queue is not null:
                    updated = Reassign(updated, updated, null, $"SLA '{timer.Sla}' breached", misroute: false, now, new EventMembers { ["action"] = "breach" });
                    break;
                case BreachActionKind.Notify:
                    Alert("slack", action.Target!, $"SLA '{timer.Sla}' breached: lead {lead.LeadId} in {updated.Queue ?? "no queue"}, owner {updated.Member ?? "nobody"}" +
                        (late ? " (fired late: the host was down at the deadline)" : ""), updated, timer.Sla);
                    break;
            }
        }

        WriteBackChange(lead, updated, null);
        SaveLead(updated, before: lead);
        return new WorkResult(WorkStatus.Done, late ? "breached (late)" : "breached", lead.LeadId, "breached");
    }

    private StoredLead Escalate(StoredLead lead, string? named, string sla, DateTimeOffset now)
    {
        if (Router.EscalationFor(lead.Queue, named) is not { } escalation)
        {
            Writer.Append(lead.LeadId, HandoffEventTypes.Escalated, now, Facts(lead, new EventMembers { ["sla"] = sla, ["escalation"] = null, ["problem"] = $"no escalation covers queue '{lead.Queue}'" }));
            return lead;
        }

        var member = Router.PickMember(escalation.ToQueue, now, State);
        var moved = lead with { Queue = escalation.ToQueue, Member = member?.Id };
        Writer.Append(lead.LeadId, HandoffEventTypes.Escalated, now, Facts(moved, new EventMembers
        {
            ["sla"] = sla,
            ["escalation"] = escalation.Name,
            ["from_queue"] = lead.Queue,
            ["from_member"] = lead.Member,
        }));
        if (escalation.SlackChannel is { } channel)
        {
            Alert("slack", channel, $"Escalated ({escalation.Name}): lead {lead.LeadId} from {lead.Queue} to {escalation.ToQueue} / {member?.Id ?? "unassigned"} after SLA '{sla}' was breached.", moved, escalation.Name);
        }

        return moved;
    }
}
