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
    public int Route() => RoutingLoops.Route(_router, _state, _leads);

    [Benchmark(OperationsPerInvoke = Count)]
    public int RouteWithTrace() => RoutingLoops.RouteWithTrace(_router, _state, _trace, _leads);

    /// <summary>The rule and the queue only — the same question the peer engine answers.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public int Classify() => RoutingLoops.Classify(_router, _leads);

    [Benchmark(OperationsPerInvoke = Count)]
    public Task<int> RulesEngine() => RoutingLoops.Peer(_peer, _peerLeads);
}
