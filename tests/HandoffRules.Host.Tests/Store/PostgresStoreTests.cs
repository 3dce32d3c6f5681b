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

    [SkippableFact]
    public async Task Writes_wait_for_the_next_read_which_sees_them_and_one_that_fails_fails_its_whole_transaction()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            for (var i = 0; i < 20; i++)
            {
                writer.RecordInput("webhook", $"event:{i}", "lead", "routed", $"L{i}", Monday);
            }

            // The read sends the twenty writes first, in one batch, and sees them.
            Assert.Equal("routed", writer.InputOutcome("webhook", "event:19"));
            writer.Commit();
        }

        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.RecordInput("webhook", "event:20", "lead", "routed", "L20", Monday);
            writer.RecordInput("webhook", "event:1", "lead", "routed", "L1", Monday);
            var error = Assert.Throws<PostgresException>(writer.Commit);
            Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        }

        // Neither write of the failed transaction is kept, the one before the failing write included.
        Assert.Equal(20L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM inputs"), System.Globalization.CultureInfo.InvariantCulture));
    }

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
