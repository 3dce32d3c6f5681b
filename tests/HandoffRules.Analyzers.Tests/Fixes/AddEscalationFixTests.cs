using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookCodeFixVerifier<HandoffRules.Analyzers.Rules.SlaBreachActionAnalyzer, HandoffRules.CodeFixes.Rules.AddEscalationFix>;

namespace HandoffRules.Analyzers.Tests.Fixes;

public sealed class AddEscalationFixTests
{
    [Fact]
    public Task Adds_an_escalation_on_breach() => Verify.VerifyAsync(
        """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Sla({|HR3001:"First touch"|}, sla => sla.FirstTouch().Within(hours: 4));
            }
        }
        """,
        """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Sla("First touch", sla => sla.FirstTouch().Within(hours: 4).OnBreach(breach => breach.Escalate()));
            }
        }
        """);

    [Fact]
    public Task Fix_all_adds_escalations_to_every_sla_without_a_breach_action() => Verify.VerifyAsync(
        """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Sla({|HR3001:"First touch"|}, sla => sla
                    .FirstTouch()
                    .Within(hours: 4));
                handoff.Sla({|HR3001:"Acceptance"|}, sla => sla.Acceptance().Within(hours: 8));
                handoff.Sla("Demo", sla => sla.FirstTouch().Within(minutes: 15).OnBreach(b => b.Notify("#sdr")));
            }
        }
        """,
        """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Sla("First touch", sla => sla
                    .FirstTouch()
                    .Within(hours: 4).OnBreach(breach => breach.Escalate()));
                handoff.Sla("Acceptance", sla => sla.Acceptance().Within(hours: 8).OnBreach(breach => breach.Escalate()));
                handoff.Sla("Demo", sla => sla.FirstTouch().Within(minutes: 15).OnBreach(b => b.Notify("#sdr")));
            }
        }
        """);
}
