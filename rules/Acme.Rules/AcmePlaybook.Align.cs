using HandoffRules;
using HandoffRules.Model;

namespace Acme.Rules;

public sealed partial class AcmePlaybook
{
    /// <summary>Vendors we compete with: their people research us, they are not prospects.</summary>
    private static readonly HashSet<string> CompetitorDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "metricflow.io", "vizhub.co", "insightpeak.com", "chartwell-analytics.com",
    };

    /// <summary>Countries we cannot sell to.</summary>
    private static readonly HashSet<string> EmbargoedCountries = new(StringComparer.Ordinal)
    {
        "CU", "IR", "KP", "SY",
    };

    /// <summary>
    /// Align: what qualifies. A lead is handed to an SDR when it meets MQL, PQL or Hand-raiser
    /// (the last of these it meets decides) and carries the context an SDR needs. Anything
    /// else stays with marketing.
    /// </summary>
    private static void Align(PlaybookBuilder handoff)
    {
        handoff.Definition("Inbound", inbound => inbound
            .Describe("A person who raised a hand on one of our channels and left a work identity we can sell to.")
            .When(lead => lead.Email != null)
            .Disqualify("COMPETITOR", "Works for a competitor", lead => CompetitorDomains.Contains(lead.Domain!))
            .Disqualify("EMBARGOED", "Based in a country we cannot sell to", lead => EmbargoedCountries.Contains(lead.Country!))
            .Disqualify("STUDENT", "Student or academic, personal use", lead => lead.TitleContains("student") || (lead.Domain != null && lead.Domain.EndsWith(".edu", StringComparison.OrdinalIgnoreCase)))
            .Disqualify("TEST_SUBMISSION", "A test or junk form fill", lead => string.Equals(lead.Company, "test", StringComparison.OrdinalIgnoreCase) || string.Equals(lead.LastName, "test", StringComparison.OrdinalIgnoreCase))
            .Disqualify("PERSONAL_EMAIL", "Personal e-mail and little engagement", lead => lead.IsFreeMail && lead.Score < 40 && lead.Source != LeadSource.ProductSignup)
            .Stage("Lead"));

        handoff.Definition("MQL", mql => mql
            .Describe("Marketing-qualified: a score of 60 or more, or a visit to the pricing page.")
            .Extends("Inbound")
            .When(lead => lead.Score >= 60 || lead.HasSignal("pricing_page"))
            .RequireContext(LeadField.Company, LeadField.Country)
            .HandsOff()
            .Stage("MQL"));

        handoff.Definition("PQL", pql => pql
            .Describe("Product-qualified: a trial workspace that invited a teammate or hit its plan limit.")
            .Extends("Inbound")
            .When(lead => lead.HasSignal("invited_teammate") || lead.HasSignal("usage_limit_reached"))
            .RequireContext(LeadField.Company)
            .HandsOff()
            .Stage("PQL"));

        handoff.Definition("Hand-raiser", demo => demo
            .Describe("Asked for a demo: SDR-ready whatever the score.")
            .Extends("Inbound")
            .When(lead => lead.Event.Type == LeadEventType.DemoRequest || lead.Source == LeadSource.DemoRequest)
            .RequireContext(LeadField.Company, LeadField.Country)
            .HandsOff()
            .Stage("MQL"));
    }
}
