using BenchmarkDotNet.Attributes;
using HandoffRules.Benchmarks.Routing;
using HandoffRules.Model;
using HandoffRules.Routing;

namespace HandoffRules.Benchmarks.Peer;

/// <summary>
/// The router and Microsoft RulesEngine (driven first-match, see <see cref="RulesEngineRouter"/>)
/// on the sample playbook, in one process, on the same leads, two ways: a warm loop over the same
/// 2,000 leads (they stay in the processor's caches) and one pass over 100,000 distinct leads per
/// invocation (every lead is new to the caches, as in a simulation or a backfill). Both engines get
/// their leads prepared beforehand: the router a normalised <see cref="Lead"/>, the peer a
/// <see cref="PeerLead"/>. The figures are per lead.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class PeerComparisonBenchmarks
{
    private const int Warm = 2_000;
    private const int Distinct = 100_000;

    private Router _router = null!;
    private DistributionState _state = null!;
    private RulesEngineRouter _peer = null!;
    private Lead[] _warm = null!;
    private PeerLead[] _peerWarm = null!;
    private Lead[] _distinct = null!;
    private PeerLead[] _peerDistinct = null!;

    [GlobalSetup]
    public void Setup()
    {
        var playbook = BenchmarkPlaybooks.Build(BenchmarkPlaybooks.Sample);
        _router = Router.Compile(playbook);
        _state = _router.NewState();
        _peer = new RulesEngineRouter(playbook, BenchmarkPlaybooks.Conditions(BenchmarkPlaybooks.Sample));
        _warm = BenchmarkPlaybooks.Leads(playbook, Warm);
        _peerWarm = [.. _warm.Select(RulesEngineRouter.Prepare)];

        // A different seed: none of these leads has been seen by the warm loop.
        _distinct = BenchmarkPlaybooks.Leads(playbook, Distinct, seed: 2);
        _peerDistinct = [.. _distinct.Select(RulesEngineRouter.Prepare)];
    }

    [Benchmark(OperationsPerInvoke = Warm)]
    [BenchmarkCategory("warm")]
    public int ClassifyWarm() => Classify(_warm);

    [Benchmark(OperationsPerInvoke = Warm)]
    [BenchmarkCategory("warm")]
    public int RouteWarm() => Route(_warm);

    [Benchmark(OperationsPerInvoke = Warm)]
    [BenchmarkCategory("warm")]
    public Task<int> RulesEngineWarm() => Peer(_peerWarm);

    [Benchmark(OperationsPerInvoke = Distinct)]
    [BenchmarkCategory("distinct")]
    public int ClassifyDistinct() => Classify(_distinct);

    [Benchmark(OperationsPerInvoke = Distinct)]
    [BenchmarkCategory("distinct")]
    public int RouteDistinct() => Route(_distinct);

    [Benchmark(OperationsPerInvoke = Distinct)]
    [BenchmarkCategory("distinct")]
    public Task<int> RulesEngineDistinct() => Peer(_peerDistinct);

    private int Classify(Lead[] leads) => RoutingLoops.Classify(_router, leads);

    private int Route(Lead[] leads) => RoutingLoops.Route(_router, _state, leads);

    private Task<int> Peer(PeerLead[] leads) => RoutingLoops.Peer(_peer, leads);
}
