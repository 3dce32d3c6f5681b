using HandoffRules.Host.Store;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// The rows a writer inserts together (a lead's events after its intake event, the alerts a
/// transaction queues): the same rows, in the same order, as when each went in on its own.
/// </summary>
public sealed class PendingRowsTests
{
    [Fact]
    public void Rows_go_in_by_statements_of_at_most_sixteen_in_the_order_they_were_added_each_value_named_by_its_row_and_column()
    {
        var rows = new PendingRows("outbox", ["channel", "body"], "$", "$");
        var full = Enumerable.Range(0, 40).Select(i => rows.Add("slack", $"alert {i}")).ToList();

        // A statement's worth waits from the sixteenth row on: a writer that flushes then never holds more.
        Assert.Equal(15, full.IndexOf(true));

        var statements = new List<(string Sql, (string Name, object Value)[] Values)>();
        rows.Flush((sql, values) => statements.Add((sql, values)));

        Assert.Equal([16, 16, 8], statements.Select(s => s.Values.Length / 2));
        Assert.Equal(
            Enumerable.Range(0, 40).Select(i => $"alert {i}"),
            statements.SelectMany(s => s.Values.Where((_, k) => k % 2 == 1).Select(v => (string)v.Value)));
        Assert.StartsWith("INSERT INTO outbox (channel, body) VALUES ($v0_0, $v0_1), ($v1_0, $v1_1)", statements[2].Sql, StringComparison.Ordinal);
        Assert.Equal(["$v7_0", "$v7_1"], statements[2].Values[^2..].Select(v => v.Name));
        Assert.True(rows.IsEmpty);
    }

    [Fact]
    public void A_row_without_a_value_for_each_column_is_refused_and_a_cleared_row_never_goes_in()
    {
        var rows = new PendingRows("outbox", ["channel", "body"], "@", "");
        Assert.Throws<ArgumentException>(() => rows.Add("slack"));
        rows.Add("slack", "rolled back");
        rows.Clear();
        rows.Add("email", "kept");

        var statements = new List<(string Sql, (string Name, object Value)[] Values)>();
        rows.Flush((sql, values) => statements.Add((sql, values)));

        var only = Assert.Single(statements);
        Assert.Equal("INSERT INTO outbox (channel, body) VALUES (@v0_0, @v0_1)", only.Sql);
        Assert.Equal([("v0_0", (object)"email"), ("v0_1", "kept")], only.Values);
    }
}
