using BenchmarkDotNet.Attributes;
using HandoffRules.Benchmarks.Peer;
using HandoffRules.Model;
using HandoffRules.Routing;

namespace HandoffRules.Benchmarks.Routing;

/// <summary>
/// One decision through the compiled router, without and with a trace; the rule and queue alone
/// (<see cref="Router.Classify"/>); and the same routing through Microsoft RulesEngine, which answers
/// only the rule-and-queue question. Each invocation routes the same 2,000 generated leads; the
/// figures are per lead.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const int Count = 2000;

    private Router _router = null!;
    private DistributionState _state = null!;
    private DecisionTrace _trace = null!;
    private Lead[] _leads = null!;
    private RulesEngineRouter _peer = null!;
    private PeerLead[] _peerLeads = null!;

    [Params(BenchmarkPlaybooks.Sample, BenchmarkPlaybooks.Large)]
    public string Playbook { get; set; } = BenchmarkPlaybooks.Sample;

    [GlobalSetup]
    public void Setup()
    {
        var playbook = BenchmarkPlaybooks.Build(Playbook);
        _router = Router.Compile(playbook);
        _state = _router.NewState();
        _trace = new DecisionTrace();
        _leads = BenchmarkPlaybooks.Leads(playbook, Count);
        _peer = new RulesEngineRouter(playbook, BenchmarkPlaybooks.Conditions(Playbook));
        _peerLeads = [.. _leads.Select(RulesEngineRouter.Prepare)];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int Route()
    {
        _state.Reset();
        var routed = 0;
        foreach (var lead in _leads)
        {
            routed += _router.Route(lead, _state).Outcome == LeadOutcome.Routed ? 1 : 0;
        }

        return routed;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int RouteWithTrace()
    {
        _state.Reset();
        var steps = 0;
        foreach (var lead in _leads)
        {
            _trace.Clear();
            _router.Route(lead, _state, _trace);
            steps += _trace.Steps.Count;
        }

        return steps;
    }

    /// <summary>The rule and the queue only — the same question the peer engine answers.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public int Classify()
    {
        var routed = 0;
        foreach (var lead in _leads)
        {
            routed += _router.Classify(lead).Outcome == LeadOutcome.Routed ? 1 : 0;
        }

        return routed;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public async Task<int> RulesEngine()
    {
        var routed = 0;
        foreach (var lead in _peerLeads)
        {
            routed += (await _peer.RouteAsync(lead)).StartsWith("disqualified", StringComparison.Ordinal) ? 0 : 1;
        }

        return routed;
    }
}
