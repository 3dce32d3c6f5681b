using Acme.Rules;
using HandoffRules.Cli.Commands;
using HandoffRules.Host.Simulation;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace HandoffRules.Host.Tests;

/// <summary>
/// What <c>simulate</c> holds while it reads its week back (the report, the line reconciling the
/// headline with the report's window): a small summary per lead, never the log's events. Four times
/// the leads may add the report's per-lead budget and a key per lead handed off, nothing more.
/// Measured as the live managed heap, sampled with full collections while the log is read (a count
/// of live bytes, not a timing).
/// </summary>
[Collection(HeapMeasurements.Name)]
public sealed class WeekMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const int N = 1_500;

    /// <summary>
    /// The most a lead may cost while its week is read back: the report's summary (400 B, see
    /// ReportMemoryTests) and the key of a lead handed off in the window. The log's events are
    /// several kilobytes a lead.
    /// </summary>
    private const long BytesPerLead = 500;

    // Slack for the collector's own bookkeeping between samples.
    private const long Slack = 1024 * 1024;

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-week-memory-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Reading_a_simulated_week_back_keeps_a_summary_per_lead_not_its_events()
    {
        var playbook = new AcmePlaybook().Build();
        var small = await WeekSimulation.RunAsync(playbook, Path.Combine(_folder, "small.db"), seed: 3, leads: N, days: 7);
        var large = await WeekSimulation.RunAsync(playbook, Path.Combine(_folder, "large.db"), seed: 3, leads: 4 * N, days: 7);

        var few = PeakWhileReading(small, playbook);
        var many = PeakWhileReading(large, playbook);

        var budget = 3 * N * BytesPerLead + Slack;
        output.WriteLine($"live heap grew {few:N0} B reading {N:N0} leads back, {many:N0} B for {4 * N:N0}: {(many - few) / (3 * N):N0} B per extra lead");
        Assert.True(many - few < budget,
            $"live heap grew {many:N0} B while reading back a week of {4 * N:N0} leads against {few:N0} B for {N:N0}: {(many - few) / (3 * N):N0} B per extra lead (budget {BytesPerLead} B)");
    }

    // The most the live heap grew above where it stood, while the week is read back as the command
    // does it (see HeapSampler): whatever the reading holds, at any step, is seen; what the rest of
    // the process holds (other tests' leftovers) is taken off. Work those leftovers still do (a
    // host shutting down, a pool trimmed) can free or take megabytes in the middle of one reading,
    // more than the whole budget; the middle of three readings is the one such a moment cannot tip.
    private static long PeakWhileReading(WeekSimulationResult week, Model.PlaybookModel playbook)
    {
        var store = new SqliteHandoffStore(week.Database);
        var growth = new long[3];
        for (var reading = 0; reading < growth.Length; reading++)
        {
            var before = HeapSampler.LiveNow();
            using var sampler = new HeapSampler();
            var (report, reconciliation) = WeekReport.Read(store, playbook, week);
            growth[reading] = sampler.Peak - before;

            Assert.True(report.Overall.HandedOff > 0);
            Assert.StartsWith("The report covers", reconciliation, StringComparison.Ordinal);
        }

        Array.Sort(growth);
        return growth[1];
    }
}
