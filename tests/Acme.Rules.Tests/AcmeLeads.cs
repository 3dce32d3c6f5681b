using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Simulation;
using HandoffRules.Testing;

namespace Acme.Rules.Tests;

/// <summary>The generated leads every review test routes: the same 3,000 leads, seed 42.</summary>
public static class AcmeLeads
{
    public const int Count = 3000;
    public const int Seed = 42;

    /// <summary>The harness a team's own test project uses, on the sample playbook.</summary>
    public static SeededLeads Leads { get; } = new(new AcmePlaybook(), Count, Seed);

    public static PlaybookModel Playbook => Leads.Playbook;

    /// <summary>The sample playbook's decisions for the leads (computed once).</summary>
    public static IReadOnlyList<DecisionRecord> Baseline => Leads.Decisions;

    /// <summary>Routes the leads through a playbook, in arrival order, with the production pipeline.</summary>
    public static List<DecisionRecord> Route(PlaybookModel playbook, LeadMix? mix = null) => Leads.Route(playbook, mix);

    public static LeadMix Mix(PlaybookModel playbook) => SeededLeads.MixFor(playbook);

    /// <summary>A copy of the sample playbook with one route changed.</summary>
    public static PlaybookModel WithRoute(string name, Func<Route, Route> change) => Leads.WithRoute(name, change);
}
