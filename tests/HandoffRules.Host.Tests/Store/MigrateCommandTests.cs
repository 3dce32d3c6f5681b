using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests.Store;

/// <summary><c>handoff migrate</c>: an SQLite event log copied into PostgreSQL, verified, ids kept.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrateCommandTests(PostgresServer server) : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-migrate-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [SkippableFact]
    public async Task An_SQLite_log_is_copied_into_PostgreSQL_with_its_ids_and_counts_and_a_second_copy_is_refused()
    {
        server.SkipIfUnavailable();
        var database = Path.Combine(_folder, "handoff.db");
        var snapshot = new DistributionSnapshot([new QueueCursor("Team", 2, [])], [new MemberLoad("a", new DateOnly(2026, 11, 30), 7)]);
        using (var sqlite = new SqliteHandoffStore(database, synchronousFull: false))
        {
            await sqlite.InitializeAsync(CancellationToken.None);
            using var writer = sqlite.OpenWriter();
            writer.Begin();
            for (var i = 1; i <= 30; i++)
            {
                HandoffStoreContract.DecideFor(writer, $"L{i}");
            }

            writer.DeadLetter("leads.jsonl", "line 31", "{oops", "line 31: not JSON", Monday);
            writer.CountRedelivery();
            writer.SaveCursor(new InputCursor("leads.jsonl", 4096, 31, "1:2", 0));
            writer.SaveDistribution(snapshot);
            writer.Commit();
        }

        SqliteConnection.ClearAllPools();
        var target = await server.CreateDatabaseAsync();
        var (exit, output, error) = await CliRunner.Run("migrate", "--from", database, "--to", target);

        Assert.True(exit == 0, error);
        Assert.Contains("every table's count matches", output, StringComparison.Ordinal);
        using var source = new SqliteHandoffStore(database, synchronousFull: false);
        using var copy = new PostgresHandoffStore(target, durableCommits: false);
        Assert.Equal(await source.CountAsync(CancellationToken.None), await copy.CountAsync(CancellationToken.None));
        var before = await source.GetEventsAsync(null, null, null, CancellationToken.None);
        var after = await copy.GetEventsAsync(null, null, null, CancellationToken.None);
        Assert.Equal(before.Select(e => (e.Seq, e.LeadId, e.Type, e.At, e.Data.ToJsonString())), after.Select(e => (e.Seq, e.LeadId, e.Type, e.At, e.Data.ToJsonString())));
        Assert.Equal(await source.GetLeadAsync("L7", CancellationToken.None), await copy.GetLeadAsync("L7", CancellationToken.None));
        Assert.Equal(new InputCursor("leads.jsonl", 4096, 31, "1:2", 0), await copy.GetCursorAsync("leads.jsonl", CancellationToken.None));

        // New rows continue after the copied ids; the distribution state came along.
        using (var writer = copy.OpenWriter())
        {
            writer.Begin();
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(snapshot), System.Text.Json.JsonSerializer.Serialize(writer.LoadDistribution()));
            writer.Append("L1", "lead.touched", Monday, new EventMembers());
            writer.Commit();
        }

        Assert.Equal(before[^1].Seq + 1, (await copy.GetEventsAsync("L1", null, null, CancellationToken.None))[^1].Seq);

        var again = await CliRunner.Run("migrate", "--from", database, "--to", target);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already holds an event log", again.Error, StringComparison.Ordinal);
    }
}
