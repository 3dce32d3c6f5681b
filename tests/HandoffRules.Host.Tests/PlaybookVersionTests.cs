using Acme.Rules;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Model;

namespace HandoffRules.Host.Tests;

/// <summary>
/// The playbook version on every event, and a host that refuses to run a playbook older than the
/// newest that already ran on its database unless a rollback is allowed.
/// </summary>
public sealed class PlaybookVersionTests : IDisposable
{
    private static readonly string Hash = PlaybookVersion.HashOf(new AcmePlaybook().Build());

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-versions-").FullName;

    private string Database => Path.Combine(_folder, "handoff.db");

    private string Input => Path.Combine(_folder, "leads.jsonl");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Every_event_a_host_writes_carries_its_playbook_version()
    {
        var version = new PlaybookVersion("2.3.0+3f2a9c1", Hash);
        Leads.Write(Input, [Leads.Line(Leads.DemoRequest("V1", DateTimeOffset.UtcNow))]);
        await using (var host = await StartAsync(version))
        {
            await host.WaitForAsync(c => c.Routed == 1);
            Assert.Contains(host.Logs, l => l.Contains("[1402] Playbook version 2.3.0+3f2a9c1 (" + Hash + ")", StringComparison.Ordinal));
        }

        using var store = new SqliteHandoffStore(Database);
        var events = await store.GetEventsAsync(null, null, null, CancellationToken.None);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(version, e.Playbook));
        Assert.Equal([version], await store.GetPlaybooksAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_host_refuses_a_playbook_older_than_the_newest_that_ran_unless_a_rollback_is_allowed()
    {
        await (await StartAsync(new PlaybookVersion("1.10.0", Hash))).DisposeAsync();

        var refused = await Assert.ThrowsAsync<HostStartException>(() => StartAsync(new PlaybookVersion("1.9.2", "0000000000000000")));
        Assert.Equal(
            $"The playbook is version 1.9.2 (0000000000000000), older than version 1.10.0 ({Hash}) that already ran on this store: start the newer playbook, " +
            "or pass --allow-older-playbook (Handoff:AllowOlderPlaybook=true) to roll back on purpose.",
            refused.Message);

        await using var rollback = await StartAsync(new PlaybookVersion("1.9.2", "0000000000000000"), allowOlder: true);
        Assert.Contains(rollback.Logs, l => l.Contains("[1403] Playbook 1.9.2 (0000000000000000) is older than 1.10.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_version_with_other_content_starts_and_is_recorded_apart_as_another_build()
    {
        await (await StartAsync(new PlaybookVersion("1.10.0", Hash))).DisposeAsync();

        await using (var rebuilt = await StartAsync(new PlaybookVersion("1.10.0+local", "1111111111111111")))
        {
            Assert.Contains(rebuilt.Logs, l => l.Contains("[1404] Playbook 1.10.0+local (1111111111111111) has the version of one that already ran", StringComparison.Ordinal));
        }

        using var store = new SqliteHandoffStore(Database);
        Assert.Equal([new PlaybookVersion("1.10.0", Hash), new PlaybookVersion("1.10.0+local", "1111111111111111")], await store.GetPlaybooksAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Handoff_run_refuses_an_older_playbook_in_one_line_runs_it_when_allowed_and_report_splits_by_version()
    {
        // A newer build of the playbook already ran on this database.
        using (var store = new SqliteHandoffStore(Database))
        {
            await store.InitializeAsync(CancellationToken.None);
            await store.RecordPlaybookAsync(new PlaybookVersion("99.0.0", "ffffffffffffffff"), DateTimeOffset.UtcNow, CancellationToken.None);
        }

        Leads.Write(Input, Leads.Generated(5, seed: 3).Select(Leads.Line));
        var environment = new Dictionary<string, string> { ["Handoff__Urls"] = "http://127.0.0.1:0", ["Handoff__DurableCommits"] = "false" };

        using (var refused = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db"], environment))
        {
            Assert.True(refused.ExitCode != 0, refused.ToString());
            var error = Assert.Single(refused.Error, l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.Contains("older than version 99.0.0 (ffffffffffffffff) that already ran on this store", error, StringComparison.Ordinal);
            Assert.Contains("--allow-older-playbook", error, StringComparison.Ordinal);
        }

        using (var allowed = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db", "--allow-older-playbook"], environment))
        {
            Assert.True(allowed.ExitCode == 0, allowed.ToString());
        }

        using var report = await CliProcess.RunAsync(_folder, ["report", "--db", "handoff.db", "--by-playbook-version", "--csv", "week"]);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains(report.Output, l => l.Contains("By playbook version", StringComparison.Ordinal));
        var split = File.ReadAllLines(Path.Combine(_folder, "week", "by_playbook_version.csv"));
        Assert.Equal(2, split.Length);
        Assert.Contains($"({Hash})", split[1], StringComparison.Ordinal);
    }

    private Task<RunningHost> StartAsync(PlaybookVersion version, bool allowOlder = false)
    {
        if (!File.Exists(Input))
        {
            File.WriteAllText(Input, "");
        }

        return RunningHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Handoff:Database"] = Database,
                ["Handoff:Input"] = Input,
                ["Handoff:Follow"] = "true",
                ["Handoff:AllowOlderPlaybook"] = allowOlder ? "true" : "false",
            },
            version: version);
    }
}
