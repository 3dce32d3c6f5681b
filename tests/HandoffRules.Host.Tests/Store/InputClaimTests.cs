using System.Diagnostics.Metrics;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// Hosts on one PostgreSQL database read a shared file one at a time: an advisory lock per input
/// lets one host read it while the others wait, and one of them takes over when the reader stops.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InputClaimTests(PostgresServer server) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-claim-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public async Task An_input_is_claimed_by_one_store_at_a_time_and_freed_when_its_holder_lets_go()
    {
        server.SkipIfUnavailable();
        var connection = await server.CreateDatabaseAsync();
        using var first = new PostgresHandoffStore(connection, durableCommits: false);
        using var second = new PostgresHandoffStore(connection, durableCommits: false);
        await first.InitializeAsync(CancellationToken.None);

        var held = await first.TryClaimInputAsync("/data/leads.jsonl", CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await second.TryClaimInputAsync("/data/leads.jsonl", CancellationToken.None));

        // Another input is not held by it.
        await using (var other = await second.TryClaimInputAsync("/data/other.jsonl", CancellationToken.None))
        {
            Assert.NotNull(other);
        }

        await held!.DisposeAsync();
        await using var taken = await second.TryClaimInputAsync("/data/leads.jsonl", CancellationToken.None);
        Assert.NotNull(taken);
        Assert.Null(await first.TryClaimInputAsync("/data/leads.jsonl", CancellationToken.None));
    }

    [Fact]
    public async Task The_sqlite_store_grants_its_inputs_at_once_as_no_other_host_can_open_it()
    {
        using var store = new SqliteHandoffStore(Path.Combine(_folder, "handoff.db"), synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        await using var claim = await store.TryClaimInputAsync("/data/leads.jsonl", CancellationToken.None);
        Assert.NotNull(claim);
    }

    [SkippableFact]
    public async Task Two_hosts_following_one_file_read_it_one_at_a_time_and_the_second_takes_over_when_the_first_stops()
    {
        server.SkipIfUnavailable();
        var connection = await server.CreateDatabaseAsync();
        using var store = new PostgresHandoffStore(connection, durableCommits: false);
        await store.InitializeAsync(CancellationToken.None);
        var file = Path.Combine(_folder, "leads.jsonl");
        var at = DateTimeOffset.UtcNow;
        var lines = Enumerable.Range(1, 15).Select(i => Leads.Line(Leads.DemoRequest($"C{i:00}", at) with { Email = $"c{i:00}@c{i:00}.example" })).ToList();
        Leads.Write(file, lines.Take(5));
        var settings = new Dictionary<string, string?>
        {
            ["Handoff:Store"] = "postgres",
            ["Handoff:ConnectionStrings:Postgres"] = connection,
            ["Handoff:Input"] = file,
            ["Handoff:Follow"] = "true",
        };

        var first = await RunningHost.StartAsync(settings: settings);
        var firstStopped = false;
        try
        {
            await Eventually.HoldsAsync(() => Logged(first, 1001), "the first host reads the file");
            await using var second = await RunningHost.StartAsync(settings: settings);
            using var takeovers = new MetricCollector<long>(second.App.Services.GetRequiredService<IMeterFactory>(), HandoffMetrics.MeterName, "handoff.inputs.taken_over");
            await Eventually.HoldsAsync(() => Logged(second, 1400), "the second host says it waits for the file");
            await WaitForIngestedAsync(store, 5);

            File.AppendAllLines(file, lines.Skip(5).Take(5));
            await WaitForIngestedAsync(store, 10);
            Assert.False(Logged(second, 1001), "the second host must not read the file while the first does");

            // The first host stops: the second takes the file over and reads on from the last committed line.
            await first.DisposeAsync();
            firstStopped = true;
            await Eventually.HoldsAsync(() => Logged(second, 1401), "the second host takes the file over");
            Assert.Equal(1, takeovers.GetMeasurementSnapshot().Sum(m => m.Value));

            // Said once the claim is taken, after the cursor is read: a moment after the takeover line.
            await Eventually.HoldsAsync(() => second.Logs.Any(l => l.Contains("[1001] Reading leads.jsonl from line 11", StringComparison.Ordinal)),
                "the second host reads on from the first host's last committed line");
            File.AppendAllLines(file, lines.Skip(10));
            var counts = await WaitForIngestedAsync(store, 15);

            // Each line was read by one host only: none came in twice.
            Assert.Equal(0, counts.Redeliveries);
            Assert.Equal(15, counts.Ingested);
        }
        finally
        {
            if (!firstStopped)
            {
                await first.DisposeAsync();
            }
        }
    }

    private static bool Logged(RunningHost host, int eventId) => host.Logs.Any(l => l.Contains($"[{eventId}] ", StringComparison.Ordinal));

    private static async Task<StoreCounts> WaitForIngestedAsync(PostgresHandoffStore store, int ingested)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var counts = await store.CountAsync(CancellationToken.None);
            if (counts.Ingested + counts.Redeliveries >= ingested)
            {
                return counts;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not {ingested} lines in time; the store stands at {counts}.");
            }

            await Task.Delay(50);
        }
    }
}
