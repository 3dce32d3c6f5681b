using Acme.Rules;
using HandoffRules.Cli.Commands;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Simulation.Review;

namespace HandoffRules.Tests.Cli;

/// <summary>The pull-request guide shows real output: the plan excerpt is what plan prints for the change it describes.</summary>
public sealed class GuideExcerptTests
{
    [Fact]
    public void The_pull_request_guide_shows_the_real_plan_markdown_for_dropping_Canada_from_small_business()
    {
        var before = new AcmePlaybook().Build();
        var after = before with
        {
            Routes = [.. before.Routes.Select(r => r.Name == "North America small business" ? r with { Territories = [.. r.Territories.Where(t => t != "Canada")] } : r)],
        };

        // What 'handoff plan --baseline baseline.jsonl --seed 7 --format markdown' does with 10,000 leads.
        static List<DecisionRecord> Route(PlaybookModel playbook) =>
            LeadSimulation.Run(Router.Compile(playbook), new LeadGenerator(7, LeadOptions.Mix(playbook), days: 7).Generate(10_000));
        var markdown = PlanMarkdown.Render(RoutingPlan.Compare(Route(before), Route(after), after), "baseline.jsonl");

        var guide = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "guides", "pull-request-workflow.md")).ReplaceLineEndings("\n");
        var start = guide.IndexOf("````markdown\n### handoff plan", StringComparison.Ordinal) + "````markdown\n".Length;
        Assert.Equal(markdown, guide[start..guide.IndexOf("````\n", start, StringComparison.Ordinal)]);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HandoffRules.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("HandoffRules.sln was not found above " + AppContext.BaseDirectory);
    }
}
