using Acme.Rules;
using HandoffRules.Cli.Commands;
using HandoffRules.Host.Simulation;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests;

/// <summary>
/// The commands that only read a log take the schema this version writes and the one before it, as
/// it is (the command is often upgraded before the host), and refuse any other with what to do —
/// one check (<see cref="EventLogSchema"/>) for all of them, before a query meets a missing table.
/// </summary>
public sealed class EventLogSchemaTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-log-schema-").FullName;

    // The same week's log twice, under the same file name so outputs that name it compare equal.
    private string _now = "";
    private string _before = "";

    public static TheoryData<string[]> ReadingCommands => new()
    {
        new[] { "plan", "--history" },
        new[] { "coverage", "--history" },
        new[] { "suggest", "--db" },
        new[] { "report", "--db" },
        new[] { "simulate", "--leads", "300", "--like" },

        // A window is compared with the log's times as that log keeps them (text before version 10).
        new[] { "plan", "--from", "2026-11-03", "--to", "2026-11-06T12:00:00Z", "--history" },
        new[] { "suggest", "--from", "2026-11-03", "--to", "2026-11-06T12:00:00Z", "--db" },
        new[] { "report", "--from", "2026-11-03", "--to", "2026-11-06T12:00:00Z", "--db" },
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "now"));
        Directory.CreateDirectory(Path.Combine(_folder, "before"));
        _now = Path.Combine(_folder, "now", "handoff.db");
        _before = Path.Combine(_folder, "before", "handoff.db");
        await WeekSimulation.RunAsync(new AcmePlaybook().Build(), _now, seed: 9, leads: 400, days: 7);
        SqliteConnection.ClearAllPools();
        File.Copy(_now, _before);
        Assert.True(await SchemaBefore.ToVersion7Async(_before) > 100);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(ReadingCommands))]
    public async Task A_log_of_the_schema_before_is_read_as_it_is_and_gives_what_the_same_log_written_now_gives(string[] command)
    {
        var (nowExit, nowOutput, nowError) = await Invoke(command, _now);
        var (beforeExit, beforeOutput, beforeError) = await Invoke(command, _before);

        // plan exits 2 when leads move (the week's log records reassignments the replay does not make).
        Assert.True(nowExit is 0 or PlanCommand.Changes, $"{nowExit}: {nowError}");
        Assert.Equal(nowExit, beforeExit);
        Assert.Equal(nowError, beforeError);
        Assert.Equal(nowOutput, beforeOutput);
        Assert.Contains(command[0] == "report" ? "Handoff health" : "handoff.db", nowOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReadingCommands))]
    public async Task A_log_older_than_the_schema_before_is_refused_with_how_to_upgrade_it(string[] command)
    {
        await SchemaBefore.MarkAsync(_before, EventLogSchema.OldestRead - 1);
        var (exit, output, error) = await Invoke(command, _before);

        Assert.NotEqual(0, exit);
        Assert.Contains($"handoff.db is an event log at schema version {EventLogSchema.OldestRead - 1}, older than this version of handoff reads", error, StringComparison.Ordinal);
        Assert.Contains("'handoff run --db handoff.db'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("no such", error + output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReadingCommands))]
    public async Task A_log_a_newer_version_wrote_is_refused_not_misread(string[] command)
    {
        await SchemaBefore.MarkAsync(_now, EventLogSchema.Newest + 1);
        var (exit, _, error) = await Invoke(command, _now);

        Assert.NotEqual(0, exit);
        Assert.Contains($"handoff.db is an event log at schema version {EventLogSchema.Newest + 1}, newer than this version of handoff reads ({EventLogSchema.Newest})", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> Invoke(string[] command, string log)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HandoffCommand.InvokeAsync([.. command, log], output, error);
        SqliteConnection.ClearAllPools();
        return (exit, output.ToString(), error.ToString());
    }
}
