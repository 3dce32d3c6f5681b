using HandoffRules;

namespace Acme.Rules;

public sealed partial class AcmePlaybook
{
    /// <summary>Route, part one: who covers which place, which company size, which named account.</summary>
    private static void Coverage(PlaybookBuilder handoff)
    {
        // North America is split by US state along our three time zones; Canada is covered whole.
        handoff.Territory("NA West", t => t
            .Regions("US", "WA", "OR", "CA", "NV", "ID", "MT", "WY", "UT", "CO", "AZ", "NM", "AK", "HI"));
        handoff.Territory("NA Central", t => t
            .Regions("US", "ND", "SD", "NE", "KS", "OK", "TX", "MN", "IA", "MO", "AR", "LA", "WI", "IL", "MI", "IN", "OH", "KY", "TN", "MS", "AL"));
        handoff.Territory("NA East", t => t
            .Regions("US", "ME", "NH", "VT", "MA", "RI", "CT", "NY", "NJ", "PA", "DE", "MD", "DC", "VA", "WV", "NC", "SC", "GA", "FL"));
        handoff.Territory("Canada", t => t.Country("CA"));

        handoff.Territory("UK & Ireland", t => t.Countries("GB", "IE"));
        handoff.Territory("DACH", t => t.Countries("DE", "AT", "CH"));
        handoff.Territory("Europe", t => t
            .Countries("FR", "BE", "NL", "LU", "ES", "PT", "IT", "SE", "NO", "DK", "FI", "IS", "PL", "CZ", "EE", "LV", "LT"));
        handoff.Territory("Middle East & Africa", t => t.Countries("AE", "SA", "QA", "IL", "ZA", "EG", "NG", "KE"));

        handoff.Territory("ANZ", t => t.Countries("AU", "NZ"));
        handoff.Territory("Asia", t => t.Countries("SG", "JP", "IN", "HK", "MY", "PH", "ID", "KR", "TH", "VN"));
        handoff.Territory("LATAM", t => t.Countries("MX", "BR", "AR", "CL", "CO", "PE"));

        // Segments go by employees; when a form has no employee count we fall back to revenue.
        handoff.Segment("SMB", s => s.Employees(1, 199).Revenue(0, 19_999_999));
        handoff.Segment("Mid-Market", s => s.Employees(200, 999).Revenue(20_000_000, 249_999_999));
        handoff.Segment("Enterprise", s => s.Employees(1000).Revenue(250_000_000));

        // Named accounts: a lead from one of these domains (or a subdomain) goes to the account's owner.
        handoff.Account("Northwind Traders", a => a.Domains("northwind-traders.com", "northwind.co.uk").Owner("maya.chen"));
        handoff.Account("Globex", a => a.Domains("globex.com", "globex-europe.com").Owner("david.okafor"));
        handoff.Account("Initech", a => a.Domains("initech.com", "initrode.com").Owner("ryan.mitchell"));
        handoff.Account("Umbrella Health", a => a.Domains("umbrella-health.com", "umbrellapharma.com").Owner("isabel.fernandez"));
        handoff.Account("Contoso", a => a.Domains("contoso.com", "contoso.co.uk", "contoso.de").Owner("fatima.haddad"));
        handoff.Account("Fabrikam", a => a.Domains("fabrikam.com").Owner("maya.chen"));
        handoff.Account("Tailspin Toys", a => a.Domains("tailspintoys.com").Owner("david.okafor"));
        handoff.Account("Adventure Works", a => a.Domains("adventure-works.com", "adventureworks.com.au").Owner("isabel.fernandez"));
        handoff.Account("Litware", a => a.Domains("litwareinc.com").Owner("fatima.haddad"));
        handoff.Account("Wide World Importers", a => a.Domains("wideworldimporters.com").Owner("ryan.mitchell"));

        // The rest of the book is the CRM's: every company an account executive owns, exported with
        // its domains (an alias after a ';') and its parent. A subsidiary with no owner of its own
        // goes to its parent's owner. The analyzers check every row as the file is edited.
        handoff.AccountsFrom("accounts.csv");
    }
}
