using Acme.Rules;
using HandoffRules.Cli.Commands;
using HandoffRules.Host.Simulation;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Reporting;
using HandoffRules.Reporting.Rendering;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests;

/// <summary>
/// <c>handoff report</c> reads the log once, as a stream, and finds its default window with one query:
/// the report is the one the whole log, held in memory, gives.
/// </summary>
public sealed class ReportStreamingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-report-stream-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_streamed_report_of_a_week_is_the_report_of_its_whole_log()
    {
        var playbook = new AcmePlaybook().Build();
        var result = await WeekSimulation.RunAsync(playbook, Path.Combine(_folder, "week.db"), seed: 5, leads: 600, days: 7);
        var store = new SqliteHandoffStore(result.Database);
        var events = await store.GetEventsAsync(null, null, null, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        var streamed = ReportCommand.Build(store, playbook, from: null, to: null, byPlaybookVersion: true);
        var whole = HealthReportBuilder.Build(events, HealthReportBuilder.DefaultWindow(events, null, null, now), playbook, byPlaybookVersion: true);

        Assert.Equal(whole.Window, streamed.Window);
        Assert.Equal(HtmlReport.Render(whole), HtmlReport.Render(streamed));
        Assert.NotEmpty(streamed.ByQueue);
    }

    [Fact]
    public async Task A_log_a_host_of_the_version_before_writes_gives_the_same_report()
    {
        // Schema version 7 kept each event's lead facts in its data; a newer handoff reports on the
        // log of a host not yet upgraded as it is.
        var playbook = new AcmePlaybook().Build();
        var result = await WeekSimulation.RunAsync(playbook, Path.Combine(_folder, "week.db"), seed: 5, leads: 400, days: 7);
        var store = new SqliteHandoffStore(result.Database);
        var now = ReportCommand.Build(store, playbook, from: null, to: null);

        Assert.True(await SchemaBefore.ToVersion7Async(result.Database) > 100);

        var before = ReportCommand.Build(store, playbook, from: null, to: null);
        Assert.Equal(HtmlReport.Render(now), HtmlReport.Render(before));
        Assert.NotEmpty(before.BySource);
    }
}
