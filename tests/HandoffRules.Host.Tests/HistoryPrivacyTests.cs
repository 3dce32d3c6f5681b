using System.Text.Json;
using HandoffRules.Cli.Commands;
using HandoffRules.Host.Tests.Support;

namespace HandoffRules.Host.Tests;

/// <summary>
/// What the review commands print about the people behind a history's leads: by default nothing but
/// lead ids, in every command and format (contact details are PII and the output goes to pull
/// requests and CI logs); with <c>plan --show-leads</c>, the company and e-mail of the leads that move.
/// The log is the one <see cref="PlanHistoryTests"/> takes in, its leads carrying contact details
/// that appear nowhere else (not in the playbook, not in a rule's name), so any occurrence is a leak.
/// </summary>
public sealed class HistoryPrivacyTests : IDisposable
{
    private static readonly string Rules = typeof(HistoryDeskBefore).Assembly.Location;

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-history-privacy-").FullName;

    private string Database => Path.Combine(_folder, "handoff.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // Id, e-mail, first and last name, company, phone; H1, H2 and H6 are the small companies a change moves.
    private static readonly (string Id, string Email, string First, string Last, string Company, string Phone, string Employees, int Score, string At)[] People =
    [
        ("H1", "zebulon.quill@featherworks.example", "Zebulon", "Quillfeather", "Featherworks Tinctures", "+1 212 555 0141", "50", 20, "2026-11-02T09:00:00Z"),
        ("H2", "marisol.vantwerp@obsidianloom.example", "Marisol", "Vantwerp", "Obsidian Loom Studio", "+1 212 555 0142", "120", 30, "2026-11-02T09:10:00Z"),
        ("H3", "thaddeus.okonkwo@cobaltharbor.example", "Thaddeus", "Okonkwo", "Cobalt Harbor Freight", "+1 212 555 0143", "5000", 40, "2026-11-02T09:20:00Z"),
        ("H4", "perpetua.lindqvist@bigco.com", "Perpetua", "Lindqvist", "Bigco Saffron Division", "+1 212 555 0144", "30", 50, "2026-11-02T09:30:00Z"),
        ("H5", "ignatius.brambleby@lowfernmill.example", "Ignatius", "Brambleby", "Lowfern Millworks", "+1 212 555 0145", "40", 5, "2026-11-02T09:40:00Z"),
        ("H6", "octavia.wrenfield@juniperquay.example", "Octavia", "Wrenfield", "Juniper Quay Ceramics", "+1 212 555 0146", "80", 25, "2026-11-03T10:00:00Z"),
    ];

    private static IEnumerable<string> Pii(string id)
    {
        var person = People.Single(p => p.Id == id);
        return [person.Email, person.Email[..person.Email.IndexOf('@', StringComparison.Ordinal)], person.First, person.Last, person.Company, person.Phone, person.Phone.Replace(" ", "", StringComparison.Ordinal)];
    }

    private static IEnumerable<string> AllPii => People.SelectMany(p => Pii(p.Id));

    private static string Lead((string Id, string Email, string First, string Last, string Company, string Phone, string Employees, int Score, string At) p) =>
        $$$"""{"id":"{{{p.Id}}}","email":"{{{p.Email}}}","first_name":"{{{p.First}}}","last_name":"{{{p.Last}}}","company":"{{{p.Company}}}","phone":"{{{p.Phone}}}","country":"United States","state":"NY","employees":"{{{p.Employees}}}","annual_revenue":"$4M","source":"organic","score":{{{p.Score}}},"event":{"type":"form_submission","detail":"/pricing","occurred_at":"{{{p.At}}}"}}""";

    private async Task TakeInHistory()
    {
        Leads.Write(Path.Combine(_folder, "leads.jsonl"), [.. People.Select(Lead)]);
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

    private static void NamesNoOne(string what, string output, IEnumerable<string> pii)
    {
        foreach (var value in pii)
        {
            Assert.False(output.Contains(value, StringComparison.OrdinalIgnoreCase), $"{what} names '{value}':\n{output}");
        }
    }

    [Fact]
    public async Task No_command_or_format_prints_a_leads_contact_details_by_default()
    {
        await TakeInHistory();
        var changed = new[] { "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk) };
        foreach (var format in new[] { "text", "json", "markdown" })
        {
            var (exit, output, error) = await Handoff(["plan", "--history", Database, .. changed, "--format", format, "--distribution"]);
            Assert.True(exit == PlanCommand.Changes, output + error);
            NamesNoOne($"plan --format {format}", output + error, AllPii);

            (exit, output, error) = await Handoff(["plan", "--history", Database, .. changed, "--baseline-rules", Rules, "--baseline-playbook", nameof(HistoryDeskBefore), "--format", format]);
            Assert.True(exit == PlanCommand.Changes, output + error);
            NamesNoOne($"plan --baseline-rules --format {format}", output + error, AllPii);

            (exit, output, error) = await Handoff(["coverage", "--history", Database, .. changed, "--format", format]);
            Assert.True(exit is 0 or 2, output + error);
            NamesNoOne($"coverage --format {format}", output + error, AllPii);

            (exit, output, error) = await Handoff(["suggest", "--db", Database, "--rules", Rules, "--playbook", nameof(HistoryDeskBefore), "--format", format]);
            Assert.True(exit is 0 or 2, output + error);
            NamesNoOne($"suggest --format {format}", output + error, AllPii);
        }

        var decisions = Path.Combine(_folder, "decisions.jsonl");
        var (code, text, problems) = await Handoff(["simulate", "--routing-only", "--history", Database, .. changed, "--out", decisions]);
        Assert.True(code == 0, text + problems);
        NamesNoOne("simulate --routing-only", text + problems, AllPii);
        NamesNoOne("simulate --routing-only --out", await File.ReadAllTextAsync(decisions), AllPii);
    }

    [Fact]
    public async Task Show_leads_names_the_company_and_e_mail_of_the_moved_leads_in_every_format()
    {
        await TakeInHistory();
        var plan = new[] { "plan", "--history", Database, "--rules", Rules, "--playbook", nameof(HistoryDeskSmallToDesk), "--show-leads" };
        var moved = new[] { "H1", "H2", "H6" };
        foreach (var format in new[] { "text", "markdown", "json" })
        {
            var (exit, output, error) = await Handoff([.. plan, "--format", format]);
            Assert.True(exit == PlanCommand.Changes, output + error);
            foreach (var person in People.Where(p => moved.Contains(p.Id)))
            {
                Assert.Contains(person.Email, output, StringComparison.Ordinal);
                Assert.Contains(person.Company, output, StringComparison.Ordinal);
            }

            // Only what was asked for, and only for the leads that move.
            NamesNoOne($"plan --show-leads --format {format}", output, new[] { "H3", "H4", "H5" }.SelectMany(Pii));
            // Names as written (the e-mail addresses shown hold them in lower case).
            foreach (var value in People.SelectMany(p => new[] { p.First, p.Last, p.Phone }))
            {
                Assert.DoesNotContain(value, output, StringComparison.Ordinal);
            }
        }

        var (_, json, _) = await Handoff([.. plan, "--format", "json"]);
        using var document = JsonDocument.Parse(json);
        var shown = document.RootElement.GetProperty("shown_leads").EnumerateArray()
            .Select(l => (Id: l.GetProperty("lead_id").GetString(), Company: l.GetProperty("company").GetString(), Email: l.GetProperty("email").GetString()))
            .OrderBy(l => l.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(People.Where(p => moved.Contains(p.Id)).Select(p => (Id: (string?)p.Id, Company: (string?)p.Company, Email: (string?)p.Email)), shown);
    }

    [Fact]
    public async Task Show_leads_is_refused_on_generated_leads()
    {
        var (exit, _, error) = await Handoff("plan", "--baseline", Path.Combine(_folder, "decisions.jsonl"), "--show-leads");

        Assert.Equal(PlanCommand.Failed, exit);
        Assert.Contains("--show-leads", error, StringComparison.Ordinal);
    }
}
