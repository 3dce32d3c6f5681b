using System.Text.Json;
using HandoffRules.Cli.Commands;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Cli;

/// <summary><c>handoff plan</c> through the real command line: territory-only changes, markdown, distribution kept apart.</summary>
public sealed class PlanCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-plan-").FullName;

    private string File(string name) => Path.Combine(_folder, name);

    // A baseline whose NA West leads sat in a territory since renamed: only their territory differs.
    private async Task<int> TerritoryOnlyBaseline()
    {
        await CliRunner.Run("simulate", "--routing-only", "--leads", "1200", "--seed", "5", "--out", File("base.jsonl"));
        var lines = await System.IO.File.ReadAllLinesAsync(File("base.jsonl"));
        var edited = lines.Select(l => l.Replace("\"territory\":\"NA West\"", "\"territory\":\"Pacific\"", StringComparison.Ordinal)).ToArray();
        await System.IO.File.WriteAllLinesAsync(File("base.jsonl"), edited);
        return edited.Count(l => l.Contains("\"territory\":\"Pacific\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_territory_only_change_exits_2_and_names_the_territory_change()
    {
        var changed = await TerritoryOnlyBaseline();
        Assert.True(changed > 0);

        var (exit, output, _) = await CliRunner.Run("plan", "--baseline", File("base.jsonl"), "--seed", "5");

        Assert.Equal(PlanCommand.Changes, exit);
        Assert.Contains("territory Pacific → NA West", output, StringComparison.Ordinal);
        Assert.Contains($"Plan: 0 of 1,200 leads move, {changed} more change without moving (territory {changed})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_shows_the_groups_with_why_and_the_json_carries_fields_and_groups()
    {
        var changed = await TerritoryOnlyBaseline();

        var (exit, markdown, _) = await CliRunner.Run("plan", "--baseline", File("base.jsonl"), "--seed", "5", "--format", "markdown");
        Assert.Equal(PlanCommand.Changes, exit);
        Assert.StartsWith("### handoff plan", markdown, StringComparison.Ordinal);
        Assert.Contains("| Leads | Before | Now | What they share | Why | Changes |", markdown, StringComparison.Ordinal);
        Assert.Contains("their territory is now NA West (was Pacific)", markdown, StringComparison.Ordinal);
        Assert.Contains($"| territory | {changed} | Pacific → NA West ({changed}) |", markdown, StringComparison.Ordinal);

        (exit, var json, _) = await CliRunner.Run("plan", "--baseline", File("base.jsonl"), "--seed", "5", "--format", "json");
        Assert.Equal(PlanCommand.Changes, exit);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(changed, root.GetProperty("policy_changes").GetInt32());
        Assert.Equal("territory", root.GetProperty("field_changes")[0].GetProperty("field").GetString());
        Assert.Equal(changed, root.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("leads").GetInt32()));
        Assert.True(root.GetProperty("groups")[0].GetProperty("why").GetString()!.Length > 0);
    }

    [Fact]
    public async Task Member_only_changes_show_as_member_load_and_are_listed_only_when_asked()
    {
        await CliRunner.Run("simulate", "--routing-only", "--leads", "1200", "--seed", "5", "--out", File("base.jsonl"));
        var lines = await System.IO.File.ReadAllLinesAsync(File("base.jsonl"));
        // One lead handed to someone else in the same queue before: a distribution effect only.
        var index = Array.FindIndex(lines, l => l.Contains("\"queue\":\"NA Velocity\"", StringComparison.Ordinal) && l.Contains("\"member\":", StringComparison.Ordinal));
        var record = HandoffRules.Records.DecisionRecord.FromJson(lines[index]);
        lines[index] = (record with { Member = "someone.else" }).ToJson();
        await System.IO.File.WriteAllLinesAsync(File("base.jsonl"), lines);

        var (exit, output, _) = await CliRunner.Run("plan", "--baseline", File("base.jsonl"), "--seed", "5");
        Assert.Equal(PlanCommand.Changes, exit);
        Assert.Contains("Distribution effects: 1 leads stay in their queue with another member", output, StringComparison.Ordinal);
        Assert.DoesNotContain($"~ {record.LeadId}", output, StringComparison.Ordinal);

        (_, output, _) = await CliRunner.Run("plan", "--baseline", File("base.jsonl"), "--seed", "5", "--distribution");
        Assert.Contains($"~ {record.LeadId}  NA Velocity: someone.else -> {record.Member}", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
