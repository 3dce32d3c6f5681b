using HandoffRules.Model;

namespace HandoffRules.TestRules;

/// <summary>
/// Two territory reps, an inbound desk of two capped SDRs and a triage rep: the suggestion tests
/// write a history against it whose right answers are known (Texas claimed by the wrong territory,
/// paid leads rejected far above the rest, a desk short of capacity, a partner route nothing reaches),
/// then apply the suggested edits to a copy of this file and build it.
/// </summary>
public sealed class TerritoryDeskPlaybook : Playbook
{
    /// <summary>Leads a member of the inbound desk takes a day at most.</summary>
    public const int DeskCap = 2;

    private static readonly DayOfWeek[] EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.BusinessHours("Etc/UTC", h => h.Open(0, 24).Days(EveryDay));
        handoff.Definition("Inbound", d => d.When(l => l.Email != null && l.Score >= 10).RequireContext(LeadField.Company).HandsOff());
        handoff.Territory("East", t => t.Regions("US", "NY", "NJ", "TX"));
        handoff.Territory("West", t => t.Regions("US", "CA", "WA"));
        handoff.Member("eve", "Eve", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("wes", "Wes", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Member("ana", "Ana", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(DeskCap));
        handoff.Member("bo", "Bo", m => m.WorkingHours(0, 24).WorkingDays(EveryDay).DailyCap(DeskCap));
        handoff.Member("max", "Max Manager", m => m.WorkingHours(0, 24).WorkingDays(EveryDay));
        handoff.Queue("East", q => q.Members("eve"));
        handoff.Queue("West", q => q.Members("wes"));
        handoff.Queue("Desk", q => q.RoundRobin().Members("ana", "bo"));
        handoff.Queue("Triage", q => q.Members("wes"));
        handoff.Queue("Managers", q => q.Members("max"));
        handoff.Route("Partners", r => r.Sources(LeadSource.Referral).ToQueue("Desk"));
        handoff.Route("East", r => r.Territories("East").ToQueue("East"));
        handoff.Route("West", r => r.Territories("West").ToQueue("West"));
        handoff.Route("Everyone else", r => r.ToQueue("Desk"));
        handoff.Fallback("Triage");
        handoff.Escalation("Overflow", e => e.From("Desk").To("Managers"));
        handoff.Trigger("Form", t => t.On(LeadEventType.FormSubmission).StartSla("First touch"));
        handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 1).OnBreach(b => b.Notify("#desk-breaches")));
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
