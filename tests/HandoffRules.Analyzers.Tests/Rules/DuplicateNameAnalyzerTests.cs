using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.DuplicateNameAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class DuplicateNameAnalyzerTests
{
    [Fact]
    public Task A_second_declaration_of_a_name_is_an_error_ignoring_case() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Queue("Triage", q => q.Members("ana"));
                handoff.Queue({|HR1003:"triage"|}, q => q.Members("ben"));
                handoff.Territory("UK", t => t.Country("GB"));
                handoff.Territory({|HR1003:"UK"|}, t => t.Country("IE"));
                handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
                handoff.RejectReason({|HR1003:"NO_BUDGET"|}, "Again", r => r.NurtureTrack("Later"));
                handoff.Fallback("Triage");
            }
        }
        """);

    [Fact]
    public Task The_same_name_for_different_kinds_of_things_is_fine() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("UK", t => t.Country("GB"));
                handoff.Queue("UK", q => q.Members("ana"));
                handoff.Route("UK", r => r.Territories("UK").ToQueue("UK"));
                handoff.RejectReason("LATER", "Later", r => r.NurtureTrack("Later"));
                handoff.RecycleReason("LATER", "Later", r => r.NurtureTrack("Later"));
            }
        }
        """);

    [Fact]
    public Task Duplicates_across_partial_files_are_found() => Verify.VerifyAsync(
        """
        public sealed partial class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Queue("Triage", q => q.Members("ana"));
                More(handoff);
            }
        }
        """,
        """
        public sealed partial class Acme
        {
            private static void More(PlaybookBuilder handoff) => handoff.Queue({|HR1003:"Triage"|}, q => q.Members("ben"));
        }
        """);
}
