using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Store;

/// <summary>
/// The index of every event by its lead (<c>events_by_lead</c>) and of the leads by queue and owner
/// (<c>leads_by_queue</c>), which a simulation's scratch store builds once its writer is done rather
/// than row by row. Each commit of a simulated week adds events for leads of the last days, which
/// land on index pages spread over all of them, and moves leads of those days between owners, so
/// every commit wrote a share of each whole index again. Built once at the end (about a second),
/// a 250,000-lead week took a median 37.8 s against 40.6 s, faster in eight pairs of eight, with a
/// fifth less system CPU; the index by queue, which the week never reads (only the API's open load
/// does), was written some 15 times a page (see docs/benchmarks.md). While the writer runs, the
/// week's reads by lead — the owner a lead was taken from, a lead's last property change, the
/// events of no lead — are answered from partial indexes of only the events they ask for, each a
/// small share of the log.
/// </summary>
internal static class ScratchIndexes
{
    /// <summary>Swaps the index for the partial ones, on a scratch store as it opens (a new one: the simulation replaces its file).</summary>
    /// <remarks>
    /// Each partial index's WHERE is written as the reads it serves write theirs: SQLite uses a
    /// partial index only for a query whose WHERE names the same terms.
    /// </remarks>
    internal static void Defer(SqliteConnection connection) =>
        Run(connection, """
            DROP INDEX IF EXISTS events_by_lead;
            DROP INDEX IF EXISTS leads_by_queue;
            CREATE INDEX IF NOT EXISTS events_moved_by_lead ON events (lead_id, seq) WHERE type IN ('lead.reassigned', 'lead.escalated');
            CREATE INDEX IF NOT EXISTS events_property_changes_by_lead ON events (lead_id, seq) WHERE type = 'lead.property_changed';
            CREATE INDEX IF NOT EXISTS events_without_lead ON events (type, seq) WHERE lead_id = '';
            """);

    /// <summary>
    /// Builds the indexes, as schema version 10 makes them, and drops the partial ones: the store is
    /// then as any other at its schema version (a test holds its indexes to a host's store's, text for text).
    /// </summary>
    /// <remarks>
    /// The indexes' entries are sorted in a temporary file, not in memory as the store's other
    /// temporary tables are: in memory the sort would grow the process by about the index's size
    /// (some 130 MB of events by lead for a million-lead week) at the end of the run.
    /// </remarks>
    internal static void Build(SqliteConnection connection) =>
        Run(connection, """
            PRAGMA temp_store = FILE;
            DROP INDEX IF EXISTS events_moved_by_lead;
            DROP INDEX IF EXISTS events_property_changes_by_lead;
            DROP INDEX IF EXISTS events_without_lead;
            CREATE INDEX IF NOT EXISTS events_by_lead ON events (lead_id, seq);
            CREATE INDEX IF NOT EXISTS leads_by_queue ON leads (queue, member);
            """);

    private static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
