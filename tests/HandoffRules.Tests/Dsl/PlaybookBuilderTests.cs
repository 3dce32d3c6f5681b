using HandoffRules.Model;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Dsl;

public sealed class PlaybookBuilderTests
{
    [Fact]
    public void Definitions_keep_criteria_disqualifiers_context_and_hand_off()
    {
        var model = TestPlaybooks.Small(p => p.Definition("PQL", d => d
            .Describe("Product-qualified")
            .Extends("Inbound")
            .MeetsAny("MQL")
            .When(l => l.HasSignal("invited_teammate"))
            .Disqualify("STUDENT", "Student", l => l.TitleContains("student"))
            .RequireContext(LeadField.Company, LeadField.Country)
            .HandsOff()
            .Stage("PQL")));

        var pql = model.Definitions.Single(d => d.Name == "PQL");
        Assert.Equal("Product-qualified", pql.Description);
        Assert.Equal("Inbound", pql.Extends);
        Assert.Equal(["MQL"], pql.MeetsAny);
        Assert.Equal("lead.HasSignal(\"invited_teammate\")".Replace("lead", "l"), pql.Criteria.Single().Text);
        Assert.Equal("STUDENT", pql.Disqualifiers.Single().Code);
        Assert.Equal([LeadField.Company, LeadField.Country], pql.RequiredContext);
        Assert.True(pql.HandsOff);
        Assert.Equal("PQL", pql.Stage);
        Assert.False(model.Definitions[0].HandsOff);
    }

    [Fact]
    public void Territory_claims_are_normalised_to_iso_codes()
    {
        var model = TestPlaybooks.Small(p => p
            .Territory("West", t => t.Regions("USA", "california", "Washington").PostalPrefixes("United States", "97 0"))
            .Territory("Nordics", t => t.Countries("Sverige", "norway", "DK")));

        var west = model.Territories.Single(t => t.Name == "West");
        Assert.Equal(["US-CA", "US-WA", "US 970*"], west.Claims.Select(c => c.ToString()));
        Assert.Equal(["SE", "NO", "DK"], model.Territories.Single(t => t.Name == "Nordics").Claims.Select(c => c.Country));
    }

    [Fact]
    public void Segments_members_queues_and_accounts_are_recorded_as_written()
    {
        var model = TestPlaybooks.Small(p => p
            .Member("dee", "Dee", m => m.TimeZone("Europe/Berlin").WorkingHours(8, 16).WorkingDays(DayOfWeek.Monday).DailyCap(12).OutOfOffice("2026-12-24", "2026-12-31").Inactive())
            .Queue("Weighted", q => q.Weighted().Member("ana", weight: 3).Member("dee").BusinessHours("Europe/Berlin", h => h.Open(8, 18)))
            .Account("Globex", a => a.Domains("Globex.com", "globex.de").Owner("ana")));

        var dee = model.FindMember("dee")!;
        Assert.Equal(("Europe/Berlin", new TimeOnly(8, 0), new TimeOnly(16, 0), 12, false), (dee.TimeZone, dee.Hours.Start, dee.Hours.End, dee.DailyCap!.Value, dee.Active));
        Assert.Equal([DayOfWeek.Monday], dee.Hours.Days);
        Assert.Equal(new DateRange(new DateOnly(2026, 12, 24), new DateOnly(2026, 12, 31)), dee.OutOfOffice.Single());

        var queue = model.FindQueue("Weighted")!;
        Assert.Equal(Distribution.Weighted, queue.Distribution);
        Assert.Equal([new QueueMember("ana", 3), new QueueMember("dee", 1)], queue.Members);
        Assert.Equal("Europe/Berlin", queue.Hours!.TimeZone);
        Assert.Equal(["globex.com", "globex.de"], model.Accounts.Single(a => a.Name == "Globex").Domains);
        Assert.Equal(new Band(500, null), model.Segments.Single(s => s.Name == "Large").Employees);
    }

