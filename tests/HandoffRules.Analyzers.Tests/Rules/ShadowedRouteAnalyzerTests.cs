using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.ShadowedRouteAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class ShadowedRouteAnalyzerTests
{
    [Fact]
    public Task A_route_covered_by_an_earlier_one_is_a_warning() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Route("North America", r => r.Territories("NA West", "NA East").ToQueue("NA"));
                handoff.Route({|HR2004:"NA West enterprise demo requests"|}, r => r
                    .Territories("NA West")
                    .Segments("Enterprise")
                    .Sources(LeadSource.DemoRequest)
                    .ToQueue("NA Enterprise"));
                handoff.Route("Everything", r => r.ToQueue("Triage"));
                handoff.Route({|HR2004:"Paid"|}, r => r.Sources(LeadSource.Paid).ToQueue("Paid"));
            }
        }
        """);

    [Fact]
    public Task Narrower_first_conditions_and_owner_routes_do_not_shadow() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Route("Owned accounts", r => r.ToAccountOwner());
                handoff.Route("Hot leads", r => r.When(l => l.Score > 90).ToQueue("Hot"));
                handoff.Route("NA West enterprise", r => r.Territories("NA West").Segments("Enterprise").ToQueue("NA Enterprise"));
                handoff.Route("North America", r => r.Territories("NA West", "NA East").ToQueue("NA"));
                handoff.Route("Paid", r => r.Sources(LeadSource.Paid).ToQueue("Paid"));
                handoff.Route("Paid or events", r => r.Sources(LeadSource.Paid, LeadSource.Events).ToQueue("Paid"));
            }
        }
        """);

    [Fact]
    public Task A_broad_route_in_one_helper_shadows_a_narrower_one_in_a_helper_called_later() => Verify.VerifyAsync(
        """
        public sealed partial class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Route("Paid", r => r.Sources(LeadSource.Paid).ToQueue("Paid"));
                NorthAmerica(handoff);
                Enterprise(handoff);
                handoff.Route({|HR2004:"Paid in NA West"|}, r => r.Sources(LeadSource.Paid).Territories("NA West").ToQueue("Paid"));
            }

            private static void NorthAmerica(PlaybookBuilder handoff) =>
                handoff.Route("North America", r => r.Territories("NA West", "NA East").ToQueue("NA"));
        }
        """,
        """
        public sealed partial class Acme
        {
            private void Enterprise(PlaybookBuilder handoff)
            {
                handoff.Route({|HR2004:"NA West enterprise"|}, r => r.Territories("NA West").Segments("Enterprise").ToQueue("NA Enterprise"));
            }
        }
        """);

    [Fact]
    public Task Helpers_called_narrow_first_do_not_shadow_and_an_uncalled_helper_is_judged_on_its_own() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                Enterprise(handoff);
                NorthAmerica(handoff);
            }

            private static void NorthAmerica(PlaybookBuilder handoff) =>
                handoff.Route("North America", r => r.Territories("NA West", "NA East").ToQueue("NA"));

            private static void Enterprise(PlaybookBuilder handoff) =>
                handoff.Route("NA West enterprise", r => r.Territories("NA West").Segments("Enterprise").ToQueue("NA Enterprise"));

            private static void NeverCalled(PlaybookBuilder handoff) =>
                handoff.Route("NA East", r => r.Territories("NA East").ToQueue("NA"));
        }
        """);
}
