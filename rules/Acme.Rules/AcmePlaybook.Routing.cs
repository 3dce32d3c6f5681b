using HandoffRules;
using HandoffRules.Model;

namespace Acme.Rules;

public sealed partial class AcmePlaybook
{
    /// <summary>Route, part three: the routes, in order — the first that matches takes the lead.</summary>
    private static void Routing(PlaybookBuilder handoff)
    {
        // Owned accounts first: the owner knows the account. If the owner is away, an SDR on the
        // strategic-accounts desk covers.
        handoff.Route("Named accounts go to their owner", r => r
            .WhenAccountMatched()
            .ToAccountOwner(backupQueue: "Strategic Accounts"));

        handoff.Route("Partner referrals, mid-market and up", r => r
            .Sources(LeadSource.Referral)
            .Segments("Mid-Market", "Enterprise")
            .ToQueue("Partner Desk"));

        handoff.Route("Product-qualified small and mid-market", r => r
            .Definitions("PQL")
            .Segments("SMB", "Mid-Market")
            .ToQueue("Product-Led Growth"));

        handoff.Route("North America enterprise", r => r
            .Territories("NA West", "NA Central", "NA East", "Canada")
            .Segments("Enterprise")
            .ToQueue("NA Enterprise"));

        handoff.Route("North America mid-market", r => r
            .Territories("NA West", "NA Central", "NA East", "Canada")
            .Segments("Mid-Market")
            .ToQueue("NA Mid-Market"));

        handoff.Route("North America small business", r => r
            .Territories("NA West", "NA Central", "NA East", "Canada")
            .Segments("SMB")
            .ToQueue("NA Velocity"));

        handoff.Route("EMEA enterprise", r => r
            .Territories("UK & Ireland", "DACH", "Europe", "Middle East & Africa")
            .Segments("Enterprise")
            .ToQueue("EMEA Enterprise"));

        handoff.Route("DACH commercial", r => r
            .Territories("DACH")
            .Segments("SMB", "Mid-Market")
            .ToQueue("DACH Commercial"));

        handoff.Route("UK, Ireland and Europe commercial", r => r
            .Territories("UK & Ireland", "Europe")
            .Segments("SMB", "Mid-Market")
            .ToQueue("EMEA Commercial"));

        handoff.Route("Middle East and Africa mid-market", r => r
            .Territories("Middle East & Africa")
            .Segments("Mid-Market")
            .ToQueue("EMEA Commercial"));

        handoff.Route("APAC enterprise and mid-market", r => r
            .Territories("ANZ", "Asia")
            .Segments("Enterprise", "Mid-Market")
            .ToQueue("APAC"));

        // APAC has no velocity team yet: small businesses get an SDR only when they ask for a demo.
        handoff.Route("APAC small-business demo requests", r => r
            .Definitions("Hand-raiser")
            .Territories("ANZ", "Asia")
            .Segments("SMB")
            .ToQueue("APAC"));

        handoff.Route("Latin America", r => r
            .Territories("LATAM")
            .ToQueue("LATAM"));

        // Whatever the rules cannot place — no territory, no company size, missing context — goes
        // to RevOps triage, who enrich it and route it by hand.
        handoff.Fallback("Lead Triage", "RevOps enriches the record and routes it by hand.");
    }
}
