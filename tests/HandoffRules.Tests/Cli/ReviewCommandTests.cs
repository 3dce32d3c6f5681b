using System.Diagnostics;
using System.Text.Json;
using HandoffRules.Cli.Commands;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Cli;

/// <summary>The pull-request commands: plan's exit codes and JSON, coverage, and determinism across machines.</summary>
public sealed class ReviewCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-review-").FullName;

    private string File(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Plan_against_an_unchanged_playbook_prints_no_changes_and_exits_0()
    {
        await CliRunner.Run("simulate", "--routing-only", "--leads", "1500", "--seed", "3", "--out", File("base.jsonl"));

        var (exit, output, _) = await CliRunner.Run("plan", "--baseline", File("base.jsonl"), "--seed", "3");

        Assert.Equal(PlanCommand.NoChanges, exit);
        Assert.Contains("No changes. 1,500 leads route exactly as in the baseline.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_exits_2_when_leads_move_and_reports_them_in_versioned_json()
    {
        await CliRunner.Run("simulate", "--routing-only", "--leads", "1500", "--seed", "3", "--out", File("base.jsonl"));
        var lines = await System.IO.File.ReadAllLinesAsync(File("base.jsonl"));
        var edited = lines.Select(l => l.Contains("\"route\":\"Latin America\"", StringComparison.Ordinal) ? l.Replace("\"queue\":\"LATAM\"", "\"queue\":\"Old LATAM desk\"", StringComparison.Ordinal) : l).ToArray();
        var moved = edited.Count(l => l.Contains("Old LATAM desk", StringComparison.Ordinal));
        await System.IO.File.WriteAllLinesAsync(File("base.jsonl"), edited);

        var (exit, output, _) = await CliRunner.Run("plan", "--baseline", File("base.jsonl"), "--seed", "3", "--json");

        Assert.Equal(PlanCommand.Changes, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(HandoffRules.Simulation.Review.RoutingPlan.FormatVersion, json.RootElement.GetProperty("format_version").GetInt32());
        Assert.Equal(moved, json.RootElement.GetProperty("moved").GetInt32());
        Assert.Equal("Old LATAM desk", json.RootElement.GetProperty("matrix")[0].GetProperty("from").GetString());
    }

    [Fact]
    public async Task Plan_exits_1_on_a_baseline_made_with_another_seed_or_a_broken_line()
    {
        await CliRunner.Run("simulate", "--routing-only", "--leads", "300", "--seed", "3", "--out", File("base.jsonl"));
        var (exit, _, error) = await CliRunner.Run("plan", "--baseline", File("base.jsonl"), "--seed", "4");
        Assert.Equal(PlanCommand.Failed, exit);
        Assert.Contains("make the baseline with the same --seed", error, StringComparison.Ordinal);

        await System.IO.File.AppendAllTextAsync(File("base.jsonl"), "{not json\n");
        (exit, _, error) = await CliRunner.Run("plan", "--baseline", File("base.jsonl"), "--seed", "3");
        Assert.Equal(PlanCommand.Failed, exit);
        Assert.Contains("base.jsonl line 301: not a decision", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coverage_lists_every_rule_and_passes_when_all_are_reached()
    {
        var (exit, output, _) = await CliRunner.Run("coverage", "--leads", "5000", "--fail-on-unreached");

        Assert.True(exit == 0, output);
        Assert.Contains("│ North America enterprise ", output, StringComparison.Ordinal);
        Assert.Contains("every rule was reached", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coverage_fails_on_unreached_rules_when_asked()
    {
        var (exit, output, _) = await CliRunner.Run("coverage", "--leads", "50", "--fail-on-unreached");

        Assert.Equal(PlanCommand.Changes, exit);
        Assert.Contains("never reached", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_gives_byte_identical_decisions_and_reports_in_any_time_zone_and_language()
    {
        var handoff = typeof(HandoffCommand).Assembly.Location;
        await Run(handoff, File("utc.jsonl"), ("TZ", "UTC"), ("LANG", "C"));
        await Run(handoff, File("nz.jsonl"), ("TZ", "Pacific/Auckland"), ("LANG", "de_DE.UTF-8"));
        await Run(handoff, File("la.jsonl"), ("TZ", "America/Los_Angeles"), ("LANG", "ja_JP.UTF-8"));

        var utc = await System.IO.File.ReadAllBytesAsync(File("utc.jsonl"));
        Assert.Equal(utc, await System.IO.File.ReadAllBytesAsync(File("nz.jsonl")));
        Assert.Equal(utc, await System.IO.File.ReadAllBytesAsync(File("la.jsonl")));
        var report = await System.IO.File.ReadAllBytesAsync(File("utc.jsonl.html"));
        Assert.Equal(report, await System.IO.File.ReadAllBytesAsync(File("nz.jsonl.html")));
        Assert.Equal(report, await System.IO.File.ReadAllBytesAsync(File("la.jsonl.html")));
    }

    private static async Task Run(string handoff, string output, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { handoff, "simulate", "--leads", "2000", "--seed", "9", "--out", output, "--html", output + ".html" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
