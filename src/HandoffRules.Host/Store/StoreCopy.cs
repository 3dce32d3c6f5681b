using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace HandoffRules.Host.Store;

/// <summary>How many rows of one table the source held and the target holds after a copy.</summary>
/// <param name="Table">The table.</param>
/// <param name="Source">Rows in the SQLite file.</param>
/// <param name="Target">Rows in PostgreSQL after the copy.</param>
public sealed record CopiedTable(string Table, long Source, long Target);

/// <summary>The target of a copy already holds a log: copying would mix two histories.</summary>
public sealed class StoreNotEmptyException(string database, long events) : Exception(
    $"The database {database} already holds an event log ({events} events); copy into an empty database.")
{
}

/// <summary>
/// Copies an SQLite event log into PostgreSQL (<c>handoff migrate</c>): both brought to the same
/// schema version by their own migrations, every table copied row for row with its ids, the id
/// sequences moved past the copied ids, and every table's count checked — all in one PostgreSQL
/// transaction, so a copy that does not verify leaves the target as it was.
/// </summary>
public static class StoreCopy
{
    // In the order that keeps the log readable if anyone looks mid-way; there are no foreign keys.
    private static readonly string[] Tables =
        ["inputs", "events", "leads", "lead_traces", "timers", "dedupe", "cursors", "dead_letters", "outbox", "rejected_requests", "holds", "playbooks", "trace_steps", "event_facts"];

    // Tables whose id comes from a sequence on PostgreSQL.
    private static readonly (string Table, string Column)[] Identities =
        [("events", "seq"), ("dead_letters", "id"), ("outbox", "id"), ("rejected_requests", "id"), ("playbooks", "id"), ("event_facts", "id")];

    // Counters kept in meta; the schema version and the SQLite holder are each store's own.
    private static readonly string[] Counters = ["redeliveries", "rotations", "blank_lines"];

    /// <summary>Copies <paramref name="sqlitePath"/> into the PostgreSQL database <paramref name="postgres"/>.</summary>
    /// <returns>Every table's rows in the source and in the target.</returns>
    /// <exception cref="StoreNotEmptyException">The target already holds events or inputs.</exception>
    /// <exception cref="InvalidOperationException">A table's count differs after the copy (nothing was committed).</exception>
    public static async Task<IReadOnlyList<CopiedTable>> CopyAsync(string sqlitePath, string postgres, CancellationToken cancellation)
    {
        // Opening the SQLite store takes its lock (no host may be writing to it) and upgrades it.
        using var source = new SqliteHandoffStore(sqlitePath, synchronousFull: false);
        await source.InitializeAsync(cancellation);
        using var target = new PostgresHandoffStore(postgres);
        await target.InitializeAsync(cancellation);

        await using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await from.OpenAsync(cancellation);
        await using var to = new NpgsqlConnection(PostgresConnection.Normalize(postgres));
        await to.OpenAsync(cancellation);
        await using var transaction = await to.BeginTransactionAsync(cancellation);

        var existing = await CountAsync(to, "SELECT (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM inputs)", cancellation);
        if (existing > 0)
        {
            throw new StoreNotEmptyException(target.Database, existing);
        }

        var copied = new List<CopiedTable>();
        foreach (var table in Tables)
        {
            var types = await ColumnTypesAsync(to, table, cancellation);
            var columns = await SqliteColumnsAsync(from, table, cancellation);
            await using (var import = await to.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellation))
            {
                await using var read = from.CreateCommand();
                read.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table}";
                await using var reader = await read.ExecuteReaderAsync(cancellation);
                while (await reader.ReadAsync(cancellation))
                {
                    await import.StartRowAsync(cancellation);
                    for (var i = 0; i < columns.Count; i++)
                    {
                        await WriteAsync(import, reader.IsDBNull(i) ? null : reader.GetValue(i), types[columns[i]], cancellation);
                    }
                }

                await import.CompleteAsync(cancellation);
            }

            copied.Add(new CopiedTable(table, await CountAsync(from, $"SELECT COUNT(*) FROM {table}", cancellation), await CountAsync(to, $"SELECT COUNT(*) FROM {table}", cancellation)));
        }

        await CopyDistributionAsync(from, to, cancellation);
        foreach (var counter in Counters)
        {
            await using var read = from.CreateCommand();
            read.CommandText = "SELECT value FROM meta WHERE key = $key";
            read.Parameters.AddWithValue("$key", counter);
            if (await read.ExecuteScalarAsync(cancellation) is string value)
            {
                await using var write = new NpgsqlCommand("INSERT INTO meta (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", to);
                write.Parameters.AddWithValue("key", counter);
                write.Parameters.AddWithValue("value", value);
                await write.ExecuteNonQueryAsync(cancellation);
            }
        }

        // New rows get ids after the copied ones.
        foreach (var (table, column) in Identities)
        {
            await using var bump = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE(MAX({column}), 0) + 1, false) FROM {table}", to);
            await bump.ExecuteNonQueryAsync(cancellation);
        }

        if (copied.FirstOrDefault(c => c.Source != c.Target) is { } wrong)
        {
            throw new InvalidOperationException($"The copy of {wrong.Table} holds {wrong.Target} rows where the source has {wrong.Source}; nothing was committed.");
        }

        await transaction.CommitAsync(cancellation);
        return copied;
    }

    private static async Task CopyDistributionAsync(SqliteConnection from, NpgsqlConnection to, CancellationToken cancellation)
    {
        await using var read = from.CreateCommand();
        read.CommandText = "SELECT snapshot FROM distribution WHERE id = 1";
        if (await read.ExecuteScalarAsync(cancellation) is string snapshot)
        {
            await using var write = new NpgsqlCommand("UPDATE distribution SET snapshot = @snapshot WHERE id = 1", to);
            write.Parameters.AddWithValue("snapshot", snapshot);
            await write.ExecuteNonQueryAsync(cancellation);
        }
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter import, object? value, NpgsqlDbType type, CancellationToken cancellation)
    {
        if (value is null)
        {
            await import.WriteNullAsync(cancellation);
            return;
        }

        switch (type)
        {
            case NpgsqlDbType.Integer:
                await import.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), type, cancellation);
                break;
            case NpgsqlDbType.Bigint:
                await import.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), type, cancellation);
                break;
            case NpgsqlDbType.Bytea:
                await import.WriteAsync((byte[])value, type, cancellation);
                break;
            default:
                await import.WriteAsync(Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text, cancellation);
                break;
        }
    }

    private static async Task<Dictionary<string, NpgsqlDbType>> ColumnTypesAsync(NpgsqlConnection connection, string table, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table", connection);
        command.Parameters.AddWithValue("table", table);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var types = new Dictionary<string, NpgsqlDbType>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellation))
        {
            types[reader.GetString(0)] = reader.GetString(1) switch
            {
                "integer" => NpgsqlDbType.Integer,
                "bigint" => NpgsqlDbType.Bigint,
                "bytea" => NpgsqlDbType.Bytea,
                _ => NpgsqlDbType.Text,
            };
        }

        return types;
    }

    private static async Task<List<string>> SqliteColumnsAsync(SqliteConnection connection, string table, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var columns = new List<string>();
        while (await reader.ReadAsync(cancellation))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static async Task<long> CountAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation), CultureInfo.InvariantCulture);
    }
}
