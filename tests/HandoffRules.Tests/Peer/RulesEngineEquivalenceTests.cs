using HandoffRules.Benchmarks.Peer;
using HandoffRules.Benchmarks.Routing;
using HandoffRules.Routing;
using RulesEngine.Models;

namespace HandoffRules.Tests.Peer;

/// <summary>
/// The benchmarks compare the router with the same routing written for Microsoft RulesEngine; the
/// comparison is only honest if both send every lead to the same place.
/// </summary>
public sealed class RulesEngineEquivalenceTests
{
    [Theory]
    [InlineData(BenchmarkPlaybooks.Sample, 3000, 1)]
    [InlineData(BenchmarkPlaybooks.Large, 2000, 1)]
    [InlineData(BenchmarkPlaybooks.Sample, 20_000, 2)] // the first fifth of the distinct leads the peer comparison measures
    public async Task The_peer_engine_sends_every_lead_where_the_router_does(string name, int count, int seed)
    {
        var playbook = BenchmarkPlaybooks.Build(name);
        var router = Router.Compile(playbook);
        var peer = new RulesEngineRouter(playbook, BenchmarkPlaybooks.Conditions(name));
        var leads = BenchmarkPlaybooks.Leads(playbook, count, seed);

        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lead in leads)
        {
            var expected = RulesEngineRouter.Target(router.Classify(lead));
            var actual = await peer.RouteAsync(RulesEngineRouter.Prepare(lead));
            Assert.True(expected == actual, $"lead {lead.Id}: router says {expected}, RulesEngine says {actual}");
            targets.Add(expected);
        }

        // The leads must exercise the rules, not only the fallback.
        Assert.True(targets.Count >= (name == BenchmarkPlaybooks.Sample ? 8 : 15), $"only {targets.Count} distinct targets: {string.Join(", ", targets)}");
    }

    [Fact]
    public async Task A_peer_rule_that_throws_fails_loudly_instead_of_reading_as_false()
    {
        var playbook = BenchmarkPlaybooks.Build(BenchmarkPlaybooks.Sample);
        var broken = new Dictionary<string, string>(BenchmarkPlaybooks.SampleConditions) { ["STUDENT"] = "lead.JobTitle.Length > 1000" };
        var peer = new RulesEngineRouter(playbook, broken);
        // A lead handed off passed every disqualifier, so the broken one is reached (the ones before it do not match).
        var router = Router.Compile(playbook);
        var lead = BenchmarkPlaybooks.Leads(playbook, 200).First(l => router.Classify(l).Outcome == LeadOutcome.Routed) with { JobTitle = null };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => peer.RouteAsync(lead).AsTask());
        Assert.Contains("disqualifier:STUDENT", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BenchmarkPlaybooks.Sample)]
    [InlineData(BenchmarkPlaybooks.Large)]
    public void The_peer_runs_as_its_documentation_recommends_for_first_match_routing(string name)
    {
        var playbook = BenchmarkPlaybooks.Build(name);
        var peer = new RulesEngineRouter(playbook, BenchmarkPlaybooks.Conditions(name));

        var settings = RulesEngineRouter.Settings();
        Assert.Equal(NestedRuleExecutionMode.Performance, settings.NestedRuleExecutionMode);
        Assert.False(settings.AutoExecuteActions);
        Assert.False(settings.EnableFormattedErrorMessage);

        // Routes are one ordered list under an OrElse parent: the engine stops at the first that takes the lead.
        var routes = Assert.Single(Assert.Single(peer.Workflows, w => w.WorkflowName == "route").Rules);
        Assert.Equal("OrElse", routes.Operator);
        Assert.Equal(playbook.Routes.Count, routes.Rules.Count());

        // No expression allocates a string per lead to compare without regard to case.
        Assert.DoesNotContain(peer.Expressions, e => e.Contains("ToLower", StringComparison.Ordinal) || e.Contains("ToUpper", StringComparison.Ordinal));
    }
}
