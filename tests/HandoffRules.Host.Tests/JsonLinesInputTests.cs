using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;

namespace HandoffRules.Host.Tests;

/// <summary>A JSON-lines stream of leads, SDR events and bad lines: every line accounted for.</summary>
public sealed class JsonLinesInputTests
{
    [Fact]
    public async Task Every_line_ends_routed_disqualified_duplicate_applied_or_dead_lettered_with_a_reason()
    {
        var now = DateTimeOffset.UtcNow;
        var leads = Leads.Generated(300, at: now);
        var routable = Leads.DemoRequest("D1", now);
        var lines = leads.Select(Leads.Line).ToList();
        lines.AddRange(
        [
            Leads.Line(routable),
            """{"kind":"sdr_action","id":"a1","lead_id":"D1","action":"touch","member":"olivia.bennett"}""",
            """{"kind":"sdr_action","id":"a2","lead_id":"D1","action":"accept"}""",
            """{"kind":"sdr_action","id":"a3","lead_id":"D1","action":"reject","reason":"SPAMMY"}""",
            """{"kind":"sdr_action","id":"a4","lead_id":"L999999","action":"touch"}""",
            """{"kind":"sdr_action","id":"a5","lead_id":"D1","action":"archive"}""",
            """{"kind":"sdr_action","id":"a6","action":"touch"}""",
            "this is not json",
            """{"id":"X1","score":"high"}""",
            """{"id":"X2","event":{"type":"webinar_attended"}}""",
            """{"email":"no.id@example.com"}""",
            """{"kind":"webinar","id":"X3"}""",
            "[1,2,3]",
            "",
            "{\"id\":\"X4\",\"company\":\"" + new string('x', 3000) + "\"}",
            Leads.Line(leads[0]),
        ]);
        var nonBlank = lines.Count(l => l.Length > 0);

        await using var host = await RunningHost.StartAsync(settings: new Dictionary<string, string?> { ["Handoff:MaxLineBytes"] = "2048" }, input: lines);

        var counts = await host.WaitForAsync(c => c.Ingested + c.ActionsApplied + c.Redeliveries == nonBlank);

        Assert.Equal(2, counts.ActionsApplied);
        Assert.Equal(1, counts.Redeliveries);
        Assert.True(301 == counts.Routed + counts.Disqualified + counts.Duplicates, counts + " | " + string.Join("; ", (await host.Store.GetDeadLettersAsync(CancellationToken.None)).Select(d => d.Reason)));
        var reasons = (await host.Store.GetDeadLettersAsync(CancellationToken.None)).Select(d => d.Reason).ToList();
        Assert.Equal(11, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("'SPAMMY' is not a reject reason of the playbook", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("there is no lead 'L999999'", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("action 'archive' is not one of", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("lead_id is missing", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("leads.jsonl line 308: not JSON", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("field 'score' has the wrong type", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("event.type: 'webinar_attended' is not an event type", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("id: is missing", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("kind 'webinar' is not lead, sdr_action or availability", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("a line must be a JSON object", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("bytes, longer than 2,048; the first", StringComparison.Ordinal));
        Assert.All(await host.Store.GetDeadLettersAsync(CancellationToken.None), d => Assert.False(string.IsNullOrEmpty(d.Raw)));

        var d1 = await host.Store.GetLeadAsync("D1", CancellationToken.None);
        Assert.Equal("Accepted", d1!.Status);

        // The reconciliation: every line read, blank ones included, is counted once by its outcome.
        counts = await host.WaitForAsync(c => c.Received == lines.Count);
        Assert.Equal(1, counts.BlankLines);
        Assert.Equal(lines.Count, counts.Routed + counts.Disqualified + counts.Duplicates + counts.DeadLettered + counts.ActionsApplied + counts.Redeliveries + counts.BlankLines);
    }

    [Fact]
    public async Task A_restarted_host_goes_on_from_the_last_committed_line()
    {
        var lines = Leads.Generated(200, at: DateTimeOffset.UtcNow).Select(Leads.Line).ToList();
        var folder = Directory.CreateTempSubdirectory("handoff-restart-").FullName;
        using var cleanup = new DeleteOnDispose(folder);
        var file = Path.Combine(folder, "leads.jsonl");
        Leads.Write(file, lines.Take(120));
        var settings = new Dictionary<string, string?> { ["Handoff:Input"] = file, ["Handoff:Database"] = Path.Combine(folder, "handoff.db") };

        await using (var first = await RunningHost.StartAsync(settings: settings))
        {
            await first.WaitForAsync(c => c.Ingested == 120);
        }

        File.AppendAllText(file, string.Join('\n', lines.Skip(120)) + "\n");
        await using var second = await RunningHost.StartAsync(settings: settings);
        var counts = await second.WaitForAsync(c => c.Ingested == 200);

        Assert.Equal(0, counts.Redeliveries);
        Assert.Equal(200, (await second.Store.GetEventsAsync(null, null, null, CancellationToken.None))
            .Count(e => e.Type is HandoffEventTypes.Routed or HandoffEventTypes.Disqualified or HandoffEventTypes.Duplicate));
    }
}

internal sealed class DeleteOnDispose(string folder) : IDisposable
{
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
