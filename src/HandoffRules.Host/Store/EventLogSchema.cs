using System.Data.Common;
using System.Globalization;

namespace HandoffRules.Host.Store;

/// <summary>
/// Which event logs a command that only reads them takes (<c>report</c>, <c>plan</c> and
/// <c>coverage --history</c>, <c>suggest</c>, <c>simulate --team-from</c>), checked the same way by
/// each: the schema this version writes, and the ones before it back to <see cref="OldestRead"/> as
/// they are, since the command is often upgraded before the host that writes the log (version 9
/// changed only the leads' rows, which these commands do not read, and an index, version 16 where
/// the leads' traces are kept, and version 17 an index of the outbox's HubSpot write-backs; version
/// 10 the time columns' form, which
/// <see cref="StoredRows.At(System.Data.Common.DbDataReader, int)"/> reads either way and <see cref="StoredRows.At(DateTimeOffset, int)"/> binds as the log keeps it). Anything else is
/// refused with what to do, before a query fails on a table or column that log does not have.
/// </summary>
public static class EventLogSchema
{
    /// <summary>The oldest schema read as it is: version 7, whose events keep their lead's facts in their data.</summary>
    public const int OldestRead = 7;

    /// <summary>The schema from which a lead's facts are kept once, in <c>event_facts</c>, and events name them by <c>facts_id</c>.</summary>
    public const int FactsKeptOnce = 8;

    /// <summary>The newest schema this version reads: the one it writes.</summary>
    public static int Newest => SqliteHandoffStore.SchemaVersion;

    /// <summary>The log's schema version, once checked to be one this version reads.</summary>
    /// <param name="connection">An open connection to the log (SQLite or PostgreSQL).</param>
    /// <param name="name">The log as messages name it: a file name, or a PostgreSQL database without its password.</param>
    /// <exception cref="InvalidDataException">The log is older than <see cref="OldestRead"/> or newer than <see cref="Newest"/>; the message says which version to use.</exception>
    public static int Check(DbConnection connection, string name)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = VersionSql;
        return Check(command.ExecuteScalar() is string text ? int.Parse(text, CultureInfo.InvariantCulture) : 0, name);
    }

    /// <summary>The query of a log's schema version: one row of text, or none before there was a version.</summary>
    internal const string VersionSql = "SELECT value FROM meta WHERE key = 'schema_version'";

    /// <summary><paramref name="version"/>, once checked to be one this version reads (see <see cref="Check(DbConnection, string)"/>).</summary>
    internal static int Check(int version, string name)
    {
        if (version > Newest)
        {
            throw new InvalidDataException(
                $"{name} is an event log at schema version {version}, newer than this version of handoff reads ({Newest}): a newer version wrote it. Read it with that version.");
        }

        if (version < OldestRead)
        {
            throw new InvalidDataException(
                $"{name} is an event log at schema version {version}, older than this version of handoff reads ({OldestRead} to {Newest}). " +
                $"Start this version's host on it once ('handoff run --db {name}'), or on a copy of it: the host upgrades the log as it starts.");
        }

        return version;
    }

    /// <summary>The columns <see cref="StoredRows.ReadEvent"/> reads, for a log at <paramref name="version"/>.</summary>
    public static string EventColumns(int version) => StoredRows.EventColumnsBeforeFacts + ", " + FactsColumn(version, "");

    /// <summary>
    /// The facts of the lead an event opens with, as a column of a query on <c>events</c> (aliased
    /// <paramref name="alias"/>, e.g. <c>"a."</c>): kept apart from schema version 8, NULL before it,
    /// where each event's data holds them itself.
    /// </summary>
    public static string FactsColumn(int version, string alias) =>
        version >= FactsKeptOnce ? $"(SELECT f.facts FROM event_facts f WHERE f.id = {alias}facts_id)" : "NULL";
}
