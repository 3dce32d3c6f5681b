using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;

namespace Acme.Rules.Tests;

/// <summary>The generated leads every review test routes: the same 3,000 leads, seed 42.</summary>
public static class AcmeLeads
{
    public const int Count = 3000;
    public const int Seed = 42;

    public static PlaybookModel Playbook { get; } = new AcmePlaybook().Build();

    /// <summary>The sample playbook's decisions for the leads (computed once).</summary>
    public static IReadOnlyList<DecisionRecord> Baseline { get; } = Route(Playbook);

    /// <summary>Routes the leads through a playbook, in arrival order, with the production pipeline.</summary>
    public static List<DecisionRecord> Route(PlaybookModel playbook, LeadMix? mix = null) =>
        LeadSimulation.Run(Router.Compile(playbook), new LeadGenerator(Seed, mix ?? Mix(playbook)).Generate(Count));

    public static LeadMix Mix(PlaybookModel playbook) => new() { AccountDomains = [.. playbook.Accounts.SelectMany(a => a.Domains)] };

    /// <summary>A copy of the sample playbook with one route changed.</summary>
    public static PlaybookModel WithRoute(string name, Func<Route, Route> change) =>
        Playbook with { Routes = [.. Playbook.Routes.Select(r => r.Name == name ? change(r) : r)] };
}
