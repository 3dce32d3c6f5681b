using System.Data.Common;
using System.Globalization;
using HandoffRules.Host.Store;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// A book that holds its trace steps back (a simulation's scratch store's) writes none of them until
/// told to, checks the steps it holds against each other as the store would, writes them all in one
/// go when it holds too many, and from then on writes each step as it meets it; a rolled-back write
/// of the held steps leaves them held.
/// </summary>
public sealed class TraceStepBookTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    // The transaction open on the connection, which every command joins.
    private SqliteTransaction? _transaction;

    public TraceStepBookTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE trace_steps (id INTEGER PRIMARY KEY, step TEXT NOT NULL)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void Held_steps_are_written_together_once_too_many_are_held_and_each_step_after_that_as_it_is_met()
    {
        var book = new TraceStepBook("$", "$");
        book.HoldBack(atMost: 4);
        var first = Trace("first.example", "second.example", "third.example");

        // Met once, a step stays in its trace; met again, it is held, not written.
        var inline = book.Compact(first, Query, Stored);
        var again = book.Compact(first, Query, Stored);
        book.Committed();
        Assert.NotEqual(inline, again);
        Assert.Equal(0L, Count());
        Assert.True(book.HoldsAny);
        Assert.False(book.HoldsTooMany);

        // A different text under a held step's id is caught in memory, as the store would catch it:
        // the trace is kept whole.
        var collides = Collides(first);
        Assert.Equal(collides.Trace, book.Compact(collides, Query, Stored));

        var fourth = Trace("fourth.example");
        book.Compact(fourth, Query, Stored);
        var fourthAgain = book.Compact(fourth, Query, Stored);
        book.Committed();
        Assert.True(book.HoldsTooMany);
        Assert.Equal(0L, Count());

        // Written and rolled back: still held.
        using (_transaction = _connection.BeginTransaction())
        {
            book.WriteHeldBack(Query, Stored);
            _transaction.Rollback();
        }

        _transaction = null;
        book.RolledBack();
        Assert.Equal(0L, Count());

        // The next transaction to commit leaves them held too.
        book.Committed();
        Assert.True(book.HoldsTooMany);

        using (_transaction = _connection.BeginTransaction())
        {
            book.WriteHeldBack(Query, Stored);
            _transaction.Commit();
        }

        _transaction = null;
        book.Committed();
        Assert.False(book.HoldsAny);
        Assert.Equal(4L, Count());
        Assert.Equal(again, book.Compact(first, Query, Stored));
        Assert.Equal(fourthAgain, book.Compact(fourth, Query, Stored));

        // No longer holding: a step met again is written in the transaction that meets it.
        var fifth = Trace("fifth.example");
        book.Compact(fifth, Query, Stored);
        book.Compact(fifth, Query, Stored);
        Assert.Equal(5L, Count());
    }

    // A trace of steps naming domains in no account, one step a domain.
    private static string Trace(params string[] domains) =>
        "[" + string.Join(",", domains.Select(d => $$"""{"stage":"Account","subject":"(none)","result":"Failed","detail":"domain {{d}} is in no account"}""")) + "]";

    // The trace with its first step's text changed and its id kept: what a hash collision would give.
    private static TraceSteps Collides(string trace)
    {
        var steps = CompactTrace.Steps(trace)!;
        var other = CompactTrace.Steps(Trace("another.example"))!;
        return new TraceSteps([other.Step(0).ToString()], [steps.Ids[0]]);
    }

    private DbDataReader Query(string sql, (string Name, object Value)[] values)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteReader();
    }

    private string? Stored(long id)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = "SELECT step FROM trace_steps WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() as string;
    }

    private long Count()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM trace_steps";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
