using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.HandoffDefinitionAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class HandoffDefinitionAnalyzerTests
{
    [Fact]
    public Task Definitions_that_hand_nothing_off_are_an_error() => Verify.VerifyAsync("""
        public sealed class {|HR4001:Acme|} : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Definition("Inbound", d => d.When(l => l.Email != null));
                handoff.Definition("MQL", d => d.Extends("Inbound").When(l => l.Score >= 60));
            }
        }
        """);

    [Fact]
    public Task A_definition_referring_to_a_later_one_is_an_error() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Definition("SDR-ready", d => d.MeetsAny({|HR4002:"MQL"|}, {|HR4002:"PQL"|}).HandsOff());
                handoff.Definition("MQL", d => d.When(l => l.Score >= 60));
                handoff.Definition("PQL", d => d.Extends({|HR4002:"SDR-ready2"|}).When(l => l.HasSignal("invited_teammate")));
                handoff.Definition("SDR-ready2", d => d.HandsOff());
            }
        }
        """);

    [Fact]
    public Task Definitions_from_broad_to_qualified_are_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Definition("Inbound", d => d.When(l => l.Email != null));
                handoff.Definition("MQL", d => d.Extends("Inbound").When(l => l.Score >= 60));
                handoff.Definition("PQL", d => d.Extends("Inbound").When(l => l.HasSignal("invited_teammate")));
                handoff.Definition("SDR-ready", d => d.MeetsAny("MQL", "PQL").RequireContext(LeadField.Company).HandsOff());
            }
        }
        """);

    [Fact]
    public Task A_playbook_with_no_definitions_hands_nothing_off() => Verify.VerifyAsync("""
        public sealed class {|HR4001:Acme|} : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member("ana", "Ana");
            }
        }
        """);

    [Fact]
    public Task Order_across_methods_is_not_judged() => Verify.VerifyAsync(
        """
        public sealed partial class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                Broad(handoff);
                handoff.Definition("SDR-ready", d => d.MeetsAny("MQL").HandsOff());
            }
        }
        """,
        """
        public sealed partial class Acme
        {
            private static void Broad(PlaybookBuilder handoff) => handoff.Definition("MQL", d => d.When(l => l.Score > 50));
        }
        """);
}
