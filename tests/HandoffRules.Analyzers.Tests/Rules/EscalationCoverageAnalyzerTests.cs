using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.EscalationCoverageAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class EscalationCoverageAnalyzerTests
{
    [Fact]
    public Task Escalate_on_breach_with_no_escalation_for_a_queue_leads_reach_is_a_warning() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Route("Owned", r => r.ToAccountOwner());
                handoff.Route("West", r => r.Territories("West").ToQueue("West"));
                handoff.Route("UK", r => r.Territories("UK").ToQueue("UK"));
                handoff.Fallback("Triage");
                handoff.Escalation("Stalled West", e => e.From("West").To("Managers"));
                handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.Notify("#sdr").{|HR3003:Escalate()|}));
                handoff.Sla("Acceptance", s => s.Acceptance().Within(hours: 8).OnBreach(b => b.Escalate("Stalled West")));
            }
        }
        """);

    [Fact]
    public Task An_escalation_for_any_queue_covers_every_queue() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Route("Owned", r => r.ToAccountOwner());
                handoff.Route("UK", r => r.Territories("UK").ToQueue("UK"));
                handoff.Fallback("Triage");
                handoff.Escalation("Stalled", e => e.To("Managers"));
                handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.Escalate()));
            }
        }
        """);

    [Fact]
    public Task Escalations_naming_every_queue_cover_them() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Route("UK", r => r.Territories("UK").ToQueue("UK"));
                handoff.Route("Owned", r => r.ToAccountOwner(backupQueue: "Strategic"));
                handoff.Fallback("Triage");
                handoff.Escalation("Stalled UK", e => e.From("UK", "Strategic").To("Managers"));
                handoff.Escalation("Stalled triage", e => e.From("Triage").To("Managers"));
                handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.Escalate()));
            }
        }
        """);
}
