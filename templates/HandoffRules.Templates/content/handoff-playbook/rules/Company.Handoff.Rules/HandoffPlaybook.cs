using HandoffRules;
using HandoffRules.Model;

namespace Company.Handoff.Rules;

/// <summary>
/// Our lead-to-SDR handoff: the written policy of the RevOps team, as code.
/// </summary>
/// <remarks>
/// Every change to how inbound leads reach our sales development reps goes through a pull request on
/// this class. The build checks it (no fallback, overlapping territories, a route that can never
/// match, an SLA nobody enforces all fail the build), the snapshot test shows which leads the change
/// moves, and CI posts 'handoff plan' for the reviewers. Start small, and grow it one rule at a time.
/// </remarks>
public sealed class HandoffPlaybook : Playbook
{
    /// <inheritdoc />
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.Named("Our inbound handoff");

        // SLAs run on New York business hours unless a queue sets its own.
        handoff.BusinessHours("America/New_York", hours => hours.Open(8, 18));
        handoff.Duplicates(rule => rule.SameEmail().SameNameAndDomain().WithinDays(90));

        // Align: what qualifies. A lead is handed to an SDR when it meets MQL or Hand-raiser and
        // carries the context an SDR needs; anything else stays with marketing.
        handoff.Definition("Inbound", inbound => inbound
            .Describe("A person who raised a hand on one of our channels and left a work identity.")
            .When(lead => lead.Email != null)
            .Disqualify("PERSONAL_EMAIL", "Personal e-mail and little engagement", lead => lead.IsFreeMail && lead.Score < 40)
            .Disqualify("TEST_SUBMISSION", "A test or junk form fill", lead => string.Equals(lead.LastName, "test", StringComparison.OrdinalIgnoreCase)));

        handoff.Definition("MQL", mql => mql
            .Describe("Marketing-qualified: a score of 60 or more, or a visit to the pricing page.")
            .Extends("Inbound")
            .When(lead => lead.Score >= 60 || lead.HasSignal("pricing_page"))
            .RequireContext(LeadField.Company, LeadField.Country)
            .HandsOff());

        handoff.Definition("Hand-raiser", demo => demo
            .Describe("Asked for a demo: SDR-ready whatever the score.")
            .Extends("Inbound")
            .When(lead => lead.Event.Type == LeadEventType.DemoRequest || lead.Source == LeadSource.DemoRequest)
            .RequireContext(LeadField.Company, LeadField.Country)
            .HandsOff());

        // Route: who covers which place and which company size.
        handoff.Territory("North America", t => t.Countries("US", "CA"));
        handoff.Territory("Europe", t => t.Countries("GB", "IE", "DE", "AT", "CH", "FR", "NL", "BE", "ES", "IT", "SE", "DK", "NO", "FI"));
        handoff.Segment("Small business", s => s.Employees(1, 199).Revenue(0, 19_999_999));
        handoff.Segment("Mid-market and up", s => s.Employees(200).Revenue(20_000_000));

        handoff.Member("alex.rivera", "Alex Rivera", m => m.TimeZone("America/New_York").WorkingHours(8, 17).DailyCap(30));
        handoff.Member("sam.taylor", "Sam Taylor", m => m.TimeZone("America/Chicago").WorkingHours(8, 17).DailyCap(30));
        handoff.Member("jamie.brooks", "Jamie Brooks", m => m.TimeZone("America/Los_Angeles").WorkingHours(8, 17));
        handoff.Member("lena.hoffmann", "Lena Hoffmann", m => m.TimeZone("Europe/Berlin").WorkingHours(9, 18));
        handoff.Member("chris.morgan", "Chris Morgan", m => m.TimeZone("America/New_York").WorkingHours(8, 18));

        handoff.Queue("North America", q => q.RoundRobin().Members("alex.rivera", "sam.taylor", "jamie.brooks"));
        handoff.Queue("Europe", q => q.Members("lena.hoffmann"));
        handoff.Queue("Triage", q => q.Members("chris.morgan"));

        // The routes, in order: the first that matches takes the lead.
        handoff.Route("North America", r => r
            .Territories("North America")
            .ToQueue("North America"));

        handoff.Route("Europe, mid-market and up", r => r
            .Territories("Europe")
            .Segments("Mid-market and up")
            .ToQueue("Europe"));

        // Europe's small businesses get an SDR only when they ask for a demo.
        handoff.Route("Europe small-business demo requests", r => r
            .Definitions("Hand-raiser")
            .Territories("Europe")
            .Segments("Small business")
            .ToQueue("Europe"));

        // Whatever the routes cannot place goes to RevOps triage, who enrich it and route it by hand.
        handoff.Fallback("Triage", "RevOps enriches the record and routes it by hand.");

        // Notify and Enforce: what happens when a lead arrives, and how fast an SDR must act.
        handoff.Trigger("Demo request", t => t
            .On(LeadEventType.DemoRequest)
            .CreateTask("Call within 15 minutes: demo request")
            .AlertSlack("#sdr-demo-requests")
            .StartSla("Demo first touch"));

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

        handoff.Escalation("Stalled leads", e => e.To("Triage").Notify("#sdr-managers"));

        // Rejected and recycled leads go back to marketing with a standard reason, never lost.
        handoff.NurtureTrack("Early-stage education", "Monthly newsletter and the fundamentals series.");
        handoff.NurtureTrack("Quarterly check-in", "A personal check-in each quarter from marketing.");

        handoff.RejectReason("NO_BUDGET", "No budget this fiscal year", r => r.NurtureTrack("Quarterly check-in"));
        handoff.RejectReason("NOT_DECISION_MAKER", "Not a decision maker, no path to one", r => r.NurtureTrack("Early-stage education"));
        handoff.RejectReason("WRONG_TERRITORY", "Belongs to another territory", r => r.Misroute());

        handoff.RecycleReason("BAD_TIMING", "Interested, but not this quarter", r => r.NurtureTrack("Quarterly check-in"));
        handoff.RecycleReason("NO_RESPONSE", "No response after the full sequence", r => r.NurtureTrack("Early-stage education"));
    }
}
