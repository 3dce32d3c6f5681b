using Acme.Rules;
using BenchmarkDotNet.Attributes;
using HandoffRules.Routing;
using HandoffRules.Simulation;

namespace HandoffRules.Benchmarks.Routing;

/// <summary>
/// A million generated leads taken through intake, dedupe and routing and counted into the summary,
/// as <c>handoff simulate --routing-only</c> does without <c>--out</c>: the leads generated and taken
/// in on a thread of their own ahead of the routing (<see cref="LeadSimulation.RunAhead"/>), each
/// decision counted and let go, so the figure is the command's own work without the process around it.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class SimulationBenchmarks
{
    private const int Count = 1_000_000;

    private Router _router = null!;
    private LeadMix _mix = null!;

    [GlobalSetup]
    public void Setup()
    {
        var playbook = new AcmePlaybook().Build();
        _router = Router.Compile(playbook);
        _mix = LeadMix.For(playbook);
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int GenerateAndRoute()
    {
        var counts = new SimulationCounts();
        LeadSimulation.RunAhead(_router, new LeadGenerator(7, _mix).Generate(Count), counts.Add);
        return counts.Summary().Total;
    }
}
