using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.SlaBreachActionAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class SlaBreachActionAnalyzerTests
{
    [Fact]
    public Task An_sla_without_a_breach_action_is_an_error() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Sla({|HR3001:"First touch"|}, s => s.FirstTouch().Within(hours: 4));
                handoff.Sla({|HR3001:"Acceptance"|}, s => s.Acceptance().Within(hours: 8).OnBreach(b => { }));
            }
        }
        """);

    [Fact]
    public Task An_sla_with_a_breach_action_is_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.Notify("#sdr")));
                handoff.Sla("Acceptance", s => s.Acceptance().Within(hours: 8).OnBreach(b => b.Escalate().ReassignToNextMember()));
            }
        }
        """);
}
