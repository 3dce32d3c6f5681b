using System.Text.Json;
using HandoffRules.Cli.Commands;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Cli;

/// <summary>
/// <c>handoff coverage --baseline</c> and <c>plan</c> through the real command line: a playbook change
/// that leaves an account, a queue, a member, a trigger or an SLA unreached is reported by kind and name.
/// </summary>
public sealed class CoverageCommandTests : IDisposable
{
    private const string Leads = "600";
    private const string Seed = "11";

    private static readonly string Rules = typeof(CoverageDeskPlaybook).Assembly.Location;

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-coverage-").FullName;

    private string Baseline => Path.Combine(_folder, "before.jsonl");

    private async Task MakeBaseline()
    {
        var (exit, _, error) = await CliRunner.Run("simulate", "--routing-only", "--leads", Leads, "--seed", Seed, "--rules", Rules, "--playbook", nameof(CoverageDeskBefore), "--out", Baseline);
        Assert.True(exit == 0, error);
    }

    // Worked out by hand from each change: what the leads of the desk before reached and reach no more.
    public static TheoryData<string, string[]> Changes => new()
    {
        { nameof(CoverageDeskAccountShadowed), ["route Named accounts", "route Small companies", "account Bigco", "queue Small desk", "member cy", "member olu"] },
        { nameof(CoverageDeskQueueMerged), ["queue Small desk", "member cy"] },
        { nameof(CoverageDeskMemberLeft), ["member ben"] },
        { nameof(CoverageDeskTriggerShadowed), ["trigger Form"] },
        { nameof(CoverageDeskSlaUnused), ["sla Demo first touch"] },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_change_that_leaves_a_rule_unreached_is_listed_by_kind_and_name_and_exits_2(string playbook, string[] expected)
    {
        await MakeBaseline();

        var (exit, output, error) = await CliRunner.Run("coverage", "--rules", Rules, "--playbook", playbook, "--seed", Seed, "--baseline", Baseline, "--json");

        Assert.True(exit == PlanCommand.Changes, output + error);
        using var json = JsonDocument.Parse(output);
        var newly = json.RootElement.GetProperty("newly_unreached").EnumerateArray()
            .Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("name").GetString()}").ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), newly.Order(StringComparer.Ordinal));
        Assert.All(json.RootElement.GetProperty("newly_unreached").EnumerateArray(), e => Assert.True(e.GetProperty("baseline_hits").GetInt32() > 0));
    }

    [Fact]
    public async Task The_unchanged_desk_reaches_every_kind_and_exits_0()
    {
        await MakeBaseline();

        var (exit, output, _) = await CliRunner.Run("coverage", "--rules", Rules, "--playbook", nameof(CoverageDeskBefore), "--seed", Seed, "--baseline", Baseline, "--fail-on-unreached");

        Assert.True(exit == PlanCommand.NoChanges, output);
        Assert.Contains("1 of 1 accounts, 2 of 2 queues, 4 of 4 members, 2 of 2 triggers, 2 of 2 SLAs reached; every rule was reached; no rule is newly unreached by this change.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_and_markdown_name_what_the_change_left_unreached()
    {
        await MakeBaseline();

        var (exit, text, _) = await CliRunner.Run("coverage", "--rules", Rules, "--playbook", nameof(CoverageDeskQueueMerged), "--seed", Seed, "--baseline", Baseline);
        Assert.Equal(PlanCommand.Changes, exit);
        Assert.Contains("✗ newly unreached", text, StringComparison.Ordinal);
        Assert.Contains("- queue 'Small desk' was reached by", text, StringComparison.Ordinal);
        Assert.Contains("2 rules are newly unreached by this change.", text, StringComparison.Ordinal);

        (exit, var markdown, _) = await CliRunner.Run("coverage", "--rules", Rules, "--playbook", nameof(CoverageDeskQueueMerged), "--seed", Seed, "--baseline", Baseline, "--format", "markdown");
        Assert.Equal(PlanCommand.Changes, exit);
        Assert.StartsWith("### handoff coverage", markdown, StringComparison.Ordinal);
        Assert.Contains("#### Rules newly unreached by this change", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| queue \| :warning: Small desk \| \d+ \| 0 \|", markdown);
        Assert.Matches(@"\| member \| :warning: cy \| \d+ \| 0 \|", markdown);
    }

    [Fact]
    public async Task Plan_names_the_rules_a_change_left_unreached_in_every_format()
    {
        await MakeBaseline();
        string[] plan = ["plan", "--rules", Rules, "--playbook", nameof(CoverageDeskAccountShadowed), "--seed", Seed, "--baseline", Baseline];

        var (exit, text, _) = await CliRunner.Run(plan);
        Assert.Equal(PlanCommand.Changes, exit);
        Assert.Matches(@"- account 'Bigco' was reached by \d+ leads before and by none now", text);
        Assert.Contains("6 rules newly unreached", text, StringComparison.Ordinal);

        (_, var markdown, _) = await CliRunner.Run([.. plan, "--format", "markdown"]);
        Assert.Contains("#### Rules newly unreached", markdown, StringComparison.Ordinal);
        Assert.Matches(@"- :warning: member 'olu' was reached by \d+ leads before and by none now", markdown);

        (_, var json, _) = await CliRunner.Run([.. plan, "--json"]);
        using var document = JsonDocument.Parse(json);
        Assert.Contains(document.RootElement.GetProperty("newly_unreached").EnumerateArray(),
            e => e.GetProperty("kind").GetString() == "account" && e.GetProperty("name").GetString() == "Bigco");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
