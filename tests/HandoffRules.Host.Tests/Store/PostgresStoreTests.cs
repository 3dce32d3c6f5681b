using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Model;
using Npgsql;

namespace HandoffRules.Host.Tests.Store;

/// <summary>The store contract on a database of a throwaway PostgreSQL cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresServer server) : HandoffStoreContract
{
    private string _connection = "";

    protected override void SkipIfUnavailable() => server.SkipIfUnavailable();

    protected override string Schema => "Postgres";

    protected override async Task<IHandoffStore> CreateStoreAsync()
    {
        _connection = await server.CreateDatabaseAsync();
        return new PostgresHandoffStore(_connection, durableCommits: false);
    }

    protected override IHandoffStore Reopen(PlaybookVersion? playbook = null) => new PostgresHandoffStore(_connection, durableCommits: false, playbook: playbook);

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
