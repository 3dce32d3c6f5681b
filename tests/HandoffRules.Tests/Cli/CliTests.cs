using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Cli;

/// <summary>A broken playbook in this assembly, for <c>handoff check --rules</c>.</summary>
public sealed class NoFallbackPlaybook : Playbook
{
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.Definition("MQL", d => d.When(l => l.Score >= 50).HandsOff());
        handoff.Member("ana", "Ana");
        handoff.Queue("Everyone", q => q.Members("ana"));
        handoff.Route("All", r => r.ToQueue("Everyone"));
    }
}

/// <summary>A playbook whose account book (embedded in this assembly) has a malformed row.</summary>
public sealed class BrokenAccountBookPlaybook : Playbook
{
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.Definition("MQL", d => d.When(l => l.Score >= 50).HandsOff());
        handoff.Member("ana", "Ana");
        handoff.Queue("Everyone", q => q.Members("ana"));
        handoff.AccountsFrom("Cli/broken-accounts.csv");
        handoff.Route("All", r => r.ToQueue("Everyone"));
        handoff.Fallback("Everyone");
    }
}

public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-cli-").FullName;

    [Fact]
    public async Task Simulate_twice_with_one_seed_writes_byte_identical_decisions()
    {
        var first = Path.Combine(_folder, "a.jsonl");
        var second = Path.Combine(_folder, "b.jsonl");

        var run1 = await CliRunner.Run("simulate", "--leads", "2000", "--seed", "7", "--out", first);
        var run2 = await CliRunner.Run("simulate", "--leads", "2000", "--seed", "7", "--out", second);

        Assert.Equal((0, ""), (run1.ExitCode, run1.Error));
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(2000, File.ReadLines(first).Count());
        Assert.Equal(run1.Output.Replace("a.jsonl", "b.jsonl", StringComparison.Ordinal), run2.Output);
        Assert.Contains("2,000 leads arrived", run1.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routing_only_simulation_twice_writes_byte_identical_decisions_and_accounts_for_every_lead()
    {
        var first = Path.Combine(_folder, "a.jsonl");
        var second = Path.Combine(_folder, "b.jsonl");

        var run1 = await CliRunner.Run("simulate", "--routing-only", "--leads", "2000", "--seed", "7", "--out", first);
        await CliRunner.Run("simulate", "--routing-only", "--leads", "2000", "--seed", "7", "--out", second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Contains("2,000 of 2,000 accounted for", run1.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_with_another_seed_routes_other_leads()
    {
        var first = Path.Combine(_folder, "a.jsonl");
        var second = Path.Combine(_folder, "b.jsonl");
        await CliRunner.Run("simulate", "--routing-only", "--leads", "500", "--seed", "1", "--out", first);
        await CliRunner.Run("simulate", "--routing-only", "--leads", "500", "--seed", "2", "--out", second);

        Assert.NotEqual(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public async Task Simulated_decisions_name_the_rule_for_every_lead_and_reconcile()
    {
        var file = Path.Combine(_folder, "d.jsonl");
        await CliRunner.Run("simulate", "--routing-only", "--leads", "3000", "--seed", "11", "--out", file);
        var records = File.ReadLines(file).Select(DecisionRecord.FromJson).ToList();

        Assert.All(records.Where(r => r.Outcome == HandoffOutcome.Routed), r => Assert.False(string.IsNullOrEmpty(r.Route)));
        Assert.All(records.Where(r => r.Outcome == HandoffOutcome.Disqualified), r => Assert.False(string.IsNullOrEmpty(r.Reason)));
        Assert.All(records.Where(r => r.Outcome == HandoffOutcome.Duplicate), r => Assert.False(string.IsNullOrEmpty(r.DuplicateOf)));
        Assert.Equal(3000, records.Count(r => r.Outcome is HandoffOutcome.Routed or HandoffOutcome.Disqualified or HandoffOutcome.Duplicate or HandoffOutcome.DeadLettered));
        Assert.Equal(records.Select(r => r.LeadId).Order(StringComparer.Ordinal), records.Select(r => r.LeadId));
    }

    [Fact]
    public async Task Check_passes_the_sample_playbook()
    {
        var (exit, output, error) = await CliRunner.Run("check");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("0 error(s), 0 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_names_the_hr_error_of_a_playbook_without_a_fallback_and_fails()
    {
        var (exit, _, error) = await CliRunner.Run("check", "--rules", typeof(NoFallbackPlaybook).Assembly.Location, "--playbook", nameof(NoFallbackPlaybook));

        Assert.Equal(1, exit);
        Assert.Contains("error HR1001: Playbook 'NoFallbackPlaybook' has no fallback", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_reports_a_malformed_row_of_the_account_book_the_rules_assembly_carries_at_its_line_and_column()
    {
        var (exit, _, error) = await CliRunner.Run("check", "--rules", typeof(BrokenAccountBookPlaybook).Assembly.Location, "--playbook", nameof(BrokenAccountBookPlaybook));

        Assert.Equal(1, exit);
        Assert.Contains("error HR2011: Account book 'Cli/broken-accounts.csv': 'initech' is not an e-mail domain", error, StringComparison.Ordinal);
        Assert.Contains("(at Cli/broken-accounts.csv(4,9))", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_explains_a_bad_rules_path()
    {
        var (exit, _, error) = await CliRunner.Run("check", "--rules", Path.Combine(_folder, "missing.dll"));

        Assert.Equal(1, exit);
        Assert.StartsWith("error: --rules: no file at", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_prints_the_decision_and_its_trace()
    {
        var lead = Path.Combine(_folder, "lead.json");
        await File.WriteAllTextAsync(lead, """
            {"id": "W1", "email": "Dana.Whitfield@Northwind-Traders.com", "company": "Northwind Traders", "country": "United States",
             "state": "California", "employees": "501-1000", "source": "PAID_SEARCH", "score": 72,
             "event": {"type": "demo_request", "occurred_at": "2026-11-03T17:00:00Z"}}
            """);

        var (exit, output, _) = await CliRunner.Run("explain", "--lead", lead);

        Assert.Equal(0, exit);
        Assert.StartsWith("Lead W1: routed — Named accounts go to their owner -> owner maya.chen", output, StringComparison.Ordinal);
        Assert.Contains("· Intake       Country: 'United States' read as US", output, StringComparison.Ordinal);
        Assert.Contains("→ Definition   Hand-raiser", output, StringComparison.Ordinal);
        Assert.Contains("✓ Account      Northwind Traders", output, StringComparison.Ordinal);
        Assert.Contains("→ Trigger      Demo request", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_refuses_a_lead_it_cannot_read_naming_the_field()
    {
        var lead = Path.Combine(_folder, "bad.json");
        await File.WriteAllTextAsync(lead, """{"id": "W1", "score": "high"}""");

        var (exit, _, error) = await CliRunner.Run("explain", "--lead", lead);

        Assert.Equal(1, exit);
        Assert.Contains("$.score", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_commands_with_examples()
    {
        var (exit, output, _) = await CliRunner.Run("--help");

        Assert.Equal(0, exit);
        Assert.Contains("simulate", output, StringComparison.Ordinal);
        Assert.Contains("explain", output, StringComparison.Ordinal);
        Assert.Contains("check", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
