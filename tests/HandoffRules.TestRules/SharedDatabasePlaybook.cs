using HandoffRules.Model;

namespace HandoffRules.TestRules;

/// <summary>
/// A team of three in one round-robin queue, two of them with a small daily cap, a Slack alert on
/// every demo request and a one-minute first-touch SLA that notifies on breach: the multi-host tests
/// use it to see slots, caps, timers and alerts shared out between hosts on one database.
/// </summary>
public sealed class SharedDatabasePlaybook : Playbook
{
    /// <summary>The daily cap of members a and b (c has none to speak of).</summary>
    public const int SmallCap = 60;

    private static readonly DayOfWeek[] EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.BusinessHours("Etc/UTC", h => h.Open(0, 24).Days(EveryDay));
        handoff.Definition("Inbound", d => d.When(l => l.Email != null).HandsOff());
        handoff.Member("a", "A", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(SmallCap));
        handoff.Member("b", "B", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(SmallCap));
        handoff.Member("c", "C", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(10_000));
        handoff.Member("lead", "Team lead", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Queue("Team", q => q.RoundRobin().Members("a", "b", "c"));
        handoff.Queue("Leads", q => q.Members("lead"));
        handoff.Route("Everyone", r => r.ToQueue("Team"));
        handoff.Fallback("Team");
        handoff.Escalation("Stalled", e => e.To("Leads"));
        handoff.Trigger("Demo request", t => t.On(LeadEventType.DemoRequest).CreateTask("Call now").AlertSlack("#sdr-demo").StartSla("First touch"));
        handoff.Sla("First touch", s => s.FirstTouch().Within(minutes: 1).OnBreach(b => b.Notify("#sdr-breaches")));
        handoff.NurtureTrack("Later");
        handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
        handoff.RejectReason("WRONG_TERRITORY", "Wrong territory", r => r.Misroute());
        handoff.RecycleReason("BAD_TIMING", "Bad timing", r => r.NurtureTrack("Later"));
    }
}
