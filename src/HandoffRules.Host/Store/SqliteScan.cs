using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HandoffRules.Host.Store;

/// <summary>
/// A long read of a SQLite file on a connection of its own, one snapshot for all its queries, each
/// row's columns read with SQLite's own calls made directly. A pass over the whole event log (the
/// report) makes some ten calls a row; made through the provider every call takes the statement's
/// handle reference and the connection's mutex, which cost as much again as SQLite's own work
/// (docs/benchmarks.md; see <see cref="SqliteNative"/>). The connection is opened without SQLite's
/// mutex: one thread uses it.
/// </summary>
internal sealed class SqliteScan : IDisposable
{
    private readonly sqlite3 _database;

    private SqliteScan(sqlite3 database) => _database = database;

    /// <summary>Opens the file for a scan; its queries read one snapshot, taken at the first.</summary>
    /// <param name="path">The database file, which must exist.</param>
    public static SqliteScan Open(string path)
    {
        // The provider opens the library and picks its SQLite on first use.
        Batteries_V2.Init();
        var result = raw.sqlite3_open_v2(path, out var database, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX, null);
        var scan = new SqliteScan(database);
        try
        {
            SqliteException.ThrowExceptionForRC(result, database);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_busy_timeout(database, 30_000), database);
            SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(database, "BEGIN"), database);
            return scan;
        }
        catch
        {
            scan.Dispose();
            throw;
        }
    }

    /// <summary>The rows of one query, the texts given bound to its parameters in order.</summary>
    public Rows Query(string sql, params IEnumerable<string> texts)
    {
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_database, sql, out var statement), _database);
        var index = 1;
        foreach (var text in texts)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(statement, index++, text), _database);
        }

        return new Rows(statement, _database);
    }

    /// <summary>Ends the snapshot and closes the connection.</summary>
    public void Dispose() => _database.Dispose();

    /// <summary>The rows of a query, one at a time; a column read is valid until the next <see cref="Read"/>.</summary>
    internal readonly struct Rows : IDisposable
    {
        private readonly sqlite3_stmt _statement;
        private readonly IntPtr _handle;
        private readonly sqlite3 _database;

        public Rows(sqlite3_stmt statement, sqlite3 database) => (_statement, _handle, _database) = (statement, statement.DangerousGetHandle(), database);

        /// <summary>Moves to the next row; false after the last.</summary>
        public bool Read()
        {
            var step = SqliteNative.Step(_handle);
            if (step == raw.SQLITE_ROW)
            {
                return true;
            }

            SqliteException.ThrowExceptionForRC(step == raw.SQLITE_DONE ? raw.SQLITE_OK : step, _database);
            return false;
        }

        public long Int64(int column) => SqliteNative.ColumnInt64(_handle, column);

        public bool IsNull(int column) => SqliteNative.ColumnType(_handle, column) == raw.SQLITE_NULL;

        public bool IsInteger(int column) => SqliteNative.ColumnType(_handle, column) == raw.SQLITE_INTEGER;

        /// <summary>A column's value as SQLite keeps it (a text in UTF-8), in SQLite's buffer.</summary>
        public unsafe ReadOnlySpan<byte> Bytes(int column)
        {
            // The pointer first, then its length: SQLite's order for a value it may convert.
            var bytes = SqliteNative.ColumnBlob(_handle, column);
            return bytes is null ? [] : new ReadOnlySpan<byte>(bytes, SqliteNative.ColumnBytes(_handle, column));
        }

        public string Text(int column) => Encoding.UTF8.GetString(Bytes(column));

        // The statement's handle is kept here until now, so it is not finalised while its pointer is in use.
        public void Dispose() => _statement.Dispose();
    }
}
