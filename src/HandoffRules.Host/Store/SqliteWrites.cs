using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HandoffRules.Host.Store;

/// <summary>
/// The SQLite writer's statements that run for their effect only — a lead's row, its events, its
/// keys, timers and alerts, most of what a lead costs to keep — prepared once on the writer's
/// connection and run through SQLite's own calls, each value bound at the position its name was
/// found at when the statement was prepared. ADO.NET's command looks every parameter up by name on
/// every run and wraps each call; that was about a tenth of the writer's time. The calls are made on
/// the statement's pointer (<see cref="SqliteNative"/>). Reads, and a text of several statements,
/// stay with ADO.NET (<see cref="TryExecute"/> says so).
/// </summary>
/// <param name="connection">The writer's open connection; its transactions are begun and ended through ADO.NET as before.</param>
internal sealed class SqliteWrites(SqliteConnection connection) : IDisposable
{
    // Null: a text this does not run.
    private readonly StatementTexts<Prepared?> _statements = new();

    /// <summary>
    /// Runs the statement with these values, or returns false without running it when the text is not
    /// one statement whose every parameter the values name (ADO.NET then runs it, and refuses it as it would).
    /// </summary>
    /// <exception cref="SqliteException">SQLite refused the statement or a value (a full disk, a broken constraint).</exception>
    public bool TryExecute(string sql, (string Name, object Value)[] values)
    {
        var prepared = _statements.Get(sql, (connection, values), static (text, made) => Prepare(made.connection, text, made.values));
        if (prepared is null || !prepared.Names(values))
        {
            return false;
        }

        var database = connection.Handle!;
        var statement = prepared.Handle;
        try
        {
            // Every parameter is bound on every run (Names says the values name them all), so what
            // the last run bound needs no clearing.
            for (var i = 0; i < values.Length; i++)
            {
                Check(Bind(statement, prepared.Positions[i], values[i].Value), database);
            }

            int step;
            while ((step = SqliteNative.Step(statement)) == raw.SQLITE_ROW)
            {
                // RETURNING rows nobody asked for: stepped through, as ExecuteNonQuery does.
            }

            Check(step == raw.SQLITE_DONE ? raw.SQLITE_OK : step, database);
        }
        finally
        {
            // Its code repeats the step's, already checked (or the failure being thrown).
            _ = SqliteNative.Reset(statement);
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var prepared in _statements.Values)
        {
            prepared?.Statement.Dispose();
        }

        _statements.Clear();
    }

    private static Prepared? Prepare(SqliteConnection connection, string sql, (string Name, object Value)[] values)
    {
        var database = connection.Handle!;
        Check(raw.sqlite3_prepare_v3(database, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement, out var tail), database);
        var positions = new int[values.Length];
        var bound = new HashSet<int>();
        for (var i = 0; i < values.Length; i++)
        {
            positions[i] = raw.sqlite3_bind_parameter_index(statement, values[i].Name);
            if (positions[i] > 0)
            {
                bound.Add(positions[i]);
            }
        }

        // Several statements in one text, or a parameter no value names: ADO.NET's to run (and refuse).
        if (!string.IsNullOrWhiteSpace(tail) || bound.Count != raw.sqlite3_bind_parameter_count(statement))
        {
            statement.Dispose();
            return null;
        }

        return new Prepared(statement, Array.ConvertAll(values, v => v.Name), positions);
    }

    // The values' types the writer binds, stored as ADO.NET stores them (a flag as 0 or 1).
    private int Bind(IntPtr statement, int position, object? value) => position == 0 ? raw.SQLITE_OK : value switch
    {
        null or DBNull => SqliteNative.BindNull(statement, position),
        string text => BindText(statement, position, text),
        long number => SqliteNative.BindInt64(statement, position, number),
        int number => SqliteNative.BindInt64(statement, position, number),
        bool flag => SqliteNative.BindInt64(statement, position, flag ? 1 : 0),
        double number => SqliteNative.BindDouble(statement, position, number),
        byte[] bytes => SqliteNative.BindBlob(statement, position, bytes),
        _ => throw new NotSupportedException($"A value of type {value.GetType().Name} is not written by the SQLite writer."),
    };

    // A text bound as UTF-8 from a buffer the writer keeps: SQLite copies it (SQLITE_TRANSIENT), so
    // the buffer serves the next value. Binding the string made a new array for each long text (a
    // lead's input, its decision, an event's data): about 3% of what the week allocated. An
    // unusually long text is encoded on its own, rather than the buffer growing to its size for the
    // writer's lifetime.
    private int BindText(IntPtr statement, int position, string text)
    {
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most > KeptAtMost)
        {
            return SqliteNative.BindText(statement, position, Encoding.UTF8.GetBytes(text));
        }

        if (_utf8.Length < most)
        {
            _utf8 = new byte[Math.Min(KeptAtMost, Math.Max(most, _utf8.Length * 2))];
        }

        var length = Encoding.UTF8.GetBytes(text, _utf8);
        return SqliteNative.BindText(statement, position, _utf8.AsSpan(0, length));
    }

    private const int KeptAtMost = 64 * 1024;
    private byte[] _utf8 = new byte[4096];

    private static void Check(int code, sqlite3 database)
    {
        if (code != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(code, database);
        }
    }

    /// <summary>A prepared statement, and where each of the values its first run named is bound.</summary>
    private sealed class Prepared(sqlite3_stmt statement, string[] names, int[] positions)
    {
        // Disposed with the writer: until then the handle's pointer is the statement's.
        public sqlite3_stmt Statement { get; } = statement;

        public IntPtr Handle { get; } = statement.DangerousGetHandle();

        public int[] Positions { get; } = positions;

        /// <summary>Whether these values name the parameters in the order they were prepared with.</summary>
        public bool Names((string Name, object Value)[] values)
        {
            if (values.Length != names.Length)
            {
                return false;
            }

            for (var i = 0; i < values.Length; i++)
            {
                if (!ReferenceEquals(values[i].Name, names[i]) && !string.Equals(values[i].Name, names[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