    [Fact]
    public void Routes_fallback_escalations_triggers_slas_and_reasons_are_recorded()
    {
        var model = TestPlaybooks.Small(p => p
            .Route("Referrals", r => r.Definitions("MQL").Sources(LeadSource.Referral, LeadSource.Events).When(l => l.Score > 80).ToQueue("UK"))
            .Escalation("Stalled", e => e.From("UK").To("Triage").Notify("#managers"))
            .Trigger("Pricing", t => t.On(LeadEventType.HighIntentPageView, "/pricing").AlertSlack("#intent").AlertOwnerByEmail().StartSla("First touch"))
            .Sla("Acceptance", s => s.Acceptance().Within(hours: 8, minutes: 30).OnBreach(b => b.Escalate("Stalled").Notify("#sdr"))));

        var route = model.Routes.Single(r => r.Name == "Referrals");
        Assert.Equal([LeadSource.Referral, LeadSource.Events], route.Sources);
        Assert.Equal("l.Score > 80", route.Condition!.Text);
        Assert.Equal(new Fallback("Triage", null), model.Fallback);
        Assert.Equal(new Escalation("Stalled", ["UK"], "Triage", "#managers"), model.Escalations.Single());
        var trigger = model.Triggers.Single(t => t.Name == "Pricing");
        Assert.Equal("/pricing", trigger.DetailPrefix);
        Assert.Equal([TriggerActionKind.SlackAlert, TriggerActionKind.EmailAlert, TriggerActionKind.StartSla], trigger.Actions.Select(a => a.Kind));
        var sla = model.FindSla("Acceptance")!;
        Assert.Equal((SlaKind.Acceptance, TimeSpan.FromMinutes(510), false), (sla.Kind, sla.Within, sla.StartsOnEveryHandoff));
        Assert.Equal([new BreachAction(BreachActionKind.Escalate, "Stalled"), new BreachAction(BreachActionKind.Notify, "#sdr")], sla.OnBreach);
        Assert.True(model.FindRejectReason("WRONG_TERRITORY")!.Misroute);
        Assert.Equal("Later", model.FindRecycleReason("BAD_TIMING")!.NurtureTrack);
    }

    [Fact]
    public void A_playbook_without_a_lifecycle_gets_the_standard_one()
    {
        var lifecycle = TestPlaybooks.Small().Lifecycle;

        Assert.Equal("New", lifecycle.InitialStatus);
        Assert.True(lifecycle.Allows("New", "Accepted"));
        Assert.False(lifecycle.Allows("Rejected", "Accepted"));
        Assert.Equal("Accepted", lifecycle.RuleFor(SdrAction.Accept)!.Status);
    }

    [Fact]
    public void Building_twice_gives_equal_models_and_a_change_makes_them_differ()
    {
        Assert.Equal(TestPlaybooks.Small(), TestPlaybooks.Small());
        Assert.NotEqual(TestPlaybooks.Small(), TestPlaybooks.Small(p => p.NurtureTrack("Another")));
    }

    [Theory]
    [InlineData("timezone", "Member 'x': 'Mars/Olympus' is not a known time zone")]
    [InlineData("windows zone", "Member 'x': 'Pacific Standard Time' is not a known time zone; use an IANA id")]
    [InlineData("hours", "Business hours: hours 18–8 are not a day's opening hours")]
    [InlineData("band", "Segment 'S' has employees band 10–5")]
    [InlineData("route", "Route 'R' has no target")]
    [InlineData("date", "'2026-13-01' is not a date written as yyyy-MM-dd")]
    [InlineData("weight", "Queue 'Q' gives member 'ana' weight 0")]
    [InlineData("sla", "SLA 'S' has no time limit")]
    [InlineData("slack", "Member 'x': '@x' is not a Slack member id")]
    public void Values_that_cannot_be_represented_fail_the_build_naming_the_element(string kind, string expected)
    {
        Action<PlaybookBuilder> broken = kind switch
        {
            "timezone" => p => p.Member("x", "X", m => m.TimeZone("Mars/Olympus")),
            "windows zone" => p => p.Member("x", "X", m => m.TimeZone("Pacific Standard Time")),
            "hours" => p => p.BusinessHours("America/New_York", h => h.Open(18, 8)),
            "band" => p => p.Segment("S", s => s.Employees(10, 5)),
            "route" => p => p.Route("R", r => r.Territories("East")),
            "date" => p => p.Member("x", "X", m => m.OutOfOffice("2026-13-01", "2026-12-01")),
            "weight" => p => p.Queue("Q", q => q.Member("ana", weight: 0)),
            "slack" => p => p.Member("x", "X", m => m.SlackId("@x")),
            _ => p => p.Sla("S", s => s.FirstTouch()),
        };

        var error = Assert.Throws<PlaybookDefinitionException>(() => TestPlaybooks.Small(broken));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
