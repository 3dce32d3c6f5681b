using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.AccountDomainAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class AccountDomainAnalyzerTests
{
    [Fact]
    public Task A_domain_in_two_accounts_is_an_error() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Account("Globex", a => a.Domains("globex.com").Owner("ana"));
                handoff.Account("Globex Europe", a => a.Domains({|HR2008:"Globex.com"|}, "globex.de").Owner("ben"));
            }
        }
        """);

    [Fact]
    public Task Distinct_domains_are_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Account("Globex", a => a.Domains("globex.com").Owner("ana"));
                handoff.Account("Globex Europe", a => a.Domains("globex.de").Owner("ben"));
            }
        }
        """);
}
