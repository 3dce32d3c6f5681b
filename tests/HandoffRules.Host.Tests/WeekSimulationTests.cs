using System.Diagnostics;
using Acme.Rules;
using HandoffRules.Host.Simulation;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;
using HandoffRules.Reporting;
using HandoffRules.Tests.Support;
using HandoffRules.Reporting.Rendering;

namespace HandoffRules.Host.Tests;

/// <summary>A week of the whole loop in simulated time: a real event log, a report, and the same report every time.</summary>
public sealed class WeekSimulationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-week-").FullName;

    private string File(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task A_simulated_week_writes_every_kind_of_event_and_reconciles()
    {
        var result = await WeekSimulation.RunAsync(new AcmePlaybook().Build(), File("week.db"), seed: 3, leads: 1500, days: 7);
        var store = new SqliteHandoffStore(result.Database);
        var counts = await store.CountAsync(CancellationToken.None);
        var events = await store.GetEventsAsync(null, null, null, CancellationToken.None);

        Assert.Equal(result.Leads, counts.Routed + counts.Disqualified + counts.Duplicates + counts.DeadLettered);
        var types = events.Select(e => e.Type).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            HandoffEventTypes.Routed, HandoffEventTypes.Disqualified, HandoffEventTypes.Duplicate, HandoffEventTypes.SlaStarted, HandoffEventTypes.SlaMet,
            HandoffEventTypes.SlaBreached, HandoffEventTypes.Touched, HandoffEventTypes.Accepted, HandoffEventTypes.Rejected, HandoffEventTypes.MeetingBooked,
            HandoffEventTypes.Recycled, HandoffEventTypes.Reassigned, HandoffEventTypes.Escalated, HandoffEventTypes.TaskCreated, HandoffEventTypes.AlertQueued,
        }, types);
        Assert.True(result.Actions > result.Leads / 3, $"{result.Actions} SDR actions");
        // Leads arrive in their own time zone's week, so a few fall just outside the UTC window; nothing else does.
        Assert.All(events, e => Assert.InRange(e.At, result.Start.AddDays(-1), result.End.AddDays(1)));
        Assert.All(events.Where(e => e.At >= result.End), e => Assert.Contains(e.Type, new[] { HandoffEventTypes.Routed, HandoffEventTypes.Disqualified, HandoffEventTypes.Duplicate, HandoffEventTypes.SlaStarted, HandoffEventTypes.TaskCreated, HandoffEventTypes.AlertQueued }));
    }

    [Fact]
    public async Task The_weeks_own_database_keeps_a_log_as_a_hosts_store_does_and_a_host_reads_every_lead_from_it()
    {
        var result = await WeekSimulation.RunAsync(new AcmePlaybook().Build(), File("scratch.db"), seed: 3, leads: 300, days: 7);

        // A write-ahead log, as a host's store keeps, so the writer's reads of what is committed run beside its writes.
        Assert.Equal("wal", JournalMode(result.Database));

        using (var store = new SqliteHandoffStore(result.Database))
        {
            await store.InitializeAsync(CancellationToken.None);
            var counts = await store.CountAsync(CancellationToken.None);
            Assert.Equal(result.Leads, counts.Routed + counts.Disqualified + counts.Duplicates + counts.DeadLettered);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal("wal", JournalMode(result.Database));
    }

    private static string JournalMode(string database)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return (string)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_HubSpot_synced_playbook_records_the_write_backs_it_would_make_and_a_playbook_without_sync_records_none_and_the_same_events()
    {
        var synced = new AcmePlaybook().Build();
        var unsynced = synced with { HubSpot = null };

        var withSync = await WeekSimulation.RunAsync(synced, File("synced.db"), seed: 5, leads: 400, days: 7);
        var withoutSync = await WeekSimulation.RunAsync(unsynced, File("unsynced.db"), seed: 5, leads: 400, days: 7);

        var tally = withSync.HubSpotWriteBacks!;
        var rows = StoreRows.Outbox(withSync.Database).Where(r => r.Channel == "hubspot").ToList();
        Assert.Equal(rows.Count, tally.Total);
        Assert.True(tally.Tasks > 0 && tally.Owners > 0 && tally.Statuses > 0 && tally.Stages > 0 && tally.Reasons > 0, $"{tally.Tasks} tasks, {tally.Reasons} reasons");
        Assert.All(rows, r => Assert.Null(r.DeliveredAt));

        Assert.Null(withoutSync.HubSpotWriteBacks);
        Assert.DoesNotContain(StoreRows.Outbox(withoutSync.Database), r => r.Channel == "hubspot");

        // Recording them moves no decision, event or report figure.
        static async Task<string> Events(string database) => string.Join("\n",
            (await new SqliteHandoffStore(database).GetEventsAsync(null, null, null, CancellationToken.None)).Select(e => $"{e.LeadId} {e.Type} {e.At:O} {e.DataJson}"));
        Assert.Equal(await Events(withoutSync.Database), await Events(withSync.Database));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_report_and_another_seed_another()
    {
        var playbook = new AcmePlaybook().Build();
        async Task<string> Html(string name, int seed)
        {
            var result = await WeekSimulation.RunAsync(playbook, File(name), seed, leads: 800, days: 7);
            var events = await new SqliteHandoffStore(result.Database).GetEventsAsync(null, null, null, CancellationToken.None);
            return HtmlReport.Render(HealthReportBuilder.Build(events, new ReportWindow(result.Start, result.End), playbook));
        }

        var first = await Html("a.db", 7);
        Assert.Equal(first, await Html("b.db", 7));
        Assert.NotEqual(first, await Html("c.db", 8));
    }

    [Fact]
    public async Task A_week_stopped_midway_keeps_every_lead_taken_in_before_the_stop()
    {
        // The simulation commits in large slices; stopping between two slices still keeps what was simulated.
        using var stop = new CancellationTokenSource();
        var database = File("stopped.db");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WeekSimulation.RunAsync(new AcmePlaybook().Build(), database, seed: 3, leads: 1500, days: 7,
            progress: arrived =>
            {
                if (arrived == 300)
                {
                    stop.Cancel();
                }
            },
            cancellationToken: stop.Token));

        var counts = await new SqliteHandoffStore(database).CountAsync(CancellationToken.None);
        Assert.Equal(300, counts.Routed + counts.Disqualified + counts.Duplicates + counts.DeadLettered);
    }

    [Fact]
    public async Task Simulate_for_seven_days_twice_prints_identical_reports_and_writes_identical_files()
    {
        var (exit1, out1, _) = await CliRunner.Run("simulate", "--days", "7", "--seed", "4", "--leads", "600", "--html", File("1.html"), "--csv", File("csv1"));
        var (exit2, out2, _) = await CliRunner.Run("simulate", "--days", "7", "--seed", "4", "--leads", "600", "--html", File("2.html"), "--csv", File("csv2"));

        Assert.Equal((0, 0), (exit1, exit2));
        Assert.Equal(out1.Replace("1.html", "2.html", StringComparison.Ordinal).Replace("csv1", "csv2", StringComparison.Ordinal), out2);
        Assert.Equal(System.IO.File.ReadAllBytes(File("1.html")), System.IO.File.ReadAllBytes(File("2.html")));
        foreach (var csv in Directory.GetFiles(File("csv1")))
        {
            Assert.Equal(System.IO.File.ReadAllBytes(csv), System.IO.File.ReadAllBytes(Path.Combine(File("csv2"), Path.GetFileName(csv))));
        }

        Assert.Contains("Handoff health, 2026-11-02 00:00 → 2026-11-09 00:00 UTC", out1, StringComparison.Ordinal);
        Assert.Contains("time to first touch, wall clock: median", out1, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_reads_a_hosts_database()
    {
        await CliRunner.Run("simulate", "--leads", "400", "--db", File("host.db"));

        var (exit, output, error) = await CliRunner.Run("report", "--db", File("host.db"), "--from", "2026-11-02", "--to", "2026-11-09");

        Assert.True(exit == 0, error);
        Assert.Contains("Top reject reasons", output, StringComparison.Ordinal);
        var missing = await CliRunner.Run("report", "--db", File("nope.db"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no database at", missing.Error, StringComparison.Ordinal);
    }

    /// <summary>The page opens in a real headless browser; the screenshot is kept with the test results.</summary>
    [SkippableFact]
    public async Task The_html_report_renders_in_headless_chromium_and_a_screenshot_is_saved()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(System.IO.File.Exists);
        Skip.If(chromium is null && Environment.GetEnvironmentVariable("CI") != "true", "Chromium is not installed (apt-get install chromium); CI installs it.");
        Assert.True(chromium is not null, "CI must have chromium: .ci/run installs it.");

        await CliRunner.Run("simulate", "--html", File("week.html"));
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        var png = Path.Combine(screenshots, "health-report.png");
        System.IO.File.Delete(png);

        var start = new ProcessStartInfo(chromium!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={File("chromium")}",
            "--window-size=1280,2200", $"--screenshot={png}", new Uri(File("week.html")).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(process.ExitCode == 0, await stderr);
        var bytes = await System.IO.File.ReadAllBytesAsync(png);
        Assert.True(bytes.Length > 50_000, $"the screenshot is only {bytes.Length} bytes: the page did not render");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes.Take(4));
        Assert.Equal(1280, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
