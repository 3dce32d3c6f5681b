using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.UnknownReferenceAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class UnknownReferenceAnalyzerTests
{
    [Fact]
    public Task References_to_undeclared_elements_are_errors() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Definition("MQL", d => d.Extends({|HR1004:"Inbound"|}).HandsOff());
                handoff.Territory("UK", t => t.Country("GB"));
                handoff.Member("ana", "Ana");
                handoff.Queue("Triage", q => q.Members("ana", {|HR1004:"ghost"|}));
                handoff.Route("R", r => r.Territories("UK", {|HR1004:"Atlantis"|}).Segments({|HR1004:"Giant"|}).ToQueue("Triage"));
                handoff.Account("Globex", a => a.Domains("globex.com").Owner({|HR1004:"nobody"|}));
                handoff.Trigger("Demo", t => t.On(LeadEventType.DemoRequest).StartSla({|HR1004:"Demo first touch"|}));
                handoff.RecycleReason("LATER", "Later", r => r.NurtureTrack({|HR1004:"Nowhere"|}));
                handoff.Escalation("Up", e => e.From({|HR1004:"Nope"|}).To("Triage"));
                handoff.Fallback("Triage");
            }
        }
        """);

    [Fact]
    public Task References_to_declared_elements_are_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Definition("Inbound", d => d.When(l => l.Email != null));
                handoff.Definition("MQL", d => d.Extends("Inbound").HandsOff());
                handoff.Territory("UK", t => t.Country("GB"));
                handoff.Segment("All", s => s.Employees(1));
                handoff.Member("ana", "Ana");
                handoff.Queue("Triage", q => q.Members("ana"));
                handoff.Route("R", r => r.Definitions("MQL").Territories("UK").Segments("All").ToQueue("Triage"));
                handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 1).OnBreach(b => b.ReassignToNextMember()));
                handoff.Trigger("Demo", t => t.On(LeadEventType.DemoRequest).StartSla("First touch"));
                handoff.NurtureTrack("Later");
                handoff.RecycleReason("LATER", "Later", r => r.NurtureTrack("Later"));
                handoff.Fallback("Triage");
            }
        }
        """);

    [Fact]
    public Task Without_a_lifecycle_the_standard_one_is_checked_against() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Definition("MQL", d => d.Stage("MQL").HandsOff());
                handoff.Definition("PQL", d => d.Stage({|HR1004:"PQL"|}).HandsOff());
            }
        }
        """);

    [Fact]
    public Task Lifecycle_statuses_and_stages_must_be_declared() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Lifecycle(l => l
                    .Stage("Lead")
                    .Statuses("New", "Working")
                    .Transition("New", "Working", {|HR1004:"Done"|})
                    .OnAction(SdrAction.Accept, "Working", {|HR1004:"SAL"|}));
            }
        }
        """);
}
