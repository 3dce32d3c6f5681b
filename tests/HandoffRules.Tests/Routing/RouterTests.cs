using HandoffRules.Benchmarks.Routing;
using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

public sealed class RouterTests
{
    private static readonly Router Small = Router.Compile(TestPlaybooks.Small());

    [Fact]
    public void A_qualified_lead_takes_the_first_matching_route_and_its_trace_names_it()
    {
        var trace = new DecisionTrace();
        var decision = Small.Route(TestPlaybooks.Lead(), Small.NewState(), trace);

        Assert.Equal(LeadOutcome.Routed, decision.Outcome);
        Assert.Equal(("MQL", "East", "Large", "East large", "East Large", "ana"),
            (decision.Definition!.Name, decision.Territory!.Name, decision.Segment!.Name, decision.Route!.Name, decision.Queue!.Name, decision.Member!.Id));
        Assert.Contains(trace.Steps, s => s is { Stage: TraceStage.Route, Subject: "East large", Result: TraceResult.Chosen });
        Assert.Contains(trace.Steps, s => s is { Stage: TraceStage.Route, Subject: "Accounts", Result: TraceResult.Failed });
        Assert.Contains("→ Route        East large: to queue 'East Large'", trace.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_lead_below_every_hand_off_definition_is_not_ready()
    {
        var decision = Small.Route(TestPlaybooks.Lead() with { Score = 10 }, Small.NewState());

        Assert.Equal(LeadOutcome.Disqualified, decision.Outcome);
        Assert.Equal(Disqualifier.NotReadyCode, decision.Disqualifier!.Code);
        Assert.Equal("Inbound", decision.Definition!.Name);
    }

    [Fact]
    public void A_disqualifier_of_an_inherited_definition_takes_the_lead_out_with_its_code()
    {
        var trace = new DecisionTrace();
        var decision = Small.Route(TestPlaybooks.Lead() with { Domain = "rival.com" }, Small.NewState(), trace);

        Assert.Equal((LeadOutcome.Disqualified, "COMPETITOR"), (decision.Outcome, decision.Disqualifier!.Code));
        Assert.Equal("COMPETITOR", decision.Rule);
        Assert.Contains(trace.Steps, s => s is { Stage: TraceStage.Disqualifier, Subject: "COMPETITOR", Result: TraceResult.Chosen });
    }

    [Fact]
    public void Missing_context_sends_the_lead_to_the_fallback_and_says_what_is_missing()
    {
        var trace = new DecisionTrace();
        var decision = Small.Route(TestPlaybooks.Lead() with { Company = null }, Small.NewState(), trace);

        Assert.Equal((FallbackReason.MissingContext, "Triage"), (decision.FallbackReason, decision.Queue!.Name));
        Assert.Null(decision.Route);
        Assert.Equal("fallback", decision.Rule);
        Assert.Contains(trace.Steps, s => s is { Stage: TraceStage.Context, Detail: "missing Company" });
    }

    [Theory]
    [InlineData("US", "TX", 1200, FallbackReason.NoRouteMatched)]
    [InlineData("US", "NY", null, FallbackReason.NoRouteMatched)]
    [InlineData(null, null, 1200, FallbackReason.NoRouteMatched)]
    [InlineData("GB", null, 10, FallbackReason.None)]
    public void Leads_no_route_takes_go_to_the_fallback(string? country, string? state, int? employees, FallbackReason expected)
    {
        var decision = Small.Route(TestPlaybooks.Lead() with { Country = country, State = state, Employees = employees }, Small.NewState());
        Assert.Equal(expected, decision.FallbackReason);
        Assert.Equal(LeadOutcome.Routed, decision.Outcome);
    }

    [Fact]
    public void Segment_falls_back_to_revenue_when_employees_are_unknown()
    {
        var decision = Small.Route(TestPlaybooks.Lead() with { Employees = null, AnnualRevenue = 80_000_000 }, Small.NewState());
        Assert.Equal("Large", decision.Segment!.Name);
    }

    [Fact]
    public void The_most_specific_territory_claim_wins()
    {
        var router = Router.Compile(TestPlaybooks.Small(p => p
            .Territory("Paris", t => t.PostalPrefixes("FR", "75"))
            .Territory("France outside Paris", t => t.PostalPrefixes("FR", "0", "1", "2", "3", "4", "5", "6", "8", "9", "70", "71", "72", "73", "74", "76", "77", "78", "79"))
            .Route("Paris", r => r.Territories("Paris").ToQueue("UK"))));

        var decision = router.Route(TestPlaybooks.Lead() with { Country = "FR", State = null, PostalCode = "75008" }, router.NewState());
        Assert.Equal("Paris", decision.Territory!.Name);
    }

    [Fact]
    public void A_named_account_and_its_subdomains_go_to_the_owner()
    {
        var state = Small.NewState();
        var direct = Small.Route(TestPlaybooks.Lead() with { Domain = "bigco.com" }, state);
        var subdomain = Small.Route(TestPlaybooks.Lead() with { Domain = "eu.bigco.com" }, state);

        Assert.Equal(("Accounts", "owner", null), (direct.Route!.Name, direct.Member!.Id, direct.Queue));
        Assert.Equal("Bigco", subdomain.Account!.Name);
        Assert.Null(Small.Route(TestPlaybooks.Lead() with { Domain = "notbigco.com" }, state).Account);

        // A lead built outside intake may keep its domain's capitals; the account still matches.
        Assert.Equal("Bigco", Small.Classify(TestPlaybooks.Lead() with { Domain = "EU.BigCo.com" }).Account!.Name);
    }

    [Fact]
    public void An_unavailable_owner_sends_the_lead_to_the_backup_queue_or_on_to_the_next_route()
    {
        static PlaybookModel WithAwayOwner(bool backup) => TestPlaybooks.Small(p => p
            .Member("away", "Away", m => m.OutOfOffice("2026-11-01", "2026-11-10"))
            .Account("Awayco", a => a.Domains("awayco.com").Owner("away"))
            .Route("Away accounts", r => r.WhenAccountMatched().ToAccountOwner(backup ? "UK" : null)));

        // The first route ("Accounts") has no backup: the lead moves on.
        var noBackup = Router.Compile(WithAwayOwner(backup: false));
        var moved = noBackup.Route(TestPlaybooks.Lead() with { Domain = "awayco.com" }, noBackup.NewState());
        Assert.Equal("East large", moved.Route!.Name);

        var playbook = WithAwayOwner(backup: true);
        var reordered = playbook with { Routes = [playbook.Routes[^1], .. playbook.Routes.Take(playbook.Routes.Count - 1)] };
        var withBackup = Router.Compile(reordered);
        var backedUp = withBackup.Route(TestPlaybooks.Lead() with { Domain = "awayco.com" }, withBackup.NewState());
        Assert.Equal(("Away accounts", "UK", "cy"), (backedUp.Route!.Name, backedUp.Queue!.Name, backedUp.Member!.Id));
    }

    [Fact]
    public void Triggers_fire_on_their_event_and_start_slas_on_the_business_clock()
    {
        // Friday 20 November 2026, 16:30 New York: two business hours run to Monday 10:30.
        var friday = new DateTimeOffset(2026, 11, 20, 21, 30, 0, TimeSpan.Zero);
        var lead = TestPlaybooks.Lead(at: friday) with { Event = new LeadEvent(LeadEventType.DemoRequest, "/demo", friday) };
        var decision = Small.Route(lead, Small.NewState());

        Assert.Equal("Demo", decision.Trigger!.Name);
        Assert.Equal("First touch", decision.FirstTouchSla!.Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 15, 30, 0, TimeSpan.Zero), decision.FirstTouchDue);
    }

    [Fact]
    public void Disqualified_leads_start_no_sla()
    {
        var decision = Small.Route(TestPlaybooks.Lead() with { Score = 0 }, Small.NewState());
        Assert.Null(decision.FirstTouchDue);
        Assert.Null(decision.Trigger);
    }

    [Fact]
    public void Every_lead_leaves_the_router_with_an_outcome_and_a_rule()
    {
        var state = Small.NewState();
        var countries = new[] { "US", "GB", "FR", null };
        for (var i = 0; i < 200; i++)
        {
            var lead = TestPlaybooks.Lead($"L{i}") with
            {
                Score = i % 100,
                Country = countries[i % 4],
                State = i % 3 == 0 ? "MA" : null,
                Employees = i % 5 == 0 ? null : i * 10,
                Company = i % 7 == 0 ? null : "Co",
                Domain = i % 11 == 0 ? "bigco.com" : "x.com",
            };
            var decision = Small.Route(lead, state);
            Assert.True(decision.Outcome is LeadOutcome.Routed or LeadOutcome.Disqualified);
            Assert.False(string.IsNullOrEmpty(decision.Rule));
            Assert.True(decision.Outcome == LeadOutcome.Disqualified || decision.Queue is not null || decision.Member is not null);
        }
    }

    [Fact]
    public void Classify_takes_the_same_rule_and_queue_as_route_without_assigning_or_starting_clocks()
    {
        var state = Small.NewState();
        var countries = new[] { "US", "GB", "FR", null };
        for (var i = 0; i < 100; i++)
        {
            var lead = TestPlaybooks.Lead($"L{i}") with { Score = i, Country = countries[i % 4], Employees = i % 5 == 0 ? null : i * 10 };
            var routed = Small.Route(lead, state);
            var classified = Small.Classify(lead);

            Assert.Equal((routed.Outcome, routed.Rule, routed.Queue, routed.FallbackReason, routed.Territory, routed.Segment),
                (classified.Outcome, classified.Rule, classified.Queue, classified.FallbackReason, classified.Territory, classified.Segment));
            Assert.True(classified.Queue is null || classified.Member is null, $"lead {i} was assigned to {classified.Member?.Id} from a queue");
            Assert.Null(classified.Trigger);
            Assert.Null(classified.FirstTouchDue);
        }
    }

    [Fact]
    public void Classify_takes_an_account_owner_route_without_checking_the_owner_is_available()
    {
        var playbook = TestPlaybooks.Small(p => p
            .Member("away", "Away", m => m.OutOfOffice("2026-11-01", "2026-11-10"))
            .Account("Awayco", a => a.Domains("awayco.com").Owner("away")));
        var router = Router.Compile(playbook);
        var lead = TestPlaybooks.Lead() with { Domain = "awayco.com" };
        var trace = new DecisionTrace();

        var classified = router.Classify(lead, trace);

        Assert.Equal(("Accounts", "away"), (classified.Route!.Name, classified.Member!.Id));
        Assert.Contains("availability not checked", trace.ToString(), StringComparison.Ordinal);
        Assert.Equal("East large", router.Route(lead, router.NewState()).Route!.Name);
    }

    [Theory]
    [InlineData(BenchmarkPlaybooks.Sample)]
    [InlineData(BenchmarkPlaybooks.Large)]
    public void A_decision_is_the_same_with_and_without_a_trace(string name)
    {
        // Untraced decisions take indexed shortcuts (postal prefixes by hash, routes by territory);
        // traced ones walk every rule. Both must land in the same place.
        var playbook = BenchmarkPlaybooks.Build(name);
        var router = Router.Compile(playbook);
        var (plain, traced) = (router.NewState(), router.NewState());
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lead in BenchmarkPlaybooks.Leads(playbook, 2000))
        {
            var decision = router.Route(lead, plain);
            Assert.Equal(decision, router.Route(lead, traced, new DecisionTrace()) with { Trace = null });
            routes.Add(decision.Rule);
        }

        Assert.True(routes.Count >= 10, $"the leads exercise only {routes.Count} rules");
    }

    [Fact]
    public void A_state_from_another_router_is_refused()
    {
        var other = Router.Compile(TestPlaybooks.Small());
        Assert.Throws<ArgumentException>(() => Small.Route(TestPlaybooks.Lead(), other.NewState()));
    }
}
