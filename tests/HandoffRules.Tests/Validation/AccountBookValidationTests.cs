using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;
using HandoffRules.Validation;

namespace HandoffRules.Tests.Validation;

/// <summary>
/// Account books and postal lists read from the rules assembly: `handoff check` reports each
/// problem at the file's line and column, with the ids the analyzers use.
/// </summary>
public sealed class AccountBookValidationTests
{
    private static IReadOnlyList<PlaybookIssue> Check(string book, Action<PlaybookBuilder>? extra = null, string? postal = null)
    {
        var files = new Dictionary<string, string> { ["accounts.csv"] = book };
        if (postal is not null)
        {
            files["west.csv"] = postal;
        }

        return PlaybookValidator.Validate(TestPlaybooks.Small(p =>
        {
            p.AccountsFrom("accounts.csv");
            extra?.Invoke(p);
        }, files));
    }

    [Fact]
    public void A_clean_book_adds_its_accounts_with_their_rows_and_passes()
    {
        var playbook = TestPlaybooks.Small(p => p.AccountsFrom("accounts.csv"), new Dictionary<string, string>
        {
            ["accounts.csv"] = "account,domains,owner,parent,territory\nGlobex,globex.com; Globex.DE,ana,,\nGlobex Europe,globex.eu,,Globex,UK\n",
        });

        Assert.Empty(PlaybookValidator.Validate(playbook));
        var europe = playbook.Accounts.Single(a => a.Name == "Globex Europe");
        Assert.Equal((null, "Globex", "UK", new FileOrigin("accounts.csv", 3)), (europe.Owner, europe.Parent, europe.Territory, europe.Origin));
        Assert.Equal(["globex.com", "globex.de"], playbook.Accounts.Single(a => a.Name == "Globex").Domains);
    }

    [Fact]
    public void Malformed_rows_are_HR2011_at_their_line_and_column()
    {
        var issues = Check("account,domains,owner\nGlobex,globex.com,ana\nUmbrella,umbrella,ana\nSoylent,soylent.com\nHooli,hooli.com,\n\"Initech,initech.com,ana\nLast,last.com,ana\n");

        Assert.Equal(
            [
                ("HR2011", "accounts.csv(3,10)", "Account book 'accounts.csv': 'umbrella' is not an e-mail domain (write domains as example.com, several separated by ';')"),
                ("HR2011", "accounts.csv(4,1)", "Account book 'accounts.csv': the row has 2 field(s) and the header 3"),
                ("HR2011", "accounts.csv(5,17)", "Account book 'accounts.csv': account 'Hooli' has no owner and no parent to take one from"),
                ("HR2011", "accounts.csv(6,1)", "Account book 'accounts.csv': a quoted field is never closed (a \" is missing), so the rest of the file was read as part of it"),
            ],
            issues.Select(i => (i.Id, i.Where, i.Message)));
    }

    [Fact]
    public void An_unknown_column_or_a_missing_one_stops_the_book_at_the_header()
    {
        var issues = Check("account,domains,ownr\nGlobex,globex.com,ana\n");

        Assert.Equal(
            [("HR2011", "accounts.csv(1,17)"), ("HR2011", "accounts.csv(1,1)")],
            issues.Select(i => (i.Id, i.Where)));
        Assert.Contains("unknown column 'ownr'", issues[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_domain_in_two_accounts_an_owner_who_is_not_a_member_and_an_unknown_parent_are_at_their_cells()
    {
        var issues = Check("account,domains,owner,parent\nGlobex,globex.com,ana,\nInitech,initech.com;globex.com,nobody,\nHooli,hooli.com,,Pied Piper\n");

        Assert.Equal(
            [
                ("HR1004", "accounts.csv(3,32)", "Account 'Initech' refers to member 'nobody', which the playbook does not declare"),
                ("HR2008", "accounts.csv(3,21)", "Domain 'globex.com' belongs to account 'Initech' and to account 'Globex'; a lead from it would match both"),
                ("HR1004", "accounts.csv(4,18)", "Account 'Hooli' refers to parent account 'Pied Piper', which the playbook does not declare"),
            ],
            issues.Select(i => (i.Id, i.Where, i.Message)));
    }

    [Fact]
    public void A_book_account_sharing_a_domain_with_an_account_in_code_is_HR2008()
    {
        var issues = Check("account,domains,owner\nBig Co,BIGCO.com,ana\n");

        Assert.Equal([("HR2008", "accounts.csv(2,8)")], issues.Select(i => (i.Id, i.Where)));
    }

    [Fact]
    public void A_hierarchy_that_loops_is_HR2012_at_each_parent()
    {
        var issues = Check("account,domains,owner,parent\nGlobex,globex.com,,Globex Europe\nGlobex Europe,globex.eu,,Globex\nHooli,hooli.com,ana,\n");

        Assert.Equal(
            [
                ("HR2012", "accounts.csv(2,20)", "Account 'Globex' is its own ancestor (Globex → Globex Europe → Globex); a subsidiary without an owner takes its parent's, so its leads would have no owner to find"),
                ("HR2012", "accounts.csv(3,26)", "Account 'Globex Europe' is its own ancestor (Globex → Globex Europe → Globex); a subsidiary without an owner takes its parent's, so its leads would have no owner to find"),
            ],
            issues.Select(i => (i.Id, i.Where, i.Message)));
    }

    [Fact]
    public void A_file_the_rules_assembly_does_not_carry_is_HR2010()
    {
        var playbook = TestPlaybooks.Small(p => p.AccountsFrom("missing.csv"));

        var issue = Assert.Single(PlaybookValidator.Validate(playbook));
        Assert.Equal(("HR2010", "missing.csv"), (issue.Id, issue.Where));
        Assert.Contains("<AdditionalFiles Include=\"missing.csv\" />", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_postal_list_claims_its_codes_and_an_overlap_with_another_territory_is_at_its_row()
    {
        var files = new Dictionary<string, string> { ["west.csv"] = "country,postal_code\nFR,75\nUnited Kingdom,EC1\nFR,\n" };
        var playbook = TestPlaybooks.Small(p => p.Territory("West", t => t.PostalCodesFrom("west.csv")), files);

        Assert.Equal(["FR 75*", "GB EC1*"], playbook.Territories.Single(t => t.Name == "West").Claims.Select(c => c.ToString()));
        var issues = PlaybookValidator.Validate(playbook);
        Assert.Contains(issues, i => i is { Id: "HR2011", Where: "west.csv(4,4)", Message: "Postal list 'west.csv': the postal code is empty" });
        Assert.Contains(issues, i => i is { Id: "HR2001", Where: "west.csv(3,16)" } && i.Message.StartsWith("Territory 'West' claims postal codes GB EC1*", StringComparison.Ordinal));
        Assert.Equal(["HR2001", "HR2001", "HR2011"], issues.Select(i => i.Id).Order());
    }

    [Fact]
    public void A_playbook_with_a_malformed_row_does_not_compile_into_a_router()
    {
        var playbook = TestPlaybooks.Small(p => p.AccountsFrom("accounts.csv"), new Dictionary<string, string> { ["accounts.csv"] = "account,domains,owner\nGlobex,globex,ana\n" });

        var refused = Assert.Throws<PlaybookValidationException>(() => Router.Compile(playbook));
        Assert.Contains("HR2011", refused.Message, StringComparison.Ordinal);
    }
}
