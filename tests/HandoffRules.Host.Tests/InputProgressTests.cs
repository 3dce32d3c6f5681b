using System.Text.RegularExpressions;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HandoffRules.Host.Tests;

/// <summary>A file replayed for minutes says how far it is committed as it goes, not only at its start and end.</summary>
public sealed partial class InputProgressTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-progress-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_file_is_said_committed_at_most_once_an_interval_with_its_share_and_its_rate()
    {
        var file = Path.Combine(_folder, "leads.jsonl");
        File.WriteAllBytes(file, new byte[1000]);
        var clock = new FakeTimeProvider();
        var logger = new FakeLogger();
        var progress = new InputProgress(clock, TimeSpan.FromSeconds(10), logger);
        InputCursor At(long position, long line) => new(file, position, line);

        // The first commit of each input starts its clock; one within the interval says nothing.
        progress.Committed([At(100, 10), new InputCursor("-", 0, 7)]);
        clock.Advance(TimeSpan.FromSeconds(4));
        progress.Committed([At(300, 30)]);
        clock.Advance(TimeSpan.FromSeconds(6));
        progress.Committed([At(500, 50), new InputCursor("-", 0, 57)]);
        clock.Advance(TimeSpan.FromSeconds(20));
        progress.Committed([At(1000, 110)]);

        // Read again from its start (rotated): its clock starts again.
        clock.Advance(TimeSpan.FromSeconds(30));
        progress.Committed([At(50, 5)]);

        Assert.Equal(
            [
                "Committed leads.jsonl up to line 50 (50% of the file), 4 lines a second since the last",
                "Committed stdin up to line 57, 5 lines a second since the last",
                "Committed leads.jsonl up to line 110 (100% of the file), 3 lines a second since the last",
            ],
            logger.Collector.GetSnapshot().Select(r => r.Message));
    }

    [Fact]
    public void A_zero_interval_says_nothing()
    {
        var clock = new FakeTimeProvider();
        var logger = new FakeLogger();
        var progress = new InputProgress(clock, TimeSpan.Zero, logger);

        progress.Committed([new InputCursor("-", 0, 1)]);
        clock.Advance(TimeSpan.FromMinutes(1));
        progress.Committed([new InputCursor("-", 0, 100)]);

        Assert.Empty(logger.Collector.GetSnapshot());
    }

    [Fact]
    public async Task A_host_reading_a_file_says_how_far_its_commits_have_got()
    {
        var lines = Leads.Generated(600, at: DateTimeOffset.UtcNow).Select(Leads.Line).ToList();
        await using var host = await RunningHost.StartAsync(
            input: lines,
            settings: new Dictionary<string, string?> { ["Handoff:BatchSize"] = "50", ["Handoff:ProgressInterval"] = "00:00:00.001" });
        await host.WaitForAsync(c => c.Ingested == 600);

        // A commit of 50 leads takes longer than the interval: every commit after the first says so.
        var said = host.Logs.Select(line => Committed().Match(line)).Where(m => m.Success).ToList();
        Assert.NotEmpty(said);
        var committed = said.Select(m => int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(committed.Order(), committed);
        Assert.All(committed, line => Assert.InRange(line, 51, 600));
        Assert.All(said, m => Assert.InRange(int.Parse(m.Groups["share"].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 100));
    }

    [GeneratedRegex(@"\[1005\] Committed leads\.jsonl up to line (?<line>\d+) \((?<share>\d+)% of the file\), \d+ lines a second since the last")]
    private static partial Regex Committed();
}
