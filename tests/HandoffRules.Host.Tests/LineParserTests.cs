using System.Text;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Tests.Support;

namespace HandoffRules.Host.Tests;

/// <summary>
/// A line read from its bytes as the file holds them, as it was read from its text: blank lines,
/// dead letters keeping what arrived, and line ends written by Windows.
/// </summary>
public sealed class LineParserTests
{
    [Fact]
    public void A_line_is_blank_exactly_when_its_text_is_white_space()
    {
        // Every character of one and two bytes, and every other one .NET counts as white space: the
        // bytes are looked at for white space that is ASCII and read as text beyond it.
        var characters = Enumerable.Range(0, 0x800)
            .Concat(Enumerable.Range(0x800, 0xF800).Where(c => c is < 0xD800 or > 0xDFFF && char.IsWhiteSpace((char)c)))
            .Concat([0x200B, 0xFEFF, 0x180E, 0x3000])
            .Select(c => (char)c)
            .ToList();
        Assert.Contains(characters, c => c > 0x7FF);

        var misread = characters
            .Select(c => $" {c}\t")
            .Where(line => (Read(line) is CursorWork) != string.IsNullOrWhiteSpace(line))
            .Select(line => $"U+{(int)line[1]:X4}")
            .ToList();

        Assert.Empty(misread);
    }

    [Fact]
    public void A_line_that_cannot_be_read_keeps_the_text_that_arrived()
    {
        const string line = "Zoë's lead 🙂 — not JSON";

        var letter = Assert.IsType<DeadLetterWork>(Read(line));

        Assert.Equal(line, letter.Raw);
        Assert.StartsWith("leads.jsonl line 7: not JSON", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(Read(line), LineParser.Parse(Encoding.UTF8.GetBytes(line), "jsonl", "leads.jsonl", "leads.jsonl@1", 7, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task Lines_that_end_as_Windows_writes_them_are_read_as_the_same_lines()
    {
        var now = DateTimeOffset.UtcNow;
        var leads = Leads.Generated(20, at: now);

        // Each line ends "\r\n", one "\r\r\n"; a line of carriage returns alone is blank, and a
        // line kept as a dead letter is kept without them.
        var lines = leads.Select(l => Leads.Line(l) + "\r").ToList();
        lines[7] += "\r";
        lines.Insert(3, "\r");
        lines.Add("not json\r\r");

        await using var host = await RunningHost.StartAsync(input: lines);
        var counts = await host.WaitForAsync(c => c.Ingested == leads.Count + 1);

        var letter = Assert.Single(await host.Store.GetDeadLettersAsync(CancellationToken.None));
        Assert.Equal("not json", letter.Raw);
        Assert.Equal(leads.Count, counts.Routed + counts.Disqualified + counts.Duplicates);
    }

    private static HandoffWork Read(string line) =>
        LineParser.Parse(line, "jsonl", "leads.jsonl", "leads.jsonl@1", 7, DateTimeOffset.UnixEpoch);
}
