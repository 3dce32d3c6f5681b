using System.Text;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;

namespace HandoffRules.Host.Tests;

/// <summary>
/// A followed or resumed input file that is rotated — renamed away and re-created, or truncated in
/// place — is read again from the start of the new file, and the rotation is recorded; no lead is lost.
/// </summary>
public sealed class InputRotationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-rotation-").FullName;
    private readonly List<string> _lines = [.. Leads.Generated(90, at: DateTimeOffset.UtcNow).Select(Leads.Line)];

    private string File => Path.Combine(_folder, "leads.jsonl");

    private Dictionary<string, string?> Settings(bool follow) => new()
    {
        ["Handoff:Input"] = File,
        ["Handoff:Follow"] = follow ? "true" : "false",
        ["Handoff:Database"] = Path.Combine(_folder, "handoff.db"),
    };

    public void Dispose() => new DeleteOnDispose(_folder).Dispose();

    [Fact]
    public async Task A_followed_file_truncated_in_place_is_read_again_from_its_start()
    {
        Leads.Write(File, _lines.Take(60));
        await using var host = await RunningHost.StartAsync(settings: Settings(follow: true));
        await host.WaitForAsync(c => c.Ingested == 60);

        // copytruncate: the content is copied away, the file cut to nothing, and the writer goes on.
        System.IO.File.Copy(File, File + ".1");
        await using (var truncate = new FileStream(File, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            truncate.SetLength(0);
        }

        await host.WaitForAsync(c => c.Rotations == 1);
        System.IO.File.AppendAllText(File, string.Join('\n', _lines.Skip(60)) + "\n");

        var counts = await host.WaitForAsync(c => c.Ingested == 90);
        Assert.Equal(0, counts.DeadLettered);
        Assert.Equal(0, counts.Redeliveries);
        await AssertRotationRecordedAsync(host, "truncated in place");
    }

    [Fact]
    public async Task A_followed_file_renamed_away_and_recreated_is_read_from_the_new_files_start()
    {
        Leads.Write(File, _lines.Take(60));
        await using var host = await RunningHost.StartAsync(settings: Settings(follow: true));
        await host.WaitForAsync(c => c.Ingested == 60);

        System.IO.File.Move(File, File + ".1");
        Leads.Write(File, _lines.Skip(60));

        var counts = await host.WaitForAsync(c => c.Ingested == 90);
        Assert.Equal(1, counts.Rotations);
        Assert.Equal(0, counts.DeadLettered);
        await AssertRotationRecordedAsync(host, "renamed away");
    }

    [Fact]
    public async Task A_file_rotated_while_the_host_was_down_is_read_from_its_start_after_a_restart()
    {
        Leads.Write(File, _lines.Take(60));
        await using (var first = await RunningHost.StartAsync(settings: Settings(follow: false)))
        {
            await first.WaitForAsync(c => c.Ingested == 60);
        }

        // A shorter new file under the old name: the old cursor (line 60) lies past its end.
        System.IO.File.Move(File, File + ".1");
        Leads.Write(File, _lines.Skip(60));

        await using var second = await RunningHost.StartAsync(settings: Settings(follow: false));
        var counts = await second.WaitForAsync(c => c.Ingested == 90);
        Assert.Equal(1, counts.Rotations);
        Assert.Equal(0, counts.Redeliveries);
    }

    [Fact]
    public async Task Bad_lines_of_two_files_with_the_same_name_are_both_kept()
    {
        // The second file's bad line is at the same line number of a file with the same name.
        var other = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;
        Leads.Write(File, ["not json"]);
        Leads.Write(Path.Combine(other, "leads.jsonl"), ["not json either"]);
        await using (var first = await RunningHost.StartAsync(settings: Settings(follow: false)))
        {
            await first.WaitForAsync(c => c.DeadLettered == 1);
        }

        var settings = Settings(follow: false);
        settings["Handoff:Input"] = Path.Combine(other, "leads.jsonl");
        await using var second = await RunningHost.StartAsync(settings: settings);
        var counts = await second.WaitForAsync(c => c.DeadLettered + c.Redeliveries == 2);
        Assert.Equal(2, counts.DeadLettered);
    }

    [Fact]
    public async Task A_byte_order_mark_does_not_cost_the_first_line()
    {
        System.IO.File.WriteAllText(File, string.Join('\n', _lines.Take(5)) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var host = await RunningHost.StartAsync(settings: Settings(follow: false));

        var counts = await host.WaitForAsync(c => c.Ingested == 5);
        Assert.Equal(0, counts.DeadLettered);
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_line_is_a_dead_letter_naming_the_byte_not_a_silent_replacement()
    {
        var good = Encoding.UTF8.GetBytes(_lines[0] + "\n");
        var bad = Encoding.UTF8.GetBytes("""{"id":"U1","company":"Caf""").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}\n")).ToArray();
        System.IO.File.WriteAllBytes(File, [.. good, .. bad]);
        await using var host = await RunningHost.StartAsync(settings: Settings(follow: false));

        var counts = await host.WaitForAsync(c => c.Ingested == 2);
        Assert.Equal(1, counts.DeadLettered);
        var letter = Assert.Single(await host.Store.GetDeadLettersAsync(CancellationToken.None));
        Assert.Equal("leads.jsonl line 2: not valid UTF-8 (byte 26 of the line)", letter.Reason);
        Assert.Null(await host.Store.GetLeadAsync("U1", CancellationToken.None));
    }

    private static async Task AssertRotationRecordedAsync(RunningHost host, string why)
    {
        var rotation = Assert.Single(await host.Store.GetEventsAsync("", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.InputRotated);
        Assert.Equal("leads.jsonl", rotation.Data["input"]!.GetValue<string>());
        Assert.Contains(why, rotation.Data["why"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(60, rotation.Data["lines_read"]!.GetValue<long>());
    }
}
