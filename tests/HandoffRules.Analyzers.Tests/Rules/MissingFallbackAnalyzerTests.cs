using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.MissingFallbackAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class MissingFallbackAnalyzerTests
{
    [Fact]
    public Task A_playbook_without_a_fallback_is_an_error_on_its_name() => Verify.VerifyAsync("""
        public sealed class {|HR1001:Acme|} : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Queue("Triage", q => q.Members("ana"));
                handoff.Route("All", r => r.ToQueue("Triage"));
            }
        }
        """);

    [Fact]
    public Task A_playbook_with_a_fallback_is_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Queue("Triage", q => q.Members("ana"));
                handoff.Fallback("Triage");
            }
        }
        """);

    [Fact]
    public Task A_fallback_declared_in_another_partial_file_counts() => Verify.VerifyAsync(
        """
        public sealed partial class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                Routing(handoff);
            }
        }
        """,
        """
        public sealed partial class Acme
        {
            private static void Routing(PlaybookBuilder handoff)
            {
                handoff.Queue("Triage", q => q.Members("ana"));
                handoff.Fallback("Triage");
            }
        }
        """);

    [Fact]
    public Task A_builder_handed_to_code_outside_the_playbook_is_not_guessed_at() => Verify.VerifyAsync("""
        public static class SharedPolicy
        {
            public static void Fallbacks(PlaybookBuilder handoff) => handoff.Fallback("Triage");
        }

        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Queue("Triage", q => q.Members("ana"));
                SharedPolicy.Fallbacks(handoff);
            }
        }
        """);

    [Fact]
    public Task Abstract_playbooks_and_other_classes_are_not_checked() => Verify.VerifyAsync("""
        public abstract class TeamPlaybook : Playbook
        {
        }

        public sealed class NotAPlaybook
        {
            public void Define(PlaybookBuilder handoff) => handoff.Member("ana", "Ana");
        }
        """);
}
