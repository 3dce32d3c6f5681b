using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests.Support;

/// <summary>Logs of other schema versions, made from one written now, for the commands that only read logs.</summary>
public static class SchemaBefore
{
    /// <summary>
    /// Turns a log written now into the one a host of version 7 wrote with the same
    /// events: each event's lead facts back in its data, no <c>event_facts</c>, and every time
    /// column ISO-8601 text rather than ticks (as before version 10).
    /// </summary>
    /// <returns>The events whose facts went back into their data.</returns>
    public static async Task<int> ToVersion7Async(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE events SET data = (SELECT '{' || f.facts || CASE WHEN events.data = '{}' THEN '}' ELSE ',' || substr(events.data, 2) END
                                      FROM event_facts f WHERE f.id = events.facts_id)
            WHERE facts_id IS NOT NULL;
            ALTER TABLE events DROP COLUMN facts_id;
            DROP TABLE event_facts;
            UPDATE meta SET value = '7' WHERE key = 'schema_version';
            """ + string.Concat(TimeColumns.Select(c => $"UPDATE {c.Table} SET {c.Column} = {Text(c.Column)} WHERE {c.Column} IS NOT NULL;\n"));
        return await command.ExecuteNonQueryAsync();
    }

    private static readonly (string Table, string Column)[] TimeColumns =
    [
        ("events", "at"), ("leads", "arrived_at"), ("leads", "updated_at"), ("timers", "started_at"), ("timers", "due_at"), ("timers", "settled_at"),
        ("dedupe", "at"), ("inputs", "received_at"), ("outbox", "created_at"), ("outbox", "next_attempt_at"), ("outbox", "delivered_at"),
        ("holds", "held_at"), ("holds", "hold_until"), ("holds", "ended_at"), ("playbooks", "first_started_at"), ("playbooks", "last_started_at"),
    ];

    // Ticks as the text hosts wrote before version 10: "2026-11-02T09:15:00.0000000Z".
    private static string Text(string ticks) =>
        $"strftime('%Y-%m-%dT%H:%M:%S', {ticks} / 10000000 - 62135596800, 'unixepoch') || '.' || printf('%07d', {ticks} % 10000000) || 'Z'";

    /// <summary>Marks the log as written at <paramref name="version"/>, whatever its tables.</summary>
    public static async Task MarkAsync(string database, int version)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE meta SET value = '{version}' WHERE key = 'schema_version'";
        await command.ExecuteNonQueryAsync();
    }
}
