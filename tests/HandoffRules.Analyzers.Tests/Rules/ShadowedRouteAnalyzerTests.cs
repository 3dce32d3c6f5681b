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
}
