using HandoffRules;

namespace Acme.Rules;

public sealed partial class AcmePlaybook
{
    /// <summary>Route, part two: the team and its queues.</summary>
    private static void Team(PlaybookBuilder handoff)
    {
        // North America SDRs.
        handoff.Member("olivia.bennett", "Olivia Bennett", m => m.TimeZone("America/New_York").WorkingHours(8, 17).DailyCap(20));
        handoff.Member("marcus.reed", "Marcus Reed", m => m.TimeZone("America/Chicago").WorkingHours(8, 17).DailyCap(20).OutOfOffice("2026-11-02", "2026-11-04"));
        handoff.Member("priya.natarajan", "Priya Natarajan", m => m.TimeZone("America/Los_Angeles").WorkingHours(8, 17).DailyCap(20));
        handoff.Member("jordan.kim", "Jordan Kim", m => m.TimeZone("America/Los_Angeles").WorkingHours(8, 17).DailyCap(30));
        handoff.Member("emily.carter", "Emily Carter", m => m.TimeZone("America/New_York").WorkingHours(8, 17).DailyCap(30));
        handoff.Member("diego.morales", "Diego Morales", m => m.TimeZone("America/Chicago").WorkingHours(9, 18).DailyCap(25));
        handoff.Member("hannah.schultz", "Hannah Schultz", m => m.TimeZone("America/Denver").Inactive());
        handoff.Member("tyler.brooks", "Tyler Brooks", m => m.TimeZone("America/New_York").WorkingHours(8, 17).DailyCap(40));
        handoff.Member("aisha.johnson", "Aisha Johnson", m => m.TimeZone("America/Chicago").WorkingHours(8, 17).DailyCap(40));
        handoff.Member("kevin.nguyen", "Kevin Nguyen", m => m.TimeZone("America/Los_Angeles").WorkingHours(7, 16).DailyCap(40));
        handoff.Member("noah.silva", "Noah Silva", m => m.TimeZone("America/New_York").WorkingHours(9, 18).DailyCap(35));
        handoff.Member("zoe.martin", "Zoe Martin", m => m.TimeZone("America/Los_Angeles").WorkingHours(9, 18).DailyCap(35));
        handoff.Member("ben.adler", "Ben Adler", m => m.TimeZone("America/New_York").WorkingHours(9, 18).DailyCap(25));

        // EMEA SDRs.
        handoff.Member("charlotte.hughes", "Charlotte Hughes", m => m.TimeZone("Europe/London").WorkingHours(9, 18).DailyCap(30));
        handoff.Member("niamh.obrien", "Niamh O'Brien", m => m.TimeZone("Europe/Dublin").WorkingHours(9, 18).DailyCap(30));
        handoff.Member("sophie.laurent", "Sophie Laurent", m => m.TimeZone("Europe/Paris").WorkingHours(9, 18).DailyCap(20));
        handoff.Member("lukas.becker", "Lukas Becker", m => m.TimeZone("Europe/Berlin").WorkingHours(8, 17).DailyCap(20));
        handoff.Member("anna.vogel", "Anna Vogel", m => m.TimeZone("Europe/Vienna").WorkingHours(8, 17).DailyCap(30));
        handoff.Member("jonas.lindqvist", "Jonas Lindqvist", m => m.TimeZone("Europe/Stockholm").WorkingHours(8, 17).DailyCap(30));
        handoff.Member("omar.khalil", "Omar Khalil", m => m.TimeZone("Asia/Dubai").WorkingHours(9, 18).WorkingDays(DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday).DailyCap(25));

        // APAC and LATAM SDRs.
        handoff.Member("mei.tanaka", "Mei Tanaka", m => m.TimeZone("Asia/Tokyo").WorkingHours(9, 18).DailyCap(25));
        handoff.Member("arjun.mehta", "Arjun Mehta", m => m.TimeZone("Asia/Kolkata").WorkingHours(10, 19).DailyCap(30));
        handoff.Member("chloe.walker", "Chloe Walker", m => m.TimeZone("Australia/Sydney").WorkingHours(8, 17).DailyCap(30));
        handoff.Member("wei.lim", "Wei Lim", m => m.TimeZone("Asia/Singapore").WorkingHours(9, 18).DailyCap(30));
        handoff.Member("camila.rojas", "Camila Rojas", m => m.TimeZone("America/Mexico_City").WorkingHours(9, 18).DailyCap(30));
        handoff.Member("mateo.alvarez", "Mateo Alvarez", m => m.TimeZone("America/Sao_Paulo").WorkingHours(9, 18).DailyCap(30));

        // Triage (RevOps enriches and re-routes what the rules could not place), managers, account owners.
        handoff.Member("sam.patel", "Sam Patel", m => m.TimeZone("America/New_York").WorkingHours(8, 18));
        handoff.Member("rachel.green", "Rachel Green", m => m.TimeZone("Europe/London").WorkingHours(8, 18));
        handoff.Member("grace.liu", "Grace Liu", m => m.TimeZone("America/New_York").WorkingHours(8, 18));
        handoff.Member("tom.fischer", "Tom Fischer", m => m.TimeZone("Europe/Berlin").WorkingHours(8, 18));
        handoff.Member("maya.chen", "Maya Chen", m => m.TimeZone("America/Los_Angeles"));
        handoff.Member("david.okafor", "David Okafor", m => m.TimeZone("America/New_York"));
        handoff.Member("ryan.mitchell", "Ryan Mitchell", m => m.TimeZone("America/Chicago").OutOfOffice("2026-11-02", "2026-11-06"));
        handoff.Member("isabel.fernandez", "Isabel Fernandez", m => m.TimeZone("Europe/Madrid"));
        handoff.Member("fatima.haddad", "Fatima Haddad", m => m.TimeZone("Europe/London"));

        handoff.Queue("NA Enterprise", q => q.RoundRobin().Members("olivia.bennett", "marcus.reed", "priya.natarajan"));
        // Jordan and Emily carry double weight; Hannah has left and is skipped until she is removed.
        handoff.Queue("NA Mid-Market", q => q.Weighted()
            .Member("jordan.kim", weight: 2)
            .Member("emily.carter", weight: 2)
            .Member("diego.morales", weight: 1)
            .Member("hannah.schultz", weight: 1));
        handoff.Queue("NA Velocity", q => q.RoundRobin().Members("tyler.brooks", "aisha.johnson", "kevin.nguyen"));
        handoff.Queue("Product-Led Growth", q => q.RoundRobin().Members("noah.silva", "zoe.martin"));
        handoff.Queue("Partner Desk", q => q.RoundRobin().Members("ben.adler", "emily.carter"));
        handoff.Queue("EMEA Enterprise", q => q.RoundRobin().Members("sophie.laurent", "lukas.becker")
            .BusinessHours("Europe/London", hours => hours.Open(8, 18).Holidays("2026-12-25", "2026-12-28", "2027-01-01")));
        handoff.Queue("EMEA Commercial", q => q.RoundRobin().Members("charlotte.hughes", "niamh.obrien", "jonas.lindqvist", "omar.khalil")
            .BusinessHours("Europe/London", hours => hours.Open(8, 18).Holidays("2026-12-25", "2026-12-28", "2027-01-01")));
        handoff.Queue("DACH Commercial", q => q.RoundRobin().Members("anna.vogel", "lukas.becker")
            .BusinessHours("Europe/Berlin", hours => hours.Open(8, 18).Holidays("2026-12-24", "2026-12-25", "2026-12-26", "2027-01-01")));
        handoff.Queue("APAC", q => q.Weighted()
            .Member("chloe.walker", weight: 2)
            .Member("wei.lim", weight: 2)
            .Member("mei.tanaka", weight: 1)
            .Member("arjun.mehta", weight: 1)
            .BusinessHours("Asia/Singapore", hours => hours.Open(9, 18)));
        handoff.Queue("LATAM", q => q.RoundRobin().Members("camila.rojas", "mateo.alvarez")
            .BusinessHours("America/Mexico_City", hours => hours.Open(9, 18)));
        handoff.Queue("Strategic Accounts", q => q.RoundRobin().Members("olivia.bennett", "sophie.laurent"));
        handoff.Queue("Lead Triage", q => q.RoundRobin().Members("sam.patel", "rachel.green"));
        handoff.Queue("SDR Managers", q => q.RoundRobin().Members("grace.liu", "tom.fischer"));
    }
}
