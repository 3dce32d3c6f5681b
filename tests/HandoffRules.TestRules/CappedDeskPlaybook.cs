using HandoffRules.Model;

namespace HandoffRules.TestRules;

/// <summary>
/// A desk of three SDRs capped at 20 leads a day each, a manager to overflow to, a one-minute
/// first-touch SLA that reassigns and alerts, and a 30-minute maximum hold: the soak test pushes
/// far more leads at it than the caps allow, so capacity, holds, breaches and alerts all run hot.
/// </summary>
public sealed class CappedDeskPlaybook : Playbook
{
    /// <summary>Leads a member of the desk takes a day at most.</summary>
    public const int DailyCap = 20;

    private static readonly DayOfWeek[] EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.BusinessHours("Etc/UTC", h => h.Open(0, 24).Days(EveryDay));
        handoff.HoldAtMost(minutes: 30);
        handoff.Definition("Inbound", d => d.When(l => l.Email != null).HandsOff());
        handoff.Member("a", "A", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(DailyCap));
        handoff.Member("b", "B", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(DailyCap));
        handoff.Member("c", "C", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(DailyCap));
        handoff.Member("manager", "Manager", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Queue("Desk", q => q.RoundRobin().Members("a", "b", "c"));
        handoff.Queue("Managers", q => q.Members("manager"));
        handoff.Route("Everyone", r => r.ToQueue("Desk"));
        handoff.Fallback("Desk");
        handoff.Escalation("Overflow", e => e.From("Desk").To("Managers"));
        handoff.Trigger("Form", t => t.On(LeadEventType.FormSubmission).AlertSlack("#desk"));
        handoff.Trigger("Demo", t => t.On(LeadEventType.DemoRequest).AlertSlack("#desk-demos"));
        handoff.Sla("First touch", s => s.FirstTouch().Within(minutes: 1).OnEveryHandoff().OnBreach(b => b.ReassignToNextMember().Notify("#desk-breaches")));
        handoff.NurtureTrack("Later");
        handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
        handoff.RejectReason("WRONG_TERRITORY", "Wrong territory", r => r.Misroute());
        handoff.RecycleReason("BAD_TIMING", "Bad timing", r => r.NurtureTrack("Later"));
    }
}
