using Acme.Rules;
using HandoffRules.Host.Simulation;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests;

/// <summary>A week simulation's temporary event log goes when the run ends, however it ends.</summary>
public sealed class SimulationDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-scratch-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task An_interrupted_simulation_removes_its_temporary_event_log(string signal, int exitCode)
    {
        using var cli = CliProcess.Start(_folder, ["simulate", "--leads", "400000", "--seed", "2"], new Dictionary<string, string> { ["TMPDIR"] = _folder });

        // Wait until the run has its event log, then stop it as a person or a service manager would.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.GetFiles(_folder, "handoff-simulation-*.db").Length == 0)
        {
            Assert.False(cli.HasExited, $"the simulation ended before it was interrupted\n{cli}");
            Assert.True(DateTime.UtcNow < deadline, $"no temporary event log appeared\n{cli}");
            await Task.Delay(20);
        }

        if (signal == "INT")
        {
            cli.Interrupt();
        }
        else
        {
            cli.Terminate();
        }

        await cli.WaitForExitAsync();
        Assert.Equal(exitCode, cli.ExitCode);
        Assert.Contains(cli.Error, line => line.Contains("temporary event log was removed", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_stale_event_log_is_removed_and_one_in_use_is_kept()
    {
        // Process ids above the system's limit belong to no running process.
        var stale = Log("handoff-simulation-2147483000-aaaa.db");
        var locked = Log("handoff-simulation-2147483001-bbbb.db");
        var running = Log($"handoff-simulation-{Environment.ProcessId}-cccc.db");
        var other = Log("week.db");
        var leftLock = Path.Combine(_folder, "handoff-simulation-2147483002.db.lock");
        File.WriteAllText(leftLock, "holder");
        using var holder = StoreLock.TryAcquire(locked, "a simulation still running");
        Assert.NotNull(holder);

        var removed = SimulationDatabase.RemoveStale(_folder);

        // Each with the process that left it and what its files took ("db" and "wal"; a lock alone, nothing).
        Assert.Equal([(stale, 2147483000, 5L), (leftLock[..^".lock".Length], 2147483002, 0L)], removed.Select(r => (r.Database, r.Process, r.Bytes)));
        Assert.False(File.Exists(leftLock));
        Assert.False(File.Exists(stale) || File.Exists(stale + "-wal") || File.Exists(StoreLock.PathFor(stale)));
        Assert.True(File.Exists(locked) && File.Exists(running) && File.Exists(other));
    }

    [Fact]
    public async Task A_simulation_removes_the_temporary_log_a_killed_run_left_and_says_so_apart_from_its_output()
    {
        var stale = Log("handoff-simulation-2147483000-aaaa.db");
        File.WriteAllBytes(stale + "-wal", new byte[2 * 1024 * 1024]);

        var cli = await CliProcess.RunAsync(_folder, ["simulate", "--leads", "50", "--seed", "2"], new Dictionary<string, string> { ["TMPDIR"] = _folder });

        Assert.True(cli.ExitCode == 0, cli.ToString());
        var said = Assert.Single(cli.Error, line => line.StartsWith("Removed a temporary event log", StringComparison.Ordinal));
        Assert.EndsWith("(process 2147483000): handoff-simulation-2147483000-aaaa.db, 2.0 MB.", said);
        Assert.DoesNotContain(cli.Output, line => line.Contains("handoff-simulation-", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_weeks_temporary_log_is_left_without_the_indexes_of_events_by_lead_and_of_leads_by_queue_and_a_log_kept_has_them()
    {
        // A temporary log is read once, in order, by the week's report; a log kept is read as any store.
        var playbook = new AcmePlaybook().Build();
        var temporary = SimulationDatabase.NewPath(_folder);
        var kept = Path.Combine(_folder, "week.db");
        await WeekSimulation.RunAsync(playbook, temporary, seed: 5, leads: 300, days: 7);
        await WeekSimulation.RunAsync(playbook, kept, seed: 5, leads: 300, days: 7);

        Assert.True(SimulationDatabase.IsTemporary(temporary));
        Assert.False(SimulationDatabase.IsTemporary(kept));
        const string Indexes = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('events_by_lead', 'leads_by_queue')";
        Assert.Equal(0L, StoreRows.Scalar(temporary, Indexes));
        Assert.Equal(2L, StoreRows.Scalar(kept, Indexes));
        Assert.Equal(StoreRows.Scalar(kept, Events), StoreRows.Scalar(temporary, Events));
        SimulationDatabase.Remove(temporary);
    }

    // The log's events, as one text.
    private const string Events = "SELECT group_concat(lead_id || ' ' || type || ' ' || at || ' ' || data, char(10)) FROM (SELECT * FROM events ORDER BY seq)";

    private string Log(string name)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, "db");
        File.WriteAllText(path + "-wal", "wal");
        File.WriteAllText(StoreLock.PathFor(path), "holder");
        return path;
    }
}
