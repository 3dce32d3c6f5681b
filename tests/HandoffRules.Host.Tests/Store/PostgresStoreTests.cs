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

    [SkippableFact]
    public async Task The_hosts_last_write_to_a_HubSpot_contact_is_read_from_that_contacts_write_backs_not_through_the_outbox()
    {
        // Checked on the plan, over an outbox of 30,000 alerts and write-backs to 10,000 contacts with
        // its statistics gathered: by the contact's write-backs, not backwards through every row.
        SkipIfUnavailable();
        await ExecuteAsync("""
            INSERT INTO outbox (channel, target, body, lead_id, created_at, next_attempt_at, delivered_at)
            SELECT CASE WHEN i % 3 = 0 THEN 'hubspot' ELSE 'slack' END,
                   CASE WHEN i % 3 = 0 THEN 'C' || (i / 3) ELSE '#sdr-leads' END,
                   CASE WHEN i % 3 = 0 THEN '{"properties":{"hs_lead_status":"IN_PROGRESS"},"owner":"sam.patel"}' ELSE 'a new lead for you' END,
                   'L' || i, i, i, i
            FROM generate_series(1, 30000) AS i;
            ANALYZE outbox;
            """);

        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + PostgresHandoffStore.LastHubSpotWriteSql, connection);
        explain.Parameters.AddWithValue("target", "C512");
        explain.Parameters.AddWithValue("path", new[] { "properties", "hs_lead_status" });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, step => step.Contains("using outbox_hubspot_by_target on outbox", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("Seq Scan", StringComparison.Ordinal) || step.Contains("outbox_pkey", StringComparison.Ordinal));
    }

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
