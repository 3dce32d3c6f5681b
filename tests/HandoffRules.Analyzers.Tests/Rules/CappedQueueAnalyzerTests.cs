using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.CappedQueueAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class CappedQueueAnalyzerTests
{
    [Fact]
    public Task A_queue_whose_every_active_member_is_capped_with_no_overflow_path_is_a_warning() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana", m => m.TimeZone("America/New_York").DailyCap(20));
                handoff.Member("ben", "Ben", m => m.DailyCap(30));
                handoff.Member("gone", "Gone", m => m.Inactive());
                handoff.Member("mia", "Mia");
                handoff.Queue({|HR2009:"Velocity"|}, q => q.Members("ana", "ben", "gone"));
                handoff.Queue("Managers", q => q.Members("mia"));
                handoff.Escalation("Loop", e => e.From("Velocity").To("Velocity"));
                handoff.Sla("Touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.Escalate().Notify("#sdr")));
                handoff.Fallback("Managers");
            }
        }
        """);

    [Fact]
    public Task An_escalation_covering_the_queue_or_an_uncapped_member_is_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana", m => m.DailyCap(20));
                handoff.Member("ben", "Ben", m => m.DailyCap(30));
                handoff.Member("mia", "Mia");
                handoff.Queue("Velocity", q => q.Members("ana", "ben"));
                handoff.Queue("Mixed", q => q.Members("ana", "mia"));
                handoff.Queue("Managers", q => q.Members("mia"));
                handoff.Escalation("Overflow", e => e.From("Velocity").To("Managers"));
                handoff.Fallback("Managers");
            }
        }
        """);

    [Fact]
    public Task An_sla_that_reassigns_on_breach_is_an_overflow_path() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana", m => m.DailyCap(20));
                handoff.Queue("Velocity", q => q.Members("ana"));
                handoff.Sla("Touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.ReassignToNextMember()));
                handoff.Fallback("Velocity");
            }
        }
        """);

    [Fact]
    public Task A_member_configured_through_a_helper_is_not_judged_capped() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            private static void Ana(MemberBuilder member) => member.DailyCap(20);

            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana", m => Ana(m));
                handoff.Member("ben", "Ben", m => m.DailyCap(30));
                handoff.Queue("Velocity", q => q.Members("ana", "ben"));
                handoff.Fallback("Velocity");
            }
        }
        """);
}
