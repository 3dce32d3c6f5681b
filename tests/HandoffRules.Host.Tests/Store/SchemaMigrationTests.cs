using HandoffRules.Host.Store;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests.Store;

/// <summary>One migration mechanism: versioned scripts per store, applied step by step, the same version numbers on both.</summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-migrate-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Both_stores_know_the_same_newest_schema_and_number_their_scripts_in_order()
    {
        var sqlite = new SchemaMigrator("Sqlite");
        var postgres = new SchemaMigrator("Postgres");

        Assert.Equal(sqlite.Newest, postgres.Newest);
        Assert.Equal(SqliteHandoffStore.SchemaVersion, PostgresHandoffStore.SchemaVersion);
        Assert.Equal(Enumerable.Range(1, sqlite.Newest), sqlite.Migrations.Select(m => m.Version));
        Assert.Equal("0001_initial.sql", sqlite.Migrations[0].Name);
    }

    [Fact]
    public async Task An_SQLite_log_written_at_version_1_is_upgraded_step_by_step_keeping_its_data()
    {
        var database = Path.Combine(_folder, "old.db");
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = new SchemaMigrator("Sqlite").Migrations[0].Sql + """

                INSERT INTO meta (key, value) VALUES ('schema_version', '1');
                INSERT INTO inputs (source, source_id, kind, outcome, lead_id, received_at) VALUES ('leads.jsonl', '7', 'lead', 'routed', 'L7', '2026-11-30T09:00:00.0000000Z');
                """;
            await command.ExecuteNonQueryAsync();
        }

        using (var store = new SqliteHandoffStore(database, synchronousFull: false))
        {
            await store.InitializeAsync(CancellationToken.None);
            Assert.True(await store.WasProcessedAsync("leads.jsonl", "lead:7", CancellationToken.None));
            Assert.Equal(1, (await store.CountAsync(CancellationToken.None)).Routed);
            Assert.False(await store.HasHeldLeadsAsync(CancellationToken.None));
        }

        await using var check = new SqliteConnection($"Data Source={database};Pooling=false");
        await check.OpenAsync();
        Assert.Equal(SqliteHandoffStore.SchemaVersion, await SchemaMigrator.VersionAsync(check, null, CancellationToken.None));
    }
}
