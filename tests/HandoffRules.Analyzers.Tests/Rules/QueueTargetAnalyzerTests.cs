using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.QueueTargetAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class QueueTargetAnalyzerTests
{
    [Fact]
    public Task Routes_the_fallback_and_escalations_to_missing_or_empty_queues_are_errors() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Member("gone", "Gone", m => m.Inactive());
                handoff.Queue("Team", q => q.Members("ana"));
                handoff.Queue("Former team", q => q.Members("gone"));
                handoff.Route("A", r => r.ToQueue({|HR2005:"Nowhere"|}));
                handoff.Route("B", r => r.ToAccountOwner(backupQueue: {|HR2006:"Former team"|}));
                handoff.Escalation("Up", e => e.From("Team").To({|HR2006:"Former team"|}));
                handoff.Fallback({|HR2005:"Triage"|});
            }
        }
        """);

    [Fact]
    public Task Queues_with_active_members_are_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Member("gone", "Gone", m => m.Inactive());
                handoff.Queue("Team", q => q.Members("gone", "ana"));
                handoff.Route("A", r => r.ToQueue("Team"));
                handoff.Escalation("Up", e => e.To("Team"));
                handoff.Fallback("Team");
            }
        }
        """);

    [Fact]
    public Task A_queue_configured_through_a_helper_is_not_judged_empty() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            private static void Team(QueueBuilder queue) => queue.Members("ana");

            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Queue("Team", q => Team(q));
                handoff.Fallback("Team");
            }
        }
        """);

    [Fact]
    public Task Named_arguments_in_any_order_are_read_by_name() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
                handoff.Queue("Team", q => q.Member(weight: 2, memberId: "ana"));
                handoff.Route("Owners", r => r.ToAccountOwner(backupQueue: "Team"));
                handoff.Fallback(description: "Triage by hand", queue: "Team");
            }
        }
        """);
}
