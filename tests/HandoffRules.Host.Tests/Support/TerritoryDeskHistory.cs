using System.Text.Json;

namespace HandoffRules.Host.Tests.Support;

/// <summary>
/// An event log whose right answers are worked out by hand, written by the real host (<c>handoff
/// run</c>) into a real SQLite file with <see cref="HandoffRules.TestRules.TerritoryDeskPlaybook"/>:
/// <list type="bullet">
/// <item>E0 (20 July, New York) opens the log more than 90 days before its end; route 'Partners' (referrals) is never reached.</item>
/// <item>T1–T5 (Texas) go to East, whose rep eve rejects them as WRONG_TERRITORY; triage's wes, who also works West, accepts them: five known misroutes.</item>
/// <item>N1–N4 (New York) go to East; eve accepts three and rejects N3 for no budget (the other sources' one rejection).</item>
/// <item>P1–P7 (paid, California, scores 12–18, 40, 45) go to West; wes rejects the five below 40 for no budget and accepts P6 and P7.</item>
/// <item>W1–W2 (organic, Washington) go to West and are accepted.</item>
/// <item>D1–D9 (Florida) arrive on 4 November for the desk of ana and bo, capped at two a day: D5–D9 are held and breach their one-hour SLA while held.</item>
/// </list>
/// </summary>
public sealed class TerritoryDeskHistory : IAsyncLifetime
{
    public static readonly string Rules = typeof(HandoffRules.TestRules.TerritoryDeskPlaybook).Assembly.Location;

    public string Folder { get; } = Directory.CreateTempSubdirectory("handoff-suggest-").FullName;

    public string Database => Path.Combine(Folder, "handoff.db");

    private static string Lead(string id, string state, string source, int score, string at) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = id,
        ["email"] = $"{id.ToLowerInvariant()}@company{id.ToLowerInvariant()}.example",
        ["first_name"] = "Sam",
        ["last_name"] = "Lowe",
        ["company"] = $"Company {id}",
        ["country"] = "United States",
        ["state"] = state,
        ["employees"] = "50",
        ["source"] = source,
        ["score"] = score,
        ["event"] = new Dictionary<string, string> { ["type"] = "form_submission", ["detail"] = "/pricing", ["occurred_at"] = at },
    });

    private static string Action(string lead, string action, string at, string? reason = null) =>
        $$$"""{"kind":"sdr_action","id":"{{{lead}}}-{{{action}}}","lead_id":"{{{lead}}}","action":"{{{action}}}",{{{(reason is null ? "" : $"\"reason\":\"{reason}\",")}}}"at":"{{{at}}}"}""";

    private static IEnumerable<string> Lines()
    {
        yield return Lead("E0", "NY", "organic", 30, "2026-07-20T10:00:00Z");
        yield return Action("E0", "accept", "2026-07-20T10:30:00Z");
        for (var i = 1; i <= 5; i++)
        {
            yield return Lead($"T{i}", "TX", "organic", 30, $"2026-11-02T09:0{i}:00Z");
        }

        for (var i = 1; i <= 5; i++)
        {
            yield return Action($"T{i}", "reject", $"2026-11-02T10:0{i}:00Z", "WRONG_TERRITORY");
            yield return Action($"T{i}", "accept", $"2026-11-02T10:3{i}:00Z");
        }

        for (var i = 1; i <= 3; i++)
        {
            yield return Lead($"N{i}", "NY", "organic", 30, $"2026-11-02T11:0{i}:00Z");
        }

        yield return Action("N1", "accept", "2026-11-02T11:30:00Z");
        yield return Action("N2", "accept", "2026-11-02T11:31:00Z");
        yield return Action("N3", "reject", "2026-11-02T11:32:00Z", "NO_BUDGET");
        int[] scores = [12, 14, 15, 16, 18, 40, 45];
        for (var i = 1; i <= scores.Length; i++)
        {
            yield return Lead($"P{i}", "CA", "paid", scores[i - 1], $"2026-11-03T09:0{i}:00Z");
        }

        for (var i = 1; i <= 5; i++)
        {
            yield return Action($"P{i}", "reject", $"2026-11-03T10:0{i}:00Z", "NO_BUDGET");
        }

        yield return Action("P6", "accept", "2026-11-03T10:10:00Z");
        yield return Action("P7", "accept", "2026-11-03T10:11:00Z");
        for (var i = 1; i <= 2; i++)
        {
            yield return Lead($"W{i}", "WA", "organic", 30, $"2026-11-03T11:0{i}:00Z");
            yield return Action($"W{i}", "accept", $"2026-11-03T11:3{i}:00Z");
        }

        for (var i = 1; i <= 9; i++)
        {
            yield return Lead($"D{i}", "FL", "organic", 30, $"2026-11-04T09:0{i}:00Z");
        }

        // A later arrival moves the host's lead clock past the desk's SLA deadlines, so their breaches are logged.
        yield return Lead("N4", "NY", "organic", 30, "2026-11-04T12:00:00Z");
        yield return Action("N4", "accept", "2026-11-04T12:10:00Z");
    }

    public async Task InitializeAsync()
    {
        Leads.Write(Path.Combine(Folder, "leads.jsonl"), Lines());
        var environment = new Dictionary<string, string> { ["Handoff__Urls"] = "http://127.0.0.1:0", ["Handoff__DurableCommits"] = "false" };
        using var run = await CliProcess.RunAsync(Folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db", "--rules", Rules, "--playbook", nameof(HandoffRules.TestRules.TerritoryDeskPlaybook)], environment);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The repository's copy of the rules project the playbook is compiled from.</summary>
    public static string RulesProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HandoffRules.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "HandoffRules.TestRules");
            }
        }

        throw new InvalidOperationException("The repository root (HandoffRules.sln) is not above the test's folder.");
    }
}
