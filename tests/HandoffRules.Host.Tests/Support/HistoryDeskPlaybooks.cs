using HandoffRules.Model;

namespace HandoffRules.Host.Tests.Support;

/// <summary>
/// A small desk to backtest on: small companies go to their own desk, everyone else to the main
/// desk, a named account to its owner. The changes below move known leads, so a backtest's counts
/// can be worked out by hand.
/// </summary>
public abstract class HistoryDeskPlaybook : Playbook
{
    private static readonly DayOfWeek[] EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    /// <summary>The queue small companies go to.</summary>
    protected virtual string SmallCompaniesQueue => "Small desk";

    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.BusinessHours("Etc/UTC", h => h.Open(0, 24).Days(EveryDay));
        handoff.Definition("Inbound", d => d.When(l => l.Email != null && l.Score >= 10).RequireContext(LeadField.Company).HandsOff());
        handoff.Segment("Small", s => s.Employees(1, 199));
        handoff.Segment("Large", s => s.Employees(200));
        handoff.Member("ana", "Ana", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("cy", "Cy", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("olu", "Olu Owner", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Queue("Desk", q => q.Members("ana"));
        handoff.Queue("Small desk", q => q.Members("cy"));
        handoff.Account("Bigco", a => a.Domains("bigco.com").Owner("olu"));
        handoff.Route("Named accounts", r => r.WhenAccountMatched().ToAccountOwner());
        handoff.Route("Small companies", r => r.Segments("Small").ToQueue(SmallCompaniesQueue));
        handoff.Route("Everyone", r => r.ToQueue("Desk"));
        handoff.Fallback("Desk");
        handoff.Trigger("Form", t => t.On(LeadEventType.FormSubmission).StartSla("First touch"));
        handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.ReassignToNextMember()));
        handoff.NurtureTrack("Later");
        handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
        handoff.RejectReason("WRONG_TERRITORY", "Wrong territory", r => r.Misroute());
        handoff.RecycleReason("BAD_TIMING", "Bad timing", r => r.NurtureTrack("Later"));
        // A misrouted rejection starts over with the new owner, who can accept it.
        handoff.Lifecycle(lifecycle => lifecycle
            .Statuses("New", "Attempting", "Accepted", "Meeting booked", "Rejected", "Recycled")
            .StartsAt("New")
            .Transition("New", "Attempting", "Accepted", "Rejected")
            .Transition("Attempting", "Accepted", "Rejected", "Recycled", "New")
            .Transition("Accepted", "Meeting booked", "Recycled")
            .Transition("Meeting booked", "Recycled")
            .Transition("Rejected", "New")
            .OnAction(SdrAction.Touch, "Attempting")
            .OnAction(SdrAction.Accept, "Accepted")
            .OnAction(SdrAction.Reject, "Rejected")
            .OnAction(SdrAction.MeetingBooked, "Meeting booked")
            .OnAction(SdrAction.Recycle, "Recycled")
            .OnAction(SdrAction.Reassign, "New"));
    }
}

/// <summary>The desk before the change.</summary>
public sealed class HistoryDeskBefore : HistoryDeskPlaybook;

/// <summary>The change: small companies go to the main desk.</summary>
public sealed class HistoryDeskSmallToDesk : HistoryDeskPlaybook
{
    /// <inheritdoc />
    protected override string SmallCompaniesQueue => "Desk";
}

/// <summary>The small desk with a one-day duplicate window, so a long history keeps a short window of leads.</summary>
public sealed class BacktestDesk : HistoryDeskPlaybook
{
    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        base.Define(handoff);
        handoff.Duplicates(rule => rule.SameEmail().WithinDays(1));
    }
}
