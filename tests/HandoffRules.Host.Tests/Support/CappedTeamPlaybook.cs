using HandoffRules.Model;

namespace HandoffRules.Host.Tests.Support;

/// <summary>
/// Two SDRs who take one lead a day each, managers to escalate to, and no SLA unless asked for:
/// nothing but the hold moves a waiting lead. With <paramref name="managerCap"/> the managers are
/// capped too, so most leads wait.
/// </summary>
/// <param name="managerCap">The managers' daily cap, or none.</param>
/// <param name="firstTouchHours">A first-touch SLA of this many hours, started by a demo request, whose breach escalates to the managers; or none.</param>
public sealed class CappedTeamPlaybook(int? managerCap = null, int? firstTouchHours = null) : Playbook
{
    private static readonly DayOfWeek[] EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.BusinessHours("Etc/UTC", h => h.Open(0, 24).Days(EveryDay));
        handoff.HoldAtMost(hours: 4);
        handoff.Definition("Inbound", d => d.When(l => l.Email != null).HandsOff());
        handoff.Lifecycle(l => l.Statuses("New", "Attempting").StartsAt("New").Transition("New", "Attempting")
            .OnAction(SdrAction.Touch, "Attempting").OnAction(SdrAction.Reassign, "New"));
        handoff.Member("a", "A", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(1));
        handoff.Member("b", "B", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(1));
        handoff.Member("manager", "Manager", m =>
        {
            m.WorkingHours(0, 24).WorkingDays(EveryDay);
            if (managerCap is { } cap)
            {
                m.DailyCap(cap);
            }
        });
        handoff.Queue("Team", q => q.RoundRobin().Members("a", "b"));
        handoff.Queue("Managers", q => q.Members("manager"));
        handoff.Route("Everyone", r => r.ToQueue("Team"));
        handoff.Fallback("Team");
        handoff.Escalation("Overflow", e => e.From("Team").To("Managers"));
        if (firstTouchHours is { } hours)
        {
            handoff.Trigger("Demo", t => t.On(LeadEventType.DemoRequest).StartSla("First touch"));
            handoff.Sla("First touch", s => s.FirstTouch().Within(hours: hours).OnBreach(b => b.Escalate()));
        }
    }
}
