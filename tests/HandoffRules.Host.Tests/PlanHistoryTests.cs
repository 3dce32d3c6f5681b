using System.Text.Json;
using HandoffRules.Cli.Commands;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;

namespace HandoffRules.Host.Tests;

/// <summary>
/// <c>handoff plan --history</c>: a change backtested on the leads a real host took in, through the
/// real command line, on the SQLite event log <c>handoff run</c> wrote. Six hand-written leads: three
/// small companies outside the named account (two on 2 November, one on 3 November), a large company,
/// a small company of the named account and one below the definition's score. Moving small companies
/// to the main desk moves exactly the three.
/// </summary>
public sealed class PlanHistoryTests : IDisposable
{
    private static readonly string Rules = typeof(HistoryDeskBefore).Assembly.Location;

    private static readonly string[] Small = ["H1", "H2", "H6"];

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-plan-history-").FullName;

    private string Database => Path.Combine(_folder, "handoff.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // Raw, as a form sends them: employee counts as text, a country name, revenue with a unit.
    private static string Lead(string id, string email, string company, string employees, int score, string at) =>
        $$$"""{"id":"{{{id}}}","email":"{{{email}}}","first_name":"Sam","last_name":"Lowe","company":"{{{company}}}","country":"United States","state":"NY","employees":"{{{employees}}}","annual_revenue":"$4M","source":"organic","score":{{{score}}},"event":{"type":"form_submission","detail":"/pricing","occurred_at":"{{{at}}}"}}""";

    private static string Action(string lead, string action, string at, string? reason = null) =>
        $$$"""{"kind":"sdr_action","id":"{{{lead}}}-{{{action}}}","lead_id":"{{{lead}}}","action":"{{{action}}}",{{{(reason is null ? "" : $"\"reason\":\"{reason}\",")}}}"at":"{{{at}}}"}""";

    // SDR work, worked out by hand: cy rejects H1 and H6 as misrouted (wrong territory) and they go
    // back to triage, the main desk, where ana accepts them; olu rejects H4, the named account's lead,
    // and ana accepts it too. cy accepts H2 and ana H3 where they were routed.
    private static readonly string[] Work =
    [
        Action("H1", "reject", "2026-11-02T10:00:00Z", "WRONG_TERRITORY"),
        Action("H1", "accept", "2026-11-02T10:05:00Z"),
        Action("H2", "accept", "2026-11-02T10:10:00Z"),
        Action("H3", "accept", "2026-11-02T10:15:00Z"),
        Action("H4", "reject", "2026-11-02T10:20:00Z", "WRONG_TERRITORY"),
        Action("H4", "accept", "2026-11-02T10:25:00Z"),
    ];

    private static readonly string[] WorkOnH6 =
    [
        Action("H6", "reject", "2026-11-03T10:30:00Z", "WRONG_TERRITORY"),
        Action("H6", "accept", "2026-11-03T10:35:00Z"),
    ];

    private async Task TakeInHistory(bool withWork = false)
    {
        Leads.Write(Path.Combine(_folder, "leads.jsonl"),
        [
            Lead("H1", "sam@smallone.example", "Small One", "50", 20, "2026-11-02T09:00:00Z"),
            Lead("H2", "kai@smalltwo.example", "Small Two", "120", 30, "2026-11-02T09:10:00Z"),
            Lead("H3", "lee@largeco.example", "Large Co", "5000", 40, "2026-11-02T09:20:00Z"),
            Lead("H4", "ola@bigco.com", "Bigco", "30", 50, "2026-11-02T09:30:00Z"),
            Lead("H5", "tom@lowscore.example", "Low Score", "40", 5, "2026-11-02T09:40:00Z"),
            .. withWork ? Work : [],
            Lead("H6", "ria@smallsix.example", "Small Six", "80", 25, "2026-11-03T10:00:00Z"),
            .. withWork ? WorkOnH6 : [],
        ]);
        var environment = new Dictionary<string, string> { ["Handoff__Urls"] = "http://127.0.0.1:0", ["Handoff__DurableCommits"] = "false" };
        using var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db", "--rules", Rules, "--playbook", nameof(HistoryDeskBefore)], environment);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private static async Task<(int Exit, string Output, string Error)> Handoff(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HandoffCommand.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private Task<(int Exit, string Output, string Error)> Plan(params string[] more) =>
        Handoff(["plan", "--history", Database, "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk), .. more]);

    private static List<string> MovedLeads(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("moves").EnumerateArray().Select(m => m.GetProperty("lead_id").GetString()!).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task The_unchanged_playbook_replays_its_own_history_without_a_change()
    {
        await TakeInHistory();

        var (exit, output, error) = await Handoff("plan", "--history", Database, "--rules", Rules, "--playbook", nameof(HistoryDeskBefore));

        Assert.True(exit == PlanCommand.NoChanges, output + error);
        Assert.Contains("Comparing 6 leads with the decisions recorded in handoff.db.", output, StringComparison.Ordinal);
        Assert.Contains("No changes.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_moves_exactly_the_leads_worked_out_by_hand_and_names_no_contact()
    {
        await TakeInHistory();

        var (exit, output, error) = await Plan();
        Assert.True(exit == PlanCommand.Changes, output + error);
        Assert.Contains("Plan: 3 of 6 leads move", output, StringComparison.Ordinal);
        Assert.Contains("Small desk", output, StringComparison.Ordinal);
        foreach (var contact in new[] { "smallone", "Small One", "Sam", "Lowe", "bigco.com" })
        {
            Assert.DoesNotContain(contact, output, StringComparison.Ordinal);
        }

        (exit, var json, error) = await Plan("--format", "json");
        Assert.True(exit == PlanCommand.Changes, json + error);
        Assert.Equal(Small, MovedLeads(json));

        (exit, var markdown, _) = await Plan("--format", "markdown");
        Assert.Equal(PlanCommand.Changes, exit);
        Assert.Contains("3 of 6 leads move", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_and_to_keep_the_leads_that_arrived_in_the_window()
    {
        await TakeInHistory();

        var (exit, json, error) = await Plan("--from", "2026-11-03", "--format", "json");
        Assert.True(exit == PlanCommand.Changes, json + error);
        Assert.Equal(1, JsonDocument.Parse(json).RootElement.GetProperty("leads").GetInt32());
        Assert.Equal(["H6"], MovedLeads(json));

        (exit, json, error) = await Plan("--to", "2026-11-03", "--format", "json");
        Assert.True(exit == PlanCommand.Changes, json + error);
        Assert.Equal(5, JsonDocument.Parse(json).RootElement.GetProperty("leads").GetInt32());
        Assert.Equal(["H1", "H2"], MovedLeads(json));

        (exit, _, error) = await Plan("--from", "2026-11-04");
        Assert.Equal(PlanCommand.Failed, exit);
        Assert.Contains("has no leads taken in between", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Baseline_rules_compare_with_the_old_playbook_not_the_recorded_decisions()
    {
        await TakeInHistory();

        var (exit, json, error) = await Plan("--baseline-rules", Rules, "--baseline-playbook", nameof(HistoryDeskBefore), "--format", "json");
        Assert.True(exit == PlanCommand.Changes, json + error);
        Assert.Equal(Small, MovedLeads(json));

        // The changed playbook as its own baseline: no change, where the recorded decisions show three.
        (exit, var output, error) = await Plan("--baseline-rules", Rules, "--baseline-playbook", nameof(HistoryDeskSmallToDesk));
        Assert.True(exit == PlanCommand.NoChanges, output + error);
        Assert.Contains($"Comparing 6 leads with {Path.GetFileName(Rules)}.", output, StringComparison.Ordinal);

        (exit, _, error) = await Plan("--baseline-rules", Path.Combine(_folder, "missing.dll"));
        Assert.Equal(PlanCommand.Failed, exit);
        Assert.Contains("--baseline-rules: no file at", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Known_misroutes_count_the_ones_a_change_fixes_and_the_accepted_leads_it_moves()
    {
        await TakeInHistory(withWork: true);
        using (var store = new SqliteHandoffStore(Database))
        {
            Assert.Empty(await store.GetDeadLettersAsync(CancellationToken.None));
        }

        // H1 and H6 now go to the main desk, where ana accepted them; H4 still goes to its account
        // owner; H2 leaves cy, who accepted it; H3 stays with ana.
        var (exit, output, error) = await Plan();
        Assert.True(exit == PlanCommand.Changes, output + error);
        Assert.Contains("Known misroutes: fixes 2 of 3 known misroutes; moves 1 lead that was accepted where it was.", output, StringComparison.Ordinal);

        (_, var json, _) = await Plan("--format", "json");
        var misroutes = JsonDocument.Parse(json).RootElement.GetProperty("known_misroutes");
        Assert.Equal(3, misroutes.GetProperty("misroutes").GetInt32());
        Assert.Equal(["H1", "H6"], misroutes.GetProperty("fixed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, misroutes.GetProperty("accepted_where_routed").GetInt32());
        Assert.Equal(["H2"], misroutes.GetProperty("moved_away").EnumerateArray().Select(e => e.GetString()));

        (_, var markdown, _) = await Plan("--format", "markdown", "--from", "2026-11-03");
        Assert.Contains("**Known misroutes:** fixes 1 of 1 known misroute; moves 0 leads that were accepted where they were.", markdown, StringComparison.Ordinal);

        // The playbook that made the misroutes fixes none of them.
        (_, output, _) = await Handoff("plan", "--history", Database, "--rules", Rules, "--playbook", nameof(HistoryDeskBefore));
        Assert.Contains("Known misroutes: fixes 0 of 3 known misroutes; moves 0 leads that were accepted where they were.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_logged_without_its_input_is_named_and_a_window_after_it_replays()
    {
        await TakeInHistory();
        // As a host before inputs were kept would have logged it.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // (Since schema version 7 the input is kept beside the decision, in its own column.)
            command.CommandText = "UPDATE events SET data = json_remove(data, '$.input'), input = NULL WHERE lead_id = 'H2' AND type = 'lead.routed'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var (exit, _, error) = await Plan();
        Assert.Equal(PlanCommand.Failed, exit);
        Assert.Contains("--history: event", error, StringComparison.Ordinal);
        Assert.Contains("of lead H2: no 'input'", error, StringComparison.Ordinal);

        (exit, var output, error) = await Plan("--from", "2026-11-03");
        Assert.True(exit == PlanCommand.Changes, output + error);
    }

    [Fact]
    public async Task Coverage_on_history_lists_what_the_change_leaves_unreached()
    {
        await TakeInHistory();

        // Only the three small companies reached the small desk and cy; the change sends them to the main desk.
        var (exit, json, error) = await Handoff("coverage", "--history", Database, "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk), "--json");
        Assert.True(exit == PlanCommand.Changes, json + error);
        using var document = JsonDocument.Parse(json);
        var newly = document.RootElement.GetProperty("newly_unreached").EnumerateArray()
            .Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("name").GetString()} {e.GetProperty("baseline_hits").GetInt32()}").Order(StringComparer.Ordinal);
        Assert.Equal(["member cy 3", "queue Small desk 3"], newly);
    }

    [Fact]
    public async Task Simulate_routing_only_on_history_routes_the_leads_taken_in()
    {
        await TakeInHistory();
        var decisions = Path.Combine(_folder, "decisions.jsonl");

        var (exit, output, error) = await Handoff("simulate", "--routing-only", "--history", Database, "--to", "2026-11-03", "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk), "--out", decisions);
        Assert.True(exit == 0, output + error);
        Assert.Contains("Replayed 5 leads handoff.db took in through", output, StringComparison.Ordinal);
        var records = HandoffRules.Records.DecisionFile.Read(decisions);
        Assert.Equal(["H1", "H2", "H3", "H4", "H5"], records.Select(r => r.LeadId).Order(StringComparer.Ordinal));
        Assert.Equal(["Desk", "Desk"], records.Where(r => r.LeadId is "H1" or "H2").Select(r => r.Queue));

        (exit, _, error) = await Handoff("simulate", "--history", Database);
        Assert.Equal(1, exit);
        Assert.Contains("--history replays leads for routing only", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_asks_for_exactly_one_baseline()
    {
        var (exit, _, error) = await Handoff("plan");
        Assert.Equal(PlanCommand.Failed, exit);
        Assert.Contains("give either --baseline decisions.jsonl (generated leads) or --history handoff.db", error, StringComparison.Ordinal);
    }
}
