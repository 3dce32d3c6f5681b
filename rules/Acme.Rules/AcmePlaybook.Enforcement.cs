using HandoffRules;
using HandoffRules.Model;

namespace Acme.Rules;

public sealed partial class AcmePlaybook
{
    /// <summary>Notify and Enforce: triggers, SLAs, escalations, and the standard reasons.</summary>
    private static void Enforcement(PlaybookBuilder handoff)
    {
        handoff.Trigger("Demo request", t => t
            .On(LeadEventType.DemoRequest)
            .CreateTask("Call within 15 minutes: demo request")
            .AlertSlack("#sdr-demo-requests")
            .AlertOwnerByEmail()
            .StartSla("Demo first touch"));

        handoff.Trigger("Pricing page visit", t => t
            .On(LeadEventType.HighIntentPageView, "/pricing")
            .CreateTask("Pricing page visit: reach out today")
            .AlertSlack("#sdr-intent")
            .StartSla("First touch"));

        handoff.Trigger("Product signal", t => t
            .On(LeadEventType.ProductSignal)
            .CreateTask("Product signal: review the workspace before outreach")
            .AlertSlack("#plg-signals")
            .StartSla("First touch"));

        handoff.Trigger("Form submission", t => t
            .On(LeadEventType.FormSubmission)
            .CreateTask("New inbound lead")
            .StartSla("First touch"));

        handoff.Sla("Demo first touch", sla => sla
            .FirstTouch()
            .Within(minutes: 15)
            .OnBreach(breach => breach.ReassignToNextMember().Notify("#sdr-leads")));

        handoff.Sla("First touch", sla => sla
            .FirstTouch()
            .Within(hours: 4)
            .OnBreach(breach => breach.Escalate().Notify("#sdr-leads")));

        handoff.Sla("Acceptance", sla => sla
            .Acceptance()
            .Within(hours: 8)
            .OnEveryHandoff()
            .OnBreach(breach => breach.Escalate()));

        handoff.Escalation("Stalled North America leads", e => e
            .From("NA Enterprise", "NA Mid-Market", "NA Velocity", "Product-Led Growth", "Partner Desk", "Strategic Accounts")
            .To("SDR Managers")
            .Notify("#sdr-managers"));

        handoff.Escalation("Stalled international leads", e => e
            .From("EMEA Enterprise", "EMEA Commercial", "DACH Commercial", "APAC", "LATAM")
            .To("SDR Managers")
            .Notify("#sdr-managers-intl"));

        handoff.Escalation("Stalled triage", e => e
            .To("SDR Managers")
            .Notify("#revops-triage"));

        handoff.NurtureTrack("Early-stage education", "Monthly newsletter and the analytics fundamentals series.");
        handoff.NurtureTrack("Quarterly check-in", "A personal check-in each quarter from marketing.");
        handoff.NurtureTrack("Product onboarding", "Self-serve onboarding e-mails for the free plan.");
        handoff.NurtureTrack("Next fiscal year", "Budget-season campaign in the lead's next fiscal year.");
        handoff.NurtureTrack("Competitive displacement", "Switching stories, timed to the competitor's renewal.");

        handoff.RejectReason("NO_BUDGET", "No budget this fiscal year", r => r.NurtureTrack("Next fiscal year"));
        handoff.RejectReason("NOT_DECISION_MAKER", "Not a decision maker, no path to one", r => r.NurtureTrack("Early-stage education"));
        handoff.RejectReason("PERSONAL_USE", "Student or personal project", r => r.NurtureTrack("Product onboarding"));
        handoff.RejectReason("BAD_CONTACT_DATA", "Contact details are wrong or fake", r => r.NurtureTrack("Early-stage education"));
        handoff.RejectReason("NO_NEED", "No analytics need today", r => r.NurtureTrack("Quarterly check-in"));
        handoff.RejectReason("WRONG_TERRITORY", "Belongs to another territory", r => r.Misroute());
        handoff.RejectReason("WRONG_SEGMENT", "Company size is in another segment", r => r.Misroute());
        handoff.RejectReason("WRONG_OWNER", "An account owner already works this company", r => r.Misroute());

        handoff.RecycleReason("BAD_TIMING", "Interested, but not this quarter", r => r.NurtureTrack("Quarterly check-in"));
        handoff.RecycleReason("NO_RESPONSE", "No response after the full sequence", r => r.NurtureTrack("Early-stage education"));
        handoff.RecycleReason("CHOSE_COMPETITOR", "Chose a competitor", r => r.NurtureTrack("Competitive displacement"));
        handoff.RecycleReason("FEATURE_GAP", "Needs features we do not have yet", r => r.NurtureTrack("Quarterly check-in"));
    }
}
