using HandoffRules.Cli.Accounts;
using HandoffRules.Cli.Loading;
using HandoffRules.Host.Crm;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Cli;

/// <summary>
/// The edit <c>handoff accounts pull</c> makes to an account book: the changed owner cells only, new
/// accounts appended in name order, the book's style kept, and every company it does not take counted.
/// </summary>
public sealed class AccountBookPullTests
{
    private static readonly Dictionary<string, string?> Members = new() { ["1"] = "ana", ["2"] = "ben", ["3"] = "cy" };

    [Fact]
    public void A_new_book_gets_a_header_and_its_accounts_sorted_by_name_with_parents()
    {
        var result = Pull(null,
            Company("20", "Zeta", "2", "zeta.com"),
            Company("10", "Alpha", "1", "alpha.com", "alpha.de"),
            Company("30", "Alpha Labs", "1", "alphalabs.com") with { ParentId = "10" });

        Assert.Equal("account,domains,owner,parent\nAlpha,alpha.com;alpha.de,ana,\nAlpha Labs,alphalabs.com,ana,Alpha\nZeta,zeta.com,ben,\n", result.Text);
        Assert.Empty(AccountBookCheckErrors(result.Text));
    }

    [Fact]
    public void A_subsidiary_that_takes_its_parents_new_owner_is_left_inheriting_it()
    {
        const string book = "account,domains,owner,parent\nGlobex,globex.com,ana,\nGlobex Europe,globex.eu,,Globex";

        // The parent moves to ben in HubSpot and so does the subsidiary: one cell changes, the subsidiary still inherits.
        var result = Pull(book, Company("1", "Globex", "2", "globex.com"), Company("2", "Globex Europe", "2", "globex.eu"));

        Assert.Equal("account,domains,owner,parent\nGlobex,globex.com,ben,\nGlobex Europe,globex.eu,,Globex", result.Text);
        Assert.Equal((1, 1), (result.Changes.Count, result.Unchanged));
    }

    [Fact]
    public void A_book_without_a_final_line_break_gets_one_before_an_added_row_and_names_are_quoted_as_RFC_4180_says()
    {
        var result = Pull("account,domains,owner\nGlobex,globex.com,ana", Company("5", "Initech, \"The\" Co", "3", "initech.com"));

        Assert.Equal("account,domains,owner\nGlobex,globex.com,ana\n\"Initech, \"\"The\"\" Co\",initech.com,cy\n", result.Text);
        Assert.Equal(["Globex"], result.NotInHubSpot);
    }

    [Fact]
    public void A_book_with_problems_is_refused_not_rewritten()
    {
        var refused = Assert.Throws<CommandException>(() => Pull("account,domains,ownr\nGlobex,globex.com,ana\n", Company("1", "Globex", "2", "globex.com")));

        Assert.Contains("accounts.csv has 2 problem(s), the first at accounts.csv(1,17): unknown column 'ownr'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Companies_it_cannot_take_are_counted_each_with_why()
    {
        var result = Pull("account,domains,owner\nGlobex,globex.com,ana\n",
            Company("1", "Globex", "9", "globex.com"),
            Company("2", "Hooli", null, "hooli.com"),
            Company("3", "Nameless", "1"),
            Company("4", "Globex Two", "2", "globex.com"),
            Company("5", "", "2", "unnamed.com"));

        Assert.Equal(
            [
                ("1", CompanyOutcome.UnknownOwner, "has owner 9, who maps to no member; account 'Globex' keeps its owner"),
                ("2", CompanyOutcome.NoOwner, "has no owner in HubSpot; not added"),
                ("3", CompanyOutcome.NoDomain, "has no domain"),
                ("4", CompanyOutcome.Duplicate, "has the name or a domain of company 1"),
                ("5", CompanyOutcome.Owned, "has no name; not added"),
            ],
            result.Skipped.Select(s => (s.CompanyId, s.Outcome, s.Why)));
        Assert.False(result.Changed);
    }

    [Fact]
    public async Task The_help_teaches_what_the_pull_does_and_shows_an_example()
    {
        var (exit, output, _) = await CliRunner.Run("accounts", "pull", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Only a changed owner's cell is rewritten", output, StringComparison.Ordinal);
        Assert.Contains("Handoff__HubSpot__AccessToken=pat-... handoff accounts pull --hubspot", output, StringComparison.Ordinal);
        Assert.Contains("--dry-run", output, StringComparison.Ordinal);
        Assert.Contains("accounts pull --hubspot", (await CliRunner.Run("--help")).Output, StringComparison.Ordinal);
    }

    private static AccountBookPullResult Pull(string? book, params HubSpotCompany[] companies) =>
        AccountBookPull.Apply("accounts.csv", book, CompanyOwnership.Resolve(companies, id => Members.GetValueOrDefault(id)));

    private static HubSpotCompany Company(string id, string name, string? owner, params string[] domains) => new(id, name, domains, owner, null);

    private static IReadOnlyList<HandoffRules.Validation.PlaybookIssue> AccountBookCheckErrors(string text) =>
        AccountBookCheck.Errors(TestPlaybooks.Small(), "accounts.csv", text);
}
