using HandoffRules;

namespace Acme.Rules;

public sealed partial class AcmePlaybook
{
    /// <summary>
    /// HubSpot is our system of record: every decision is written back to the contact (owner,
    /// lead status, lifecycle stage, reason, a task for the SDR), and what SDRs do in HubSpot comes
    /// back as their actions. Members are HubSpot owners under their @acme-analytics.example e-mail.
    /// </summary>
    private static void HubSpot(PlaybookBuilder handoff)
    {
        handoff.HubSpot(hubspot => hubspot
            .Stage("Subscriber", "subscriber")
            .Stage("Lead", "lead")
            .Stage("MQL", "marketingqualifiedlead")
            // HubSpot has no PQL stage: product-qualified leads are marketing-qualified there.
            .Stage("PQL", "marketingqualifiedlead")
            .Stage("SAL", "salesqualifiedlead")
            .Stage("SQL", "opportunity")
            // Nurture is a lead again; HubSpot only takes that after the stage is cleared.
            .Stage("Nurture", "lead")
            .ClearStageToMoveBack()
            .Status("New", "NEW")
            .Status("Attempting", "ATTEMPTED_TO_CONTACT")
            .Status("Connected", "CONNECTED")
            .Status("Accepted", "IN_PROGRESS")
            .Status("Meeting booked", "OPEN_DEAL")
            .Status("Rejected", "UNQUALIFIED")
            .Status("Recycled", "BAD_TIMING")
            // A custom enumeration whose options are our reason codes, so HubSpot reports see them.
            .ReasonProperty("handoff_reject_reason"));
    }
}
