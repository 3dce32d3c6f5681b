using HandoffRules;
using HandoffRules.Model;

namespace Acme.Rules;

public sealed partial class AcmePlaybook
{
    /// <summary>Standardize: one lifecycle for marketing and sales.</summary>
    private static void Lifecycle(PlaybookBuilder handoff)
    {
        handoff.Lifecycle(lifecycle => lifecycle
            .Stage("Subscriber")
            .Stage("Lead")
            .Stage("MQL", LeadField.Company, LeadField.Country)
            .Stage("PQL", LeadField.Company)
            .Stage("SAL", LeadField.Company, LeadField.JobTitle)
            .Stage("SQL", LeadField.Company, LeadField.JobTitle, LeadField.Employees)
            .Stage("Nurture")
            .Statuses("New", "Attempting", "Connected", "Accepted", "Meeting booked", "Rejected", "Recycled")
            .StartsAt("New")
            .Transition("New", "Attempting", "Accepted", "Rejected")
            .Transition("Attempting", "Connected", "Accepted", "Rejected", "Recycled")
            .Transition("Connected", "Accepted", "Rejected", "Recycled")
            .Transition("Accepted", "Meeting booked", "Recycled")
            .Transition("Meeting booked", "Recycled")
            // A misrouted rejection and a reassignment start over with the new owner.
            .Transition("Rejected", "New")
            .Transition("Attempting", "New")
            .OnAction(SdrAction.Touch, "Attempting")
            .OnAction(SdrAction.Accept, "Accepted", "SAL")
            .OnAction(SdrAction.Reject, "Rejected", "Nurture")
            .OnAction(SdrAction.MeetingBooked, "Meeting booked", "SQL")
            .OnAction(SdrAction.Recycle, "Recycled", "Nurture")
            .OnAction(SdrAction.Reassign, "New"));
    }
}
