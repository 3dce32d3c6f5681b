using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookCodeFixVerifier<HandoffRules.Analyzers.Rules.ShadowedRouteAnalyzer, HandoffRules.CodeFixes.Rules.MoveRouteAboveFix>;

namespace HandoffRules.Analyzers.Tests.Fixes;

public sealed class MoveRouteAboveFixTests
{
    [Fact]
    public Task Moves_the_shadowed_route_above_the_one_that_shadows_it() => Verify.VerifyAsync(
        """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Route("Accounts", r => r.ToAccountOwner());
                handoff.Route("North America", r => r.Territories("NA West", "NA East").ToQueue("NA"));
                // Demo requests from the West get the enterprise team.
                handoff.Route({|HR2004:"West demo requests"|}, r => r.Territories("NA West").Sources(LeadSource.DemoRequest).ToQueue("NA Enterprise"));
                handoff.Fallback("Triage");
            }
        }
        """,
        """
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Route("Accounts", r => r.ToAccountOwner());
                // Demo requests from the West get the enterprise team.
                handoff.Route("West demo requests", r => r.Territories("NA West").Sources(LeadSource.DemoRequest).ToQueue("NA Enterprise"));
                handoff.Route("North America", r => r.Territories("NA West", "NA East").ToQueue("NA"));
                handoff.Fallback("Triage");
            }
        }
        """);
}
