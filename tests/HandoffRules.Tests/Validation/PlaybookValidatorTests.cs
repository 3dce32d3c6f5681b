using Acme.Rules;
using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;
using HandoffRules.Validation;

namespace HandoffRules.Tests.Validation;

public sealed class PlaybookValidatorTests
{
    [Fact]
    public void The_sample_playbook_has_no_issues()
    {
        Assert.Empty(PlaybookValidator.Validate(new AcmePlaybook().Build()));
    }

    [Fact]
    public void The_small_test_playbook_has_no_issues()
    {
        Assert.Empty(PlaybookValidator.Validate(TestPlaybooks.Small()));
    }

    [Fact]
    public void HR1001_a_playbook_without_a_fallback()
    {
        var model = new InlinePlaybook(p =>
        {
            p.Definition("MQL", d => d.HandsOff());
            p.Member("ana", "Ana");
            p.Queue("Q", q => q.Members("ana"));
            p.Route("All", r => r.ToQueue("Q"));
        }).Build();

        var issue = Assert.Single(PlaybookValidator.Validate(model));
        Assert.Equal(("HR1001", IssueSeverity.Error), (issue.Id, issue.Severity));
        Assert.Contains("has no fallback", issue.Message, StringComparison.Ordinal);
        Assert.EndsWith("docs/rules/HR1001.md", issue.HelpUri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("queue")]
    [InlineData("route")]
    [InlineData("territory")]
    [InlineData("reason")]
    [InlineData("case")]
    public void HR1003_duplicate_names(string kind)
    {
        Action<PlaybookBuilder> duplicate = kind switch
        {
            "queue" => p => p.Queue("UK", q => q.Members("cy")),
            "route" => p => p.Route("UK", r => r.Territories("East").ToQueue("UK")),
            "territory" => p => p.Territory("UK", t => t.Country("FR")),
            "reason" => p => p.RejectReason("NO_BUDGET", "Again", r => r.NurtureTrack("Later")),
            _ => p => p.Queue("east large", q => q.Members("cy")),
        };

        var issue = Assert.Single(Issues(duplicate), i => i.Id == "HR1003");
        Assert.Contains("declared more than once", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HR1004_references_to_undeclared_territories_members_definitions_and_tracks()
    {
        var issues = Issues(p => p
            .Route("Ghost", r => r.Territories("Atlantis").Definitions("SQL").ToQueue("UK"))
            .Queue("Phantoms", q => q.Members("nobody", "ana"))
            .RecycleReason("LOST", "Lost", r => r.NurtureTrack("Nowhere")));

        Assert.Equal(4, issues.Count(i => i.Id == "HR1004"));
        Assert.Contains(issues, i => i.Message == "Route 'Ghost' refers to territory 'Atlantis', which the playbook does not declare");
        Assert.Contains(issues, i => i.Message == "Queue 'Phantoms' refers to member 'nobody', which the playbook does not declare");
    }

    [Theory]
    [InlineData("same country", "Territory 'Also UK' claims all of GB, which territory 'UK' also claims (all of GB)")]
    [InlineData("alias", "Territory 'Also UK' claims all of GB, which territory 'UK' also claims (all of GB)")]
    [InlineData("state in country", "claims all of US")]
    [InlineData("state case", "claims US-NY, which territory 'East' also claims (US-NY)")]
    [InlineData("postal prefix", "postal codes GB EC1*")]
    public void HR2001_overlapping_territories_are_reported_at_both_claims(string kind, string expected)
    {
        Action<PlaybookBuilder> overlap = kind switch
        {
            "same country" => p => p.Territory("Also UK", t => t.Country("GB")),
            "alias" => p => p.Territory("Also UK", t => t.Country("United Kingdom")),
            "state in country" => p => p.Territory("USA", t => t.Country("USA")),
            "state case" => p => p.Territory("New York", t => t.Regions("US", "ny")),
            _ => p => p.Territory("London EC", t => t.PostalPrefixes("FR", "EC")).Territory("London EC1", t => t.PostalPrefixes("FR", "EC1")),
        };

        var issues = Issues(overlap).Where(i => i.Id == "HR2001").ToList();
        Assert.True(issues.Count >= 2, "each overlap is reported at both of its claims");
        Assert.Contains(issues, i => i.Message.Contains(expected.Replace("GB EC1", "FR EC1", StringComparison.Ordinal), StringComparison.Ordinal));
    }

    [Fact]
    public void HR2001_a_state_and_a_postal_prefix_of_one_country_overlap()
    {
        var issues = Issues(p => p.Territory("Manhattan", t => t.PostalPrefixes("US", "100")));

        // The prefix, and each region of the other territory (NY, MA), are reported once each.
        Assert.Equal(3, issues.Count(i => i.Id == "HR2001"));
    }

    [Fact]
    public void HR2002_and_HR2003_segment_bands_that_overlap_or_leave_gaps()
    {
        var model = new InlinePlaybook(p =>
        {
            p.Segment("SMB", s => s.Employees(1, 199));
            p.Segment("Mid", s => s.Employees(201, 999));
            p.Segment("Big", s => s.Employees(900, 5000));
        }).Build();
        var issues = PlaybookValidator.Validate(model);

        Assert.Contains(issues, i => i.Id == "HR2003" && i.Message == "No segment covers employees 200; a lead there would have no segment");
        Assert.Contains(issues, i => i.Id == "HR2002" && i.Message == "Segment 'Big' (employees 900–5,000) overlaps segment 'Mid' (employees 201–999)");
        Assert.Contains(issues, i => i.Id == "HR2003" && i.Message.Contains("employees 5,001+", StringComparison.Ordinal));
    }

    [Fact]
    public void HR2004_a_route_covered_by_an_earlier_one()
    {
        var issues = Issues(p => p.Route("East large, demo requests", r => r.Territories("East").Segments("Large").Sources(LeadSource.DemoRequest).ToQueue("UK")));
        var issue = Assert.Single(issues);
        Assert.Equal(("HR2004", IssueSeverity.Warning), (issue.Id, issue.Severity));
        Assert.Equal("Route 'East large, demo requests' can never match: earlier route 'East large' matches every lead it would", issue.Message);
    }

    [Fact]
    public void HR2004_is_not_reported_when_the_earlier_route_has_a_condition_or_is_narrower()
    {
        Assert.Empty(Issues(p => p
            .Route("Hot", r => r.Territories("East").When(l => l.Score > 90).ToQueue("UK"))
            .Route("East any size", r => r.Territories("East").ToQueue("UK"))));
    }

    [Fact]
    public void HR2005_and_HR2006_routes_to_a_missing_queue_or_one_without_active_members()
    {
        var issues = Issues(p => p
            .Member("gone", "Gone", m => m.Inactive())
            .Queue("Empty", q => q.Members("gone"))
            .Route("To nowhere", r => r.Territories("UK").ToQueue("Nowhere"))
            .Route("To empty", r => r.Territories("UK").Segments("Small").ToQueue("Empty"))
            .Escalation("Up", e => e.From("UK").To("Empty")));

        Assert.Contains(issues, i => i.Id == "HR2005" && i.Message == "Route 'To nowhere' sends leads to queue 'Nowhere', which the playbook does not declare");
        Assert.Equal(2, issues.Count(i => i.Id == "HR2006"));
    }

    [Fact]
    public void HR2007_unknown_country_and_HR2008_domain_in_two_accounts()
    {
        var issues = Issues(p => p
            .Territory("Moon", t => t.Country("Luna"))
            .Account("Bigco Europe", a => a.Domains("BIGCO.com").Owner("ana")));

        Assert.Contains(issues, i => i.Id == "HR2007" && i.Message.Contains("country 'Luna'", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Id == "HR2008" && i.Message.StartsWith("Domain 'bigco.com' belongs to account 'Bigco Europe' and to account 'Bigco'", StringComparison.Ordinal));
    }

    [Fact]
    public void HR3001_an_sla_without_a_breach_action()
    {
        var issue = Assert.Single(Issues(p => p.Sla("Silent", s => s.Acceptance().Within(hours: 1))));
        Assert.Equal("HR3001", issue.Id);
        Assert.Contains("SLA 'Silent' has no breach action", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HR3002_reasons_that_send_leads_nowhere()
    {
        var issues = Issues(p => p
            .RejectReason("SPAM", "Spam", r => { })
            .RecycleReason("LOST", "Lost", r => { }));

        Assert.Equal(2, issues.Count(i => i.Id == "HR3002"));
    }

    [Fact]
    public void HR4001_HR4002_and_HR4003_definitions_and_lifecycle()
    {
        var model = new InlinePlaybook(p =>
        {
            p.Definition("SDR-ready", d => d.MeetsAny("MQL"));
            p.Definition("MQL", d => d.When(l => l.Score > 50));
            p.Lifecycle(l => l.Statuses("New", "Done", "Orphan").Transition("New", "Done").OnAction(SdrAction.Accept, "Orphan"));
            p.Member("ana", "Ana");
            p.Queue("Q", q => q.Members("ana"));
            p.Fallback("Q");
        }).Build();

        var ids = PlaybookValidator.Validate(model).Select(i => i.Id).ToList();
        Assert.Contains("HR4001", ids);
        Assert.Contains("HR4002", ids);
        Assert.Contains("HR4003", ids);
    }

    [Fact]
    public void Compiling_a_playbook_with_errors_fails_and_lists_them()
    {
        var broken = TestPlaybooks.Small(p => p.Territory("Also UK", t => t.Country("GB")));
        var error = Assert.Throws<PlaybookValidationException>(() => Router.Compile(broken));

        Assert.Contains("HR2001", error.Message, StringComparison.Ordinal);
        Assert.All(error.Issues, i => Assert.Equal("HR2001", i.Id));
    }

    [Fact]
    public void HR3003_escalate_on_breach_with_no_escalation_covering_a_queue()
    {
        var issue = Assert.Single(Issues(p => p
            .Escalation("Stalled UK", e => e.From("UK").To("Triage"))
            .Sla("Acceptance", s => s.Acceptance().Within(hours: 8).OnBreach(b => b.Escalate()))));

        Assert.Equal(("HR3003", IssueSeverity.Warning, "SLA 'Acceptance'"), (issue.Id, issue.Severity, issue.Where));
        Assert.Contains("no escalation covers leads with an account owner and queues 'East Large', 'East Small', 'Triage'", issue.Message, StringComparison.Ordinal);
    }

    private static IReadOnlyList<PlaybookIssue> Issues(Action<PlaybookBuilder> change) =>
        PlaybookValidator.Validate(TestPlaybooks.Small(change));
}
