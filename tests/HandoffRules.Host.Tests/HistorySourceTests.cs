using System.Text.Json;
using HandoffRules.Cli.Commands;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Tests.Support;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests;

/// <summary>
/// Backtests on history that is not an SQLite log: a file of lead lines (<c>--leads leads.jsonl</c>),
/// whose bad lines are counted and named, and a PostgreSQL store (<c>--history postgres://…</c>), which
/// replays exactly as the SQLite log it was copied from. The leads are those of <see cref="PlanHistoryTests"/>:
/// moving small companies to the main desk moves H1, H2 and H6.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HistorySourceTests(PostgresServer server) : IDisposable
{
    private static readonly string Rules = typeof(HistoryDeskBefore).Assembly.Location;

    private static readonly string[] Small = ["H1", "H2", "H6"];

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-history-source-").FullName;

    private string LeadFile => Path.Combine(_folder, "leads.jsonl");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Lead(string id, string company, string employees, int score, string at) =>
        $$$"""{"id":"{{{id}}}","email":"sam@{{{id.ToLowerInvariant()}}}.example","first_name":"Sam","last_name":"Lowe","company":"{{{company}}}","country":"United States","state":"NY","employees":"{{{employees}}}","annual_revenue":"$4M","source":"organic","score":{{{score}}},"event":{"type":"form_submission","detail":"/pricing","occurred_at":"{{{at}}}"}}""";

    private static string Bigco(string at) =>
        $$$"""{"id":"H4","email":"ola@bigco.com","company":"Bigco","country":"United States","state":"NY","employees":"30","source":"organic","score":50,"event":{"type":"form_submission","occurred_at":"{{{at}}}"}}""";

    private static readonly string[] Lines =
    [
        Lead("H1", "Small One", "50", 20, "2026-11-02T09:00:00Z"),
        Lead("H2", "Small Two", "120", 30, "2026-11-02T09:10:00Z"),
        "{not json",
        Lead("H3", "Large Co", "5000", 40, "2026-11-02T09:20:00Z"),
        """{"id":"H9","score":"high"}""",
        Bigco("2026-11-02T09:30:00Z"),
        """{"kind":"sdr_action","lead_id":"H1","action":"accept","at":"2026-11-02T10:05:00Z"}""",
        "",
        Lead("H5", "Low Score", "40", 5, "2026-11-02T09:40:00Z"),
        Lead("H6", "Small Six", "80", 25, "2026-11-03T10:00:00Z"),
    ];

    private static List<string> MovedLeads(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("moves").EnumerateArray().Select(m => m.GetProperty("lead_id").GetString()!).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_lead_file_backtests_against_the_baseline_rules_and_names_its_bad_lines_by_number()
    {
        Leads.Write(LeadFile, Lines);

        var (exit, json, error) = await CliRunner.Run("plan", "--leads", LeadFile, "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk),
            "--baseline-rules", Rules, "--baseline-playbook", nameof(HistoryDeskBefore), "--format", "json");

        Assert.True(exit == PlanCommand.Changes, json + error);
        Assert.Equal(6, JsonDocument.Parse(json).RootElement.GetProperty("leads").GetInt32());
        Assert.Equal(Small, MovedLeads(json));
        Assert.Contains("leads.jsonl: 2 lines are not a lead and were left out: leads.jsonl line 3: not JSON", error, StringComparison.Ordinal);
        Assert.Contains("leads.jsonl line 5: field 'score' has the wrong type", error, StringComparison.Ordinal);
        Assert.Contains("1 SDR action or availability line was passed over", error, StringComparison.Ordinal);

        // The window keeps the leads whose event falls in it.
        (exit, json, error) = await CliRunner.Run("plan", "--leads", LeadFile, "--from", "2026-11-03", "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk),
            "--baseline-rules", Rules, "--baseline-playbook", nameof(HistoryDeskBefore), "--format", "json");
        Assert.True(exit == PlanCommand.Changes, json + error);
        Assert.Equal(["H6"], MovedLeads(json));

        // A file records no decisions: it needs the old playbook to compare with.
        (exit, _, error) = await CliRunner.Run("plan", "--leads", LeadFile, "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk));
        Assert.Equal(PlanCommand.Failed, exit);
        Assert.Contains("--leads: leads.jsonl holds leads, not decisions to compare with: give --baseline-rules", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coverage_and_simulate_route_the_leads_of_a_file()
    {
        Leads.Write(LeadFile, Lines);
        var decisions = Path.Combine(_folder, "decisions.jsonl");

        var (exit, output, error) = await CliRunner.Run("simulate", "--routing-only", "--leads", LeadFile, "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk), "--out", decisions);
        Assert.True(exit == 0, output + error);
        Assert.Contains("Replayed 6 leads of leads.jsonl through", output, StringComparison.Ordinal);
        Assert.Contains("2 lines are not a lead", error, StringComparison.Ordinal);
        Assert.Equal(["H1", "H2", "H3", "H4", "H5", "H6"], HandoffRules.Records.DecisionFile.Read(decisions).Select(r => r.LeadId).Order(StringComparer.Ordinal));

        (exit, var json, error) = await CliRunner.Run("coverage", "--leads", LeadFile, "--rules", Rules, "--playbook", nameof(HistoryDeskBefore), "--json");
        Assert.True(exit is PlanCommand.NoChanges or PlanCommand.Changes, json + error);
        Assert.Equal(6, JsonDocument.Parse(json).RootElement.GetProperty("leads").GetInt32());

        // A count is still a count.
        (exit, output, error) = await CliRunner.Run("simulate", "--routing-only", "--leads", "50", "--rules", Rules, "--playbook", nameof(HistoryDeskBefore));
        Assert.True(exit == 0, output + error);
        Assert.Contains("Simulated 50 leads", output, StringComparison.Ordinal);

        (exit, _, error) = await CliRunner.Run("simulate", "--routing-only", "--leads", Path.Combine(_folder, "missing.jsonl"));
        Assert.Equal(1, exit);
        Assert.Contains("--leads: '", error, StringComparison.Ordinal);
        Assert.Contains("missing.jsonl' is neither a whole number nor a file (no file at", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_PostgreSQL_store_replays_as_the_SQLite_log_it_was_copied_from()
    {
        server.SkipIfUnavailable();
        var database = Path.Combine(_folder, "handoff.db");
        Leads.Write(LeadFile,
        [
            Lead("H1", "Small One", "50", 20, "2026-11-02T09:00:00Z"),
            Lead("H2", "Small Two", "120", 30, "2026-11-02T09:10:00Z"),
            Lead("H3", "Large Co", "5000", 40, "2026-11-02T09:20:00Z"),
            Bigco("2026-11-02T09:30:00Z"),
            """{"kind":"sdr_action","id":"H1-reject","lead_id":"H1","action":"reject","reason":"WRONG_TERRITORY","at":"2026-11-02T10:00:00Z"}""",
            """{"kind":"sdr_action","id":"H1-accept","lead_id":"H1","action":"accept","at":"2026-11-02T10:05:00Z"}""",
            """{"kind":"sdr_action","id":"H2-accept","lead_id":"H2","action":"accept","at":"2026-11-02T10:10:00Z"}""",
            Lead("H6", "Small Six", "80", 25, "2026-11-03T10:00:00Z"),
        ]);
        var environment = new Dictionary<string, string> { ["Handoff__Urls"] = "http://127.0.0.1:0", ["Handoff__DurableCommits"] = "false" };
        using (var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db", "--rules", Rules, "--playbook", nameof(HistoryDeskBefore)], environment))
        {
            Assert.True(run.ExitCode == 0, run.ToString());
        }

        var postgres = await server.CreateDatabaseAsync();
        var copy = await CliRunner.Run("migrate", "--from", database, "--to", postgres);
        Assert.True(copy.ExitCode == 0, copy.Error);

        string[] plan = ["plan", "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk), "--format", "json"];
        var (exit, fromSqlite, error) = await CliRunner.Run([.. plan, "--history", database]);
        Assert.True(exit == PlanCommand.Changes, fromSqlite + error);
        (exit, var fromPostgres, error) = await CliRunner.Run([.. plan, "--history", postgres]);
        Assert.True(exit == PlanCommand.Changes, fromPostgres + error);

        Assert.Equal(Small, MovedLeads(fromPostgres));
        Assert.Equal(fromSqlite, fromPostgres);
        Assert.Equal(["H1"], JsonDocument.Parse(fromPostgres).RootElement.GetProperty("known_misroutes").GetProperty("fixed").EnumerateArray().Select(e => e.GetString()));

        // simulate --like fits the same week from either store.
        Assert.Equal(JsonSerializer.Serialize(HandoffRules.Host.Simulation.TeamProfile.Fit(database)), JsonSerializer.Serialize(HandoffRules.Host.Simulation.TeamProfile.Fit(postgres)));

        (exit, var text, error) = await CliRunner.Run("plan", "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk), "--history", postgres, "--from", "2026-11-03");
        Assert.True(exit == PlanCommand.Changes, text + error);
        Assert.Contains($"Comparing 1 leads with the decisions recorded in postgres://127.0.0.1:{server.Port}/", text, StringComparison.Ordinal);

        (exit, _, error) = await CliRunner.Run("simulate", "--routing-only", "--history", $"postgres://postgres@127.0.0.1:{server.Port}/no_such_database");
        Assert.Equal(1, exit);
        Assert.Contains("--history: postgres://127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("cannot be read as a handoff event log", error, StringComparison.Ordinal);
    }
}
