using HandoffRules.Model;

namespace HandoffRules.Tests.Support;

/// <summary>Small playbooks the tests start from, each valid unless a test breaks it.</summary>
public static class TestPlaybooks
{
    /// <summary>Monday 2 November 2026, 15:00 UTC: 10:00 in New York, inside everybody's hours.</summary>
    public static readonly DateTimeOffset Monday10Am = new(2026, 11, 2, 15, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// One hand-off definition, two territories, two segments, three queues, a named account,
    /// four routes, a fallback, an SLA, a trigger and reasons. <paramref name="extra"/> runs last.
    /// </summary>
    public static PlaybookModel Small(Action<PlaybookBuilder>? extra = null, IReadOnlyDictionary<string, string>? files = null) => new InlinePlaybook(p =>
    {
        p.Named("Small");
        p.BusinessHours("America/New_York", h => h.Open(9, 17));
        p.Definition("Inbound", d => d.When(l => l.Email != null).Disqualify("COMPETITOR", "Competitor", l => l.Domain == "rival.com"));
        p.Definition("MQL", d => d.Extends("Inbound").When(l => l.Score >= 50).RequireContext(LeadField.Company).HandsOff());
        p.Territory("East", t => t.Regions("US", "NY", "MA"));
        p.Territory("UK", t => t.Country("GB"));
        p.Segment("Small", s => s.Employees(1, 499).Revenue(0, 49_999_999));
        p.Segment("Large", s => s.Employees(500).Revenue(50_000_000));
        p.Member("ana", "Ana", m => m.TimeZone("America/New_York").WorkingHours(9, 17));
        p.Member("ben", "Ben", m => m.TimeZone("America/New_York").WorkingHours(9, 17));
        p.Member("cy", "Cy", m => m.TimeZone("Europe/London").WorkingHours(9, 17));
        p.Member("owner", "Olu Owner", m => m.TimeZone("America/New_York"));
        p.Queue("East Large", q => q.Members("ana", "ben"));
        p.Queue("East Small", q => q.Members("ben"));
        p.Queue("UK", q => q.Members("cy"));
        p.Queue("Triage", q => q.Members("ana"));
        p.Account("Bigco", a => a.Domains("bigco.com").Owner("owner"));
        p.Route("Accounts", r => r.WhenAccountMatched().ToAccountOwner());
        p.Route("East large", r => r.Territories("East").Segments("Large").ToQueue("East Large"));
        p.Route("East small", r => r.Territories("East").Segments("Small").ToQueue("East Small"));
        p.Route("UK", r => r.Territories("UK").ToQueue("UK"));
        p.Fallback("Triage");
        p.Sla("First touch", s => s.FirstTouch().Within(hours: 2).OnEveryHandoff().OnBreach(b => b.ReassignToNextMember()));
        p.Trigger("Demo", t => t.On(LeadEventType.DemoRequest).CreateTask("Call").StartSla("First touch"));
        p.NurtureTrack("Later");
        p.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
        p.RejectReason("WRONG_TERRITORY", "Wrong territory", r => r.Misroute());
        p.RecycleReason("BAD_TIMING", "Bad timing", r => r.NurtureTrack("Later"));
        extra?.Invoke(p);
    }, files).Build();

    /// <summary>A normalised lead with sensible defaults; override with <c>with</c>.</summary>
    public static Lead Lead(string id = "L1", DateTimeOffset? at = null) => new()
    {
        Id = id,
        Email = $"{id.ToLowerInvariant()}@acme-buyer.com",
        Domain = "acme-buyer.com",
        Company = "Acme Buyer",
        Country = "US",
        State = "NY",
        Employees = 1200,
        Score = 70,
        Source = LeadSource.Organic,
        Event = new LeadEvent(LeadEventType.FormSubmission, "Contact us", at ?? Monday10Am),
    };
}
