using HandoffRules.Checks;

namespace HandoffRules.Tests.Validation;

/// <summary>
/// `handoff check` builds the playbook (reading its account book) and validates it (reading the
/// book again for lines and columns): the second reading takes what the first parsed, once, and
/// nothing is kept after it.
/// </summary>
public sealed class AccountBookReadOnceTests
{
    [Fact]
    public void The_validator_takes_the_reading_the_build_kept_and_a_later_reading_parses_again()
    {
        // A text of this test's own, so no other test can take its reading.
        var text = $"account,domains,owner\nGlobex {Guid.NewGuid():N},globex.com,ana\nUmbrella,umbrella,ana\n";

        var built = DataFiles.ReadAccountBookAndKeep("accounts.csv", text, []);
        var problems = new List<DataProblem>();
        var validated = DataFiles.ReadAccountBook("accounts.csv", text, problems);
        var later = DataFiles.ReadAccountBook("accounts.csv", text, []);

        Assert.Same(built, validated);
        Assert.Equal("'umbrella' is not an e-mail domain (write domains as example.com, several separated by ';')", Assert.Single(problems).Message);
        Assert.NotSame(built, later);
        Assert.Equal(built.Select(r => r.Account.Value), later.Select(r => r.Account.Value));
    }

    [Fact]
    public void A_reading_kept_for_one_path_is_not_taken_for_another()
    {
        var text = $"account,domains,owner\nGlobex {Guid.NewGuid():N},globex.com,ana\n";
        var built = DataFiles.ReadAccountBookAndKeep("accounts.csv", text, []);

        // The same text named by another path reports at that path: it is read anew.
        var other = DataFiles.ReadAccountBook("data/accounts.csv", text, []);

        Assert.NotSame(built, other);
        Assert.Equal("data/accounts.csv", other[0].Account.Span.Path);
        Assert.Same(built, DataFiles.ReadAccountBook("accounts.csv", text, []));
    }
}
