using System.Diagnostics;
using System.Text.Json;
using HandoffRules.Cli.Commands;
using HandoffRules.Host.Tests.Support;
using HandoffRules.TestRules;

namespace HandoffRules.Host.Tests;

/// <summary>
/// <c>handoff suggest</c> on an event log whose right answers are known (<see cref="TerritoryDeskHistory"/>):
/// the four edits it must propose, their backtests worked out by hand, and their diffs applied to a
/// copy of the rules project, built and backtested with <c>plan --history</c> as predicted.
/// </summary>
public sealed class SuggestTests(TerritoryDeskHistory history) : IClassFixture<TerritoryDeskHistory>
{
    private static readonly string[] Texas = ["T1", "T2", "T3", "T4", "T5"];

    private static readonly string[] LowPaid = ["P1", "P2", "P3", "P4", "P5"];

    private static readonly string[] HeldAtDesk = ["D5", "D6", "D7", "D8", "D9"];

    private static async Task<(int Exit, string Output, string Error)> Handoff(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HandoffCommand.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private Task<(int Exit, string Output, string Error)> Suggest(params string[] more) =>
        Handoff(["suggest", "--db", history.Database, "--rules", TerritoryDeskHistory.RulesProject(), "--playbook", nameof(TerritoryDeskPlaybook), .. more]);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static Dictionary<string, JsonElement> ByKind(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("suggestions").EnumerateArray().ToDictionary(s => s.GetProperty("kind").GetString()!, s => s.Clone());
    }

    [Fact]
    public async Task Suggest_proposes_the_four_edits_the_history_calls_for_with_their_backtests_worked_out_by_hand()
    {
        var (exit, json, error) = await Suggest("--format", "json");
        Assert.True(exit == 0, json + error);
        Assert.Equal(28, JsonDocument.Parse(json).RootElement.GetProperty("leads").GetInt32());
        var suggestions = ByKind(json);
        Assert.Equal(["definition", "territory", "capacity", "rule"], suggestions.Keys);
        Assert.All(suggestions.Values, s => Assert.Empty(s.GetProperty("checks").EnumerateArray()));

        // Paid leads: the lowest accepted score is 40; the five rejected ones score below it and are held back.
        var threshold = suggestions["definition"];
        Assert.Equal("Paid leads need a score of 40 or more to meet 'Inbound'", threshold.GetProperty("title").GetString());
        Assert.Contains("+        handoff.Definition(\"Inbound\", d => d.When(l => l.Source != LeadSource.Paid || l.Score >= 40).When(", threshold.GetProperty("diff").GetString(), StringComparison.Ordinal);
        var effect = threshold.GetProperty("effect");
        Assert.Equal(LowPaid, Strings(effect.GetProperty("moved")));
        Assert.Equal((0, 5), (effect.GetProperty("disqualified_before").GetInt32(), effect.GetProperty("disqualified_after").GetInt32()));
        Assert.Equal(0, effect.GetProperty("moved_away_after").GetInt32());

        // Texas: East claims it, its five leads were accepted by wes of West.
        var territory = suggestions["territory"];
        Assert.Equal("move US-TX from territory 'East' to 'West'", territory.GetProperty("title").GetString());
        var diff = territory.GetProperty("diff").GetString()!;
        Assert.Contains("+        handoff.Territory(\"East\", t => t.Regions(\"US\", \"NY\", \"NJ\"));", diff, StringComparison.Ordinal);
        Assert.Contains("+        handoff.Territory(\"West\", t => t.Regions(\"US\", \"CA\", \"WA\", \"TX\"));", diff, StringComparison.Ordinal);
        effect = territory.GetProperty("effect");
        Assert.Equal(Texas, Strings(effect.GetProperty("moved")));
        Assert.Equal((5, 0, 5), (effect.GetProperty("known_misroutes").GetInt32(), effect.GetProperty("fixed_before").GetInt32(), effect.GetProperty("fixed_after").GetInt32()));
        Assert.Equal(Texas, Strings(effect.GetProperty("fixed")));
        Assert.Equal(["eve 10 → 5 (-5)", "wes 9 → 14 (5)"], effect.GetProperty("member_load").EnumerateArray()
            .Select(l => $"{l.GetProperty("member").GetString()} {l.GetProperty("before").GetInt32()} → {l.GetProperty("after").GetInt32()} ({l.GetProperty("change").GetInt32()})"));

        // The desk: nine leads on its busiest day for two members; the named cap changes where it is declared.
        var capacity = suggestions["capacity"];
        Assert.Equal("raise the daily cap of ana, bo ('Desk') from 2 to 5", capacity.GetProperty("title").GetString());
        Assert.Contains("+    public const int DeskCap = 5;", capacity.GetProperty("diff").GetString(), StringComparison.Ordinal);
        effect = capacity.GetProperty("effect");
        Assert.Equal(HeldAtDesk, Strings(effect.GetProperty("moved")));
        Assert.Equal((5, 0), (effect.GetProperty("sla_exposure_before").GetInt32(), effect.GetProperty("sla_exposure_after").GetInt32()));

        // Partners: no referral in the log, which goes back more than 90 days before its last lead.
        var rule = suggestions["rule"];
        Assert.Equal("remove route 'Partners': no lead reached it since 2026-08-06", rule.GetProperty("title").GetString());
        Assert.Contains("-        handoff.Route(\"Partners\",", rule.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Empty(Strings(rule.GetProperty("effect").GetProperty("moved")));
        foreach (var contact in new[] { "Company T1", "companyt1", ".example", "Sam", "Lowe" })
        {
            Assert.DoesNotContain(contact, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Text_and_markdown_say_the_same_deterministically_and_a_window_without_90_days_drops_the_route()
    {
        var (exit, text, error) = await Suggest();
        Assert.True(exit == 0, text + error);
        Assert.StartsWith("4 suggestions for TerritoryDesk", text, StringComparison.Ordinal);
        Assert.Contains("2. [territory] move US-TX from territory 'East' to 'West'", text, StringComparison.Ordinal);
        Assert.Contains("   backtest: known misroutes: fixes 5 of 5 (as is: 0); moves 0 leads accepted where they were", text, StringComparison.Ordinal);
        Assert.Contains("   backtest: SLA exposure (leads held with an SLA started and no member free): 5 → 0", text, StringComparison.Ordinal);
        Assert.Equal(text, (await Suggest()).Output);

        var (_, markdown, _) = await Suggest("--format", "markdown");
        Assert.StartsWith("## Suggested playbook changes", markdown, StringComparison.Ordinal);
        Assert.Contains("### 3. raise the daily cap of ana, bo ('Desk') from 2 to 5", markdown, StringComparison.Ordinal);
        Assert.Contains("```diff\n--- a/TerritoryDeskPlaybook.cs\n+++ b/TerritoryDeskPlaybook.cs\n", markdown, StringComparison.Ordinal);

        // November only: nothing says a route went unreached for 90 days.
        (exit, var json, error) = await Suggest("--from", "2026-11-01", "--format", "json");
        Assert.True(exit == 0, json + error);
        Assert.Equal(["definition", "territory", "capacity"], ByKind(json).Keys);
    }

    [Fact]
    public async Task Without_the_rules_sources_each_suggestion_says_why_it_has_no_diff()
    {
        // The assembly copied into the test's output: no rules project above it.
        var (exit, json, error) = await Handoff("suggest", "--db", history.Database, "--rules", TerritoryDeskHistory.Rules, "--playbook", nameof(TerritoryDeskPlaybook), "--format", "json");
        Assert.True(exit == 0, json + error);
        foreach (var suggestion in ByKind(json).Values)
        {
            Assert.Equal(JsonValueKind.Null, suggestion.GetProperty("diff").ValueKind);
            Assert.StartsWith("the rules project's sources were not found", suggestion.GetProperty("no_diff").GetString(), StringComparison.Ordinal);
        }

        (exit, _, error) = await Handoff("suggest", "--db", Path.Combine(history.Folder, "missing.db"));
        Assert.Equal(1, exit);
        Assert.Contains("--db", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_diffs_applied_to_a_copy_of_the_rules_project_build_and_backtest_as_predicted()
    {
        var (exit, json, error) = await Suggest("--format", "json");
        Assert.True(exit == 0, json + error);
        var suggestions = ByKind(json);

        // A copy of the rules project beside the log, its references pointing back at the repository.
        var original = TerritoryDeskHistory.RulesProject();
        var copy = Directory.CreateDirectory(Path.Combine(history.Folder, "rules")).FullName;
        foreach (var file in Directory.GetFiles(original, "*.cs"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var root = Path.GetFullPath(Path.Combine(original, "..", ".."));
        File.WriteAllText(Path.Combine(copy, "HandoffRules.TestRules.csproj"),
            File.ReadAllText(Path.Combine(original, "HandoffRules.TestRules.csproj")).Replace("../../", root + "/", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(copy, "Directory.Build.props"), $"""<Project><Import Project="{Path.Combine(root, "tests", "Directory.Build.props")}" /></Project>""");
        // Each diff is against the sources as they are; applied one after the other, a hunk's context
        // may hold a line an earlier diff changed, so git may apply it without its context.
        foreach (var suggestion in suggestions.Values)
        {
            var patch = Path.Combine(history.Folder, suggestion.GetProperty("kind").GetString() + ".diff");
            File.WriteAllText(patch, suggestion.GetProperty("diff").GetString());
            Assert.Equal(0, await Run("git", copy, "apply", "-C0", patch));
        }

        // One build, with the analyzers: the edited playbook is still a valid handoff.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        Assert.Equal(0, await Run("dotnet", copy, "build", "-c", configuration, "-p:BuildProjectReferences=false", "-nologo", "-v:q"));
        var built = Path.Combine(copy, "bin", configuration, "net10.0", "HandoffRules.TestRules.dll");

        (exit, var plan, error) = await Handoff("plan", "--history", history.Database, "--rules", built, "--playbook", nameof(TerritoryDeskPlaybook),
            "--baseline-rules", TerritoryDeskHistory.Rules, "--baseline-playbook", nameof(TerritoryDeskPlaybook), "--format", "json");
        Assert.True(exit == PlanCommand.Changes, plan + error);
        using var document = JsonDocument.Parse(plan);
        var result = document.RootElement;

        // The leads each suggestion predicted to move, and no other, move in the build with every edit.
        var predicted = suggestions.Values.SelectMany(s => Strings(s.GetProperty("effect").GetProperty("moved"))).Order(StringComparer.Ordinal);
        var moved = result.GetProperty("moves").EnumerateArray().Concat(result.GetProperty("distribution_moves").EnumerateArray())
            .Select(m => m.GetProperty("lead_id").GetString()!).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(predicted, moved);
        Assert.Equal(LowPaid, Strings(result.GetProperty("newly_disqualified")));
        Assert.Equal(Texas, Strings(result.GetProperty("known_misroutes").GetProperty("fixed")));
        Assert.Empty(result.GetProperty("known_misroutes").GetProperty("moved_away").EnumerateArray());
    }

    private static async Task<int> Run(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)}:\n{await output}\n{await error}");
        return process.ExitCode;
    }
}
