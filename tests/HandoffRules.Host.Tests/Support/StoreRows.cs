using HandoffRules.Host.Store;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests.Support;

/// <summary>Reads rows the store's interface does not expose (refused requests, outbox attempts) straight from its file.</summary>
public static class StoreRows
{
    public sealed record RejectedRequest(string Path, string Reason, long BodyBytes, string BodySha256);

    public sealed record OutboxRow(long Id, string Channel, string Target, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError);

    public static List<RejectedRequest> RejectedRequests(string database) =>
        Read(database, "SELECT path, reason, body_bytes, body_sha256 FROM rejected_requests ORDER BY id",
            r => new RejectedRequest(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3)));

    public static List<OutboxRow> Outbox(string database) =>
        Read(database, "SELECT id, channel, target, attempts, next_attempt_at, delivered_at, last_error FROM outbox ORDER BY id",
            r => new OutboxRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), StoredRows.At(r, 4), StoredRows.AtOrNull(r, 5), r.IsDBNull(6) ? null : r.GetString(6)));

    public static List<string> Columns(string database, string table) =>
        Read(database, $"SELECT name FROM pragma_table_info('{table}')", r => r.GetString(0));

    public static long Count(string database, string table) =>
        Read(database, $"SELECT COUNT(*) FROM {table}", r => r.GetInt64(0))[0];

    /// <summary>The first column of the first row <paramref name="sql"/> reads, or null when it reads none.</summary>
    public static object? Scalar(string database, string sql) =>
        Read(database, sql, r => r.IsDBNull(0) ? null : r.GetValue(0)).FirstOrDefault();

    /// <summary>The database with its write-ahead log: what the disk holds.</summary>
    public static long Bytes(string database) =>
        new[] { database, database + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    private static List<T> Read<T>(string database, string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
