using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.LifecycleStatusAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class LifecycleStatusAnalyzerTests
{
    [Fact]
    public Task An_action_to_a_status_no_transition_reaches_is_a_warning() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Lifecycle(l => l
                    .Statuses("New", "Accepted", "Parked")
                    .Transition("New", "Accepted")
                    .OnAction(SdrAction.Accept, "Accepted")
                    .OnAction(SdrAction.Recycle, {|HR4003:"Parked"|}));
            }
        }
        """);

    [Fact]
    public Task Reachable_statuses_are_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Lifecycle(l => l
                    .Statuses("New", "Accepted", "Recycled")
                    .Transition("New", "Accepted", "Recycled")
                    .OnAction(SdrAction.Accept, "Accepted")
                    .OnAction(SdrAction.Recycle, "Recycled")
                    .OnAction(SdrAction.Reassign, "New"));
            }
        }
        """);
}
