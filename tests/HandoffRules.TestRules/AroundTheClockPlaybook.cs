using HandoffRules.Model;

namespace HandoffRules.TestRules;

/// <summary>
/// A team that works around the clock with a one-minute first-touch SLA: host tests use it to see
/// timers come due in seconds rather than business hours.
/// </summary>
public sealed class AroundTheClockPlaybook : Playbook
{
    private static readonly DayOfWeek[] EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.BusinessHours("Etc/UTC", h => h.Open(0, 24).Days(EveryDay));
        handoff.Definition("Inbound", d => d.When(l => l.Email != null).HandsOff());
        handoff.Member("a", "A", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("b", "B", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("c", "C", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("lead", "Team lead", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Queue("Team", q => q.RoundRobin().Members("a", "b", "c"));
        handoff.Queue("Leads", q => q.Members("lead"));
        handoff.Route("Everyone", r => r.ToQueue("Team"));
        handoff.Fallback("Team");
        handoff.Escalation("Stalled", e => e.To("Leads"));
        handoff.Sla("First touch", s => s.FirstTouch().Within(minutes: 1).OnEveryHandoff().OnBreach(b => b.Escalate()));
        handoff.NurtureTrack("Later");
        handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
        handoff.RejectReason("WRONG_TERRITORY", "Wrong territory", r => r.Misroute());
        handoff.RecycleReason("BAD_TIMING", "Bad timing", r => r.NurtureTrack("Later"));
    }
}
