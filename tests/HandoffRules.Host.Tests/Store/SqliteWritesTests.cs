using HandoffRules.Host.Store;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// The writer's statements run through SQLite's own calls store what ADO.NET stores, fail as it
/// fails, and leave to it what they do not run.
/// </summary>
public sealed class SqliteWritesTests : IDisposable
{
    private const string Insert = "INSERT INTO t (id, a, b, c, d, e, f, g) VALUES ($id, $a, $b, $c, $d, $e, $f, $g)";

    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly SqliteWrites _writes;

    public SqliteWritesTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c, d, e, f, g)";
        create.ExecuteNonQuery();
        _writes = new SqliteWrites(_connection);
    }

    public void Dispose()
    {
        _writes.Dispose();
        _connection.Dispose();
    }

    [Fact]
    public void Every_type_the_writer_binds_is_stored_as_ADO_NET_stores_it()
    {
        (string, object)[] Values(long id) =>
            [("$id", id), ("$a", "Zoë \"O'Brien\" 🚀"), ("$b", 42L), ("$c", 7), ("$d", true), ("$e", 0.25), ("$f", DBNull.Value), ("$g", new byte[] { 0, 1, 255 })];

        Assert.True(_writes.TryExecute(Insert, Values(1)));
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = Insert;
            foreach (var (name, value) in Values(2))
            {
                command.Parameters.AddWithValue(name, value);
            }

            command.ExecuteNonQuery();
        }

        // And again on the prepared statement, with other values: nothing of the first run is kept.
        Assert.True(_writes.TryExecute(Insert, [("$id", 3L), ("$a", null!), ("$b", -1L), ("$c", 0), ("$d", false), ("$e", 1e300), ("$f", "x"), ("$g", Array.Empty<byte>())]));

        Assert.Equal(Row(2), Row(1));
        Assert.Equal(["null", "integer", "integer", "integer", "real", "text", "blob"], Types(3));
    }

    [Fact]
    public void An_empty_text_or_blob_is_stored_empty_not_null()
    {
        // SQLite binds a value without a pointer as NULL: an empty value still needs one.
        Assert.True(_writes.TryExecute(Insert, [("$id", 1L), ("$a", ""), ("$b", Array.Empty<byte>()), ("$c", "x"), ("$d", new byte[] { 1 }), ("$e", ""), ("$f", ""), ("$g", Array.Empty<byte>())]));

        Assert.Equal(["text", "blob", "text", "blob", "text", "text", "blob"], Types(1));
        Assert.Equal(["''", "X''", "'x'", "X'01'", "''", "''", "X''"], Row(1));
    }

    [Fact]
    public void A_text_of_several_statements_or_with_a_parameter_no_value_names_is_left_to_ADO_NET_unrun()
    {
        Assert.False(_writes.TryExecute("INSERT INTO t (id) VALUES ($id); INSERT INTO t (id) VALUES (99)", [("$id", 5L)]));
        Assert.False(_writes.TryExecute("INSERT INTO t (id, a) VALUES ($id, $a)", [("$id", 6L)]));
        Assert.Equal(0L, Count());
    }

    [Fact]
    public void A_broken_constraint_fails_as_it_does_through_ADO_NET_and_the_statement_runs_again()
    {
        Assert.True(_writes.TryExecute("INSERT INTO t (id) VALUES ($id)", [("$id", 1L)]));
        var error = Assert.Throws<SqliteException>(() => _writes.TryExecute("INSERT INTO t (id) VALUES ($id)", [("$id", 1L)]));
        Assert.Equal(19, error.SqliteErrorCode);
        Assert.Contains("UNIQUE constraint failed: t.id", error.Message, StringComparison.Ordinal);

        Assert.True(_writes.TryExecute("INSERT INTO t (id) VALUES ($id)", [("$id", 2L)]));
        Assert.Equal(2L, Count());
    }

    private string[] Row(long id) => Read($"SELECT quote(a), quote(b), quote(c), quote(d), quote(e), quote(f), quote(g) FROM t WHERE id = {id}");

    private string[] Types(long id) => Read($"SELECT typeof(a), typeof(b), typeof(c), typeof(d), typeof(e), typeof(f), typeof(g) FROM t WHERE id = {id}");

    private long Count()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM t";
        return (long)command.ExecuteScalar()!;
    }

    private string[] Read(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
    }
}
