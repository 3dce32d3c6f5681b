using HandoffRules.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.AccountBookAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

/// <summary>Account books and postal lists in the rules project's AdditionalFiles, checked at their own lines and columns.</summary>
public sealed class AccountBookAnalyzerTests
{
    private const string BookPlaybook = """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.AccountsFrom("accounts.csv");
            }
        }
        """;

    private static DiagnosticResult At(string id, string file, int line, int column, int endColumn) =>
        new DiagnosticResult(id, DiagnosticSeverity.Error).WithSpan(file, line, column, line, endColumn);

    [Fact]
    public Task A_clean_book_is_clean() => Verify.VerifyWithFilesAsync(BookPlaybook,
        [("accounts.csv", "account,domains,owner,parent\nGlobex,globex.com;globex.de,ana,\nGlobex Europe,\"globex.eu\",,Globex\n")]);

    [Fact]
    public Task Malformed_rows_are_reported_at_their_line_and_column_in_the_file() => Verify.VerifyWithFilesAsync(BookPlaybook,
        [("accounts.csv", "account,domains,owner\r\nGlobex,globex.com,ana\r\nUmbrella,umbrella,ana\r\nSoylent,soylent.com\r\nHooli,hooli.com,\r\nIni\"tech,initech.com,ana\r\n")],
        At("HR2011", "accounts.csv", 3, 10, 18).WithMessage("Account book 'accounts.csv': 'umbrella' is not an e-mail domain (write domains as example.com, several separated by ';')"),
        At("HR2011", "accounts.csv", 4, 1, 20).WithMessage("Account book 'accounts.csv': the row has 2 field(s) and the header 3"),
        At("HR2011", "accounts.csv", 5, 17, 17).WithMessage("Account book 'accounts.csv': account 'Hooli' has no owner and no parent to take one from"),
        At("HR2011", "accounts.csv", 6, 4, 5));

    [Fact]
    public Task An_unknown_column_is_reported_at_the_header_cell() => Verify.VerifyWithFilesAsync(BookPlaybook,
        [("accounts.csv", "account,domains,ownr\nGlobex,globex.com,ana\n")],
        At("HR2011", "accounts.csv", 1, 17, 21),
        At("HR2011", "accounts.csv", 1, 1, 21).WithMessage("Account book 'accounts.csv': the header has no 'owner' column"));

    [Fact]
    public Task A_hierarchy_that_loops_is_reported_at_each_parent_cell() => Verify.VerifyWithFilesAsync(BookPlaybook,
        [("accounts.csv", "account,domains,owner,parent\nGlobex,globex.com,,Globex Europe\nGlobex Europe,globex.eu,,Globex\n")],
        At("HR2012", "accounts.csv", 2, 20, 33),
        At("HR2012", "accounts.csv", 3, 26, 32));

    [Fact]
    public Task A_file_the_project_does_not_declare_is_reported_at_the_path() => Verify.VerifyWithFilesAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.AccountsFrom({|HR2010:"accounts.csv"|});
                handoff.Territory("West", t => t.PostalCodesFrom({|HR2010:"west.csv"|}));
            }
        }
        """, [("other.csv", "account,domains,owner\n")]);

    [Fact]
    public Task A_postal_list_with_a_bad_row_is_reported_in_the_list() => Verify.VerifyWithFilesAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("West", t => t.PostalCodesFrom("lists/west.csv"));
            }
        }
        """, [("lists/west.csv", "country,postal_code\nUS,941\nUS,\n")],
        At("HR2011", "lists/west.csv", 3, 4, 4).WithMessage("Postal list 'lists/west.csv': the postal code is empty"));
}

/// <summary>A path the analysis cannot read is said so, and the book is not guessed at.</summary>
public sealed class AccountBookPathTests
{
    [Fact]
    public Task A_path_that_is_not_a_constant_is_HR1002() => Verifiers.PlaybookVerifier<NonConstantArgumentAnalyzer>.VerifyWithFilesAsync("""
        public sealed class Acme : Playbook
        {
            private readonly string _book = "accounts.csv";

            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.AccountsFrom({|HR1002:_book|});
                handoff.Territory("West", t => t.PostalCodesFrom({|HR1002:_book|}));
            }
        }
        """, [("accounts.csv", "account,domains,owner\n")]);
}

/// <summary>The checks of code-declared accounts apply to the rows of a book, at their cells.</summary>
public sealed class AccountBookReferenceTests
{
    [Fact]
    public Task A_domain_claimed_by_two_rows_is_HR2008_at_the_later_cell() => Verifiers.PlaybookVerifier<AccountDomainAnalyzer>.VerifyWithFilesAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Account("Globex", a => a.Domains("globex.com").Owner("ana"));
                handoff.AccountsFrom("accounts.csv");
            }
        }
        """, [("accounts.csv", "account,domains,owner\nInitech,initech.com; GLOBEX.com,ana\n")],
        new DiagnosticResult("HR2008", DiagnosticSeverity.Error).WithSpan("accounts.csv", 2, 22, 2, 32).WithSpan("Playbook0.cs", 10, 25, 10, 33)
            .WithMessage("Domain 'globex.com' belongs to account 'Initech' and to account 'Globex'; a lead from it would match both"));

    [Fact]
    public Task An_owner_or_parent_the_playbook_does_not_declare_is_HR1004_at_the_cell() => Verifiers.PlaybookVerifier<UnknownReferenceAnalyzer>.VerifyWithFilesAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.AccountsFrom("accounts.csv");
            }
        }
        """, [("accounts.csv", "account,domains,owner,parent\nInitech,initech.com,nobody,\nHooli,hooli.com,,Pied Piper\n")],
        new DiagnosticResult("HR1004", DiagnosticSeverity.Error).WithSpan("accounts.csv", 2, 21, 2, 27),
        new DiagnosticResult("HR1004", DiagnosticSeverity.Error).WithSpan("accounts.csv", 3, 18, 3, 28));
}
