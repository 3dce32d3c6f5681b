using HandoffRules.Host.Store;
using HandoffRules.Model;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests.Store;

/// <summary>The store contract on an SQLite file in a temp folder.</summary>
public sealed class SqliteStoreTests : HandoffStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-store-").FullName;

    private string Database => Path.Combine(_folder, "handoff.db");

    protected override Task<IHandoffStore> CreateStoreAsync() => Task.FromResult<IHandoffStore>(new SqliteHandoffStore(Database, synchronousFull: false));

    protected override IHandoffStore Reopen(PlaybookVersion? playbook = null) => new SqliteHandoffStore(Database, synchronousFull: false, playbook);

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
