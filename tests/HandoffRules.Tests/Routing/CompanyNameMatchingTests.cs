using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

/// <summary>Leads without a company domain matched to accounts by company name, never by a guess.</summary>
public sealed class CompanyNameMatchingTests
{
    [Theory]
    [InlineData("Globex Corporation", "globex")]
    [InlineData("globex corp.", "globex")]
    [InlineData("GLOBEX, INC.", "globex")]
    [InlineData("Globex LLC", "globex")]
    [InlineData("Globex Ltd", "globex")]
    [InlineData("Globex GmbH", "globex")]
    [InlineData("Globex AG", "globex")]
    [InlineData("Globex S.A.", "globex")]
    [InlineData("Globex Pty. Ltd.", "globex")]
    [InlineData("The Globex Company", "globex")]
    [InlineData("Société Générale", "societe generale")]
    [InlineData("Müller & Söhne", "muller and sohne")]
    [InlineData("Johnson + Johnson", "johnson and johnson")]
    [InlineData("Macy's", "macys")]
    [InlineData("The Company", "company")]
    [InlineData("I.B.M.", "ibm")]
    public void Case_accents_punctuation_the_and_legal_suffixes_make_no_difference(string written, string normal) =>
        Assert.Equal(normal, CompanyNames.Normalise(written));

    private static Router WithNames(double confidence) => Router.Compile(TestPlaybooks.Small(p => p
        .Account("Globex Corporation", a => a.Domains("globex.com").Owner("ana"))
        .Account("Initech", a => a.Domains("initech.com").Owner("ben"))
        .Account("Initech Europe", a => a.Domains("initech.eu").Parent("Initech"))
        .MatchAccountsByName(confidence)));

    [Fact]
    public void A_free_mail_lead_of_a_known_company_goes_to_its_owner_and_the_trace_says_how_sure()
    {
        var router = WithNames(0.9);
        var trace = new DecisionTrace();
        var decision = router.Route(TestPlaybooks.Lead() with { Domain = "gmail.com", IsFreeMail = true, Company = "The Globex Corp." }, router.NewState(), trace);

        Assert.Equal(("Globex Corporation", "ana"), (decision.Account!.Name, decision.Member!.Id));
        var step = Assert.Single(trace.Steps, s => s.Stage == TraceStage.Account);
        Assert.Equal("company name matches the account's (confidence 1.00 ≥ 0.90; free-mail domain), owner ana", step.Detail);
    }

    [Fact]
    public void A_typo_matches_at_a_lower_confidence_when_the_playbook_allows_it_and_a_subsidiary_goes_to_the_parents_owner()
    {
        var lead = TestPlaybooks.Lead() with { Domain = null, Company = "Inittech Europe GmbH" };

        var loose = WithNames(0.9).Classify(lead);
        var strict = WithNames(0.95).Classify(lead);

        Assert.Equal(("Initech Europe", "ben"), (loose.Account!.Name, loose.Member!.Id));
        Assert.Null(strict.Account);
    }

    [Fact]
    public void Below_the_threshold_is_no_match_and_the_trace_names_the_near_miss()
    {
        var router = WithNames(0.9);
        var trace = new DecisionTrace();
        var decision = router.Route(TestPlaybooks.Lead() with { Domain = null, Company = "Glebox Inc" }, router.NewState(), trace);

        Assert.Null(decision.Account);
        Assert.NotEqual("Accounts", decision.Route?.Name);
        var step = Assert.Single(trace.Steps, s => s.Stage == TraceStage.Account);
        Assert.Equal(TraceResult.Failed, step.Result);
        Assert.StartsWith("company name is closest to account 'Globex Corporation' (confidence 0.", step.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lead_with_a_company_domain_is_never_matched_by_name_nor_is_a_playbook_that_does_not_ask()
    {
        var lead = TestPlaybooks.Lead() with { Domain = "globex-partner.com", Company = "Globex" };

        Assert.Null(WithNames(0.9).Classify(lead).Account);
        Assert.Null(Router.Compile(TestPlaybooks.Small(p => p.Account("Globex", a => a.Domains("globex.com").Owner("ana"))))
            .Classify(lead with { Domain = null }).Account);
    }

    [Fact]
    public void A_name_two_accounts_share_matches_neither()
    {
        var router = Router.Compile(TestPlaybooks.Small(p => p
            .Account("Globex Inc", a => a.Domains("globex.com").Owner("ana"))
            .Account("Globex GmbH", a => a.Domains("globex.de").Owner("ben"))
            .MatchAccountsByName()));

        Assert.Null(router.Classify(TestPlaybooks.Lead() with { Domain = null, Company = "Globex" }).Account);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void A_confidence_outside_zero_to_one_is_refused(double confidence) =>
        Assert.Throws<PlaybookDefinitionException>(() => TestPlaybooks.Small(p => p.MatchAccountsByName(confidence)));
}
