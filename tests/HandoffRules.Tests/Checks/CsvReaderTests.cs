using HandoffRules.Checks;

namespace HandoffRules.Tests.Checks;

/// <summary>The RFC 4180 reader the DSL, the analyzers and the validator share.</summary>
public sealed class CsvReaderTests
{
    [Fact]
    public void Quoted_fields_hold_commas_doubled_quotes_and_line_breaks()
    {
        var records = CsvReader.Read("a.csv", "name,note\r\n\"Globex, Inc.\",\"said \"\"hi\"\"\"\r\n\"two\nlines\",x\r\n");

        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Null(r.Problem));
        Assert.Equal(["Globex, Inc.", "said \"hi\""], records[1].Fields.Select(f => f.Value));
        Assert.Equal(["two\nlines", "x"], records[2].Fields.Select(f => f.Value));
        Assert.Equal((3, 1), (records[2].Span.Line, records[2].Span.Column));
    }

    [Fact]
    public void Fields_are_placed_at_their_line_and_column_with_lf_cr_or_crlf_line_ends_and_a_byte_order_mark()
    {
        var records = CsvReader.Read("a.csv", "\uFEFFa,bb\n\nc,dd\rx,\r\n");

        Assert.Equal(3, records.Count);
        Assert.Equal((1, 3), (records[0].Fields[1].Span.Line, records[0].Fields[1].Span.Column));
        Assert.Equal((3, 3, "dd"), (records[1].Fields[1].Span.Line, records[1].Fields[1].Span.Column, records[1].Fields[1].Value));
        Assert.Equal(["x", ""], records[2].Fields.Select(f => f.Value));
        Assert.Equal("a.csv(3,3)", records[1].Fields[1].Span.ToString());
    }

    [Theory]
    [InlineData("a,b\nx,\"open\n", 2, 3, "never closed")]
    [InlineData("a,b\nx,ab\"c\n", 2, 5, "a quote inside an unquoted field")]
    [InlineData("a,b\nx,\"ab\"c\n", 2, 7, "text follows a closing quote")]
    public void A_record_that_breaks_the_syntax_is_reported_where_it_breaks_and_reading_goes_on(string text, int line, int column, string problem)
    {
        var records = CsvReader.Read("a.csv", text + "y,z\n");

        var broken = records[1];
        Assert.Contains(problem, broken.Problem, StringComparison.Ordinal);
        Assert.Equal((line, column), (broken.ProblemSpan!.Line, broken.ProblemSpan.Column));
        if (!problem.Contains("never closed", StringComparison.Ordinal))
        {
            Assert.Equal(["y", "z"], records[2].Fields.Select(f => f.Value));
        }
    }
}
