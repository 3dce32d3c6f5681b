using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Simulation.Review;

namespace HandoffRules.Testing;

/// <summary>
/// A playbook's routing decisions for seeded generated leads: the same generator and account mix the
/// <c>handoff</c> command uses, so a test's leads are the leads <c>handoff simulate</c> and
/// <c>handoff plan</c> see for the same count and seed. Build one per test class (a static field)
/// and the leads are routed once.
/// </summary>
public sealed class SeededLeads
{
    private readonly Lazy<IReadOnlyList<DecisionRecord>> _decisions;

    /// <summary>Generated leads for a playbook.</summary>
    /// <param name="playbook">The playbook under test.</param>
    /// <param name="count">How many leads (3,000 covers a playbook the size of the sample).</param>
    /// <param name="seed">The generator's seed: the same seed gives the same leads, byte for byte.</param>
    public SeededLeads(Playbook playbook, int count = 3000, int seed = 42)
        : this(playbook.Build(), count, seed)
    {
    }

    /// <summary>Generated leads for a built playbook model.</summary>
    public SeededLeads(PlaybookModel playbook, int count = 3000, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Playbook = playbook;
        Count = count;
        Seed = seed;
        _decisions = new(() => Route(Playbook));
    }

    /// <summary>The playbook's model.</summary>
    public PlaybookModel Playbook { get; }

    /// <summary>How many leads are generated.</summary>
    public int Count { get; }

    /// <summary>The generator's seed.</summary>
    public int Seed { get; }

    /// <summary>The playbook's decisions, one per lead in arrival order (computed once).</summary>
    public IReadOnlyList<DecisionRecord> Decisions => _decisions.Value;

    /// <summary>The mix of generated leads: the playbook's account domains, so account matches are exercised.</summary>
    public static LeadMix MixFor(PlaybookModel playbook) => LeadMix.For(playbook);

    /// <summary>The generated leads themselves, as raw input (the same every call).</summary>
    public IEnumerable<LeadInput> Leads(LeadMix? mix = null) => new LeadGenerator(Seed, mix ?? MixFor(Playbook)).Generate(Count);

    /// <summary>Routes the same leads through another playbook (a proposed change), with the production pipeline.</summary>
    /// <param name="playbook">The playbook to route with.</param>
    /// <param name="mix">Another lead mix; by default the one of <see cref="Playbook"/>, so only the rules differ.</param>
    public List<DecisionRecord> Route(PlaybookModel playbook, LeadMix? mix = null) =>
        LeadSimulation.Run(Router.Compile(playbook), Leads(mix));

    /// <summary>A copy of the playbook with one route changed, e.g. <c>r =&gt; r with { Queue = "NA Velocity" }</c>.</summary>
    /// <exception cref="ArgumentException">The playbook has no route of that name.</exception>
    public PlaybookModel WithRoute(string name, Func<Route, Route> change)
    {
        if (!Playbook.Routes.Any(r => r.Name == name))
        {
            throw new ArgumentException($"The playbook has no route '{name}'; it has: {string.Join(", ", Playbook.Routes.Select(r => r.Name))}.", nameof(name));
        }

        return Playbook with { Routes = [.. Playbook.Routes.Select(r => r.Name == name ? change(r) : r)] };
    }

    /// <summary>What a change would move, as <c>handoff plan</c> shows it: the same leads through both playbooks.</summary>
    public RoutingPlan Plan(PlaybookModel changed) => RoutingPlan.Compare(Decisions, Route(changed), changed);

    /// <summary>Which rules of the playbook the leads reach, as <c>handoff coverage</c> shows it.</summary>
    public RuleCoverage Coverage() => RuleCoverage.Of(Playbook, Decisions);
}
