using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookCodeFixVerifier<HandoffRules.Analyzers.Rules.MissingFallbackAnalyzer, HandoffRules.CodeFixes.Rules.AddFallbackFix>;

namespace HandoffRules.Analyzers.Tests.Fixes;

public sealed class AddFallbackFixTests
{
    [Fact]
    public Task Adds_a_fallback_to_the_triage_queue() => Verify.VerifyAsync(
        """
        public sealed class {|HR1001:Acme|} : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Queue("NA", q => q.Members("ana"));
                handoff.Queue("Lead Triage", q => q.Members("ana"));
            }
        }
        """,
        """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Queue("NA", q => q.Members("ana"));
                handoff.Queue("Lead Triage", q => q.Members("ana"));
                handoff.Fallback("Lead Triage");
            }
        }
        """);

    [Fact]
    public Task Fix_all_adds_a_fallback_to_every_playbook_missing_one() => Verify.VerifyAsync(
        """
        public sealed class {|HR1001:Acme|} : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Queue("Team", q => q.Members("ana"));
            }
        }

        public sealed class {|HR1001:Globex|} : Playbook
        {
            protected override void Define(PlaybookBuilder p)
            {
            }
        }
        """,
        """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Queue("Team", q => q.Members("ana"));
                handoff.Fallback("Team");
            }
        }

        public sealed class Globex : Playbook
        {
            protected override void Define(PlaybookBuilder p)
            {
                p.Fallback("Lead Triage");
            }
        }
        """);
}
