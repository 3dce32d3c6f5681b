using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Host.Timers;
using HandoffRules.Records;
using HandoffRules.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Tests;

/// <summary>
/// An input the processor fails on, in the middle of a large batch: it is found by committing halves,
/// in a few commits, and every input around it is kept as if nothing had failed.
/// </summary>
public sealed class BatchFailureTests : IDisposable
{
    private const string Poison = "POISON";
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-batch-failure-").FullName;

    public BatchFailureTests() =>
        HostOptions = Options.Create(new HandoffHostOptions { Database = Path.Combine(_folder, "handoff.db"), BatchSize = 1000, QueueCapacity = 1000 });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_failing_input_in_a_batch_of_600_is_found_in_a_few_commits_and_every_other_input_is_kept()
    {
        using var sqlite = await StoreAsync();

        // The writer fails the lead POISON's intake, as a bug in the processor would.
        var store = StoreProxy.Around(sqlite, (method, args) =>
            method.Name == nameof(IHandoffWriter.AppendIntake) && Equals(args![0], Poison) ? new InvalidOperationException("the processor failed on this lead") : null);
        await ProcessAsync(store.Store, sqlite);

        // Halving 601 to one input takes ten levels, a commit for each good half and one for the dead
        // letter; retrying one by one would have taken 601.
        Assert.InRange(store.Calls(nameof(IHandoffWriter.Commit)), 10, 2 * 10 + 2);
    }

    [Fact]
    public async Task A_write_SQLite_refuses_on_the_writing_thread_fails_its_batch_and_only_its_input_is_dead_lettered()
    {
        using var sqlite = await StoreAsync();

        // SQLite itself refuses the lead POISON's row: the statement fails on the store's writing
        // thread, after the processor has gone on to the leads behind it.
        await using (var connection = new SqliteConnection($"Data Source={sqlite.Path}"))
        {
            await connection.OpenAsync();
            await using var trigger = connection.CreateCommand();
            trigger.CommandText = $"CREATE TRIGGER refuse_poison BEFORE INSERT ON leads WHEN NEW.lead_id = '{Poison}' BEGIN SELECT RAISE(ABORT, 'this lead is refused'); END";
            await trigger.ExecuteNonQueryAsync();
        }

        var store = StoreProxy.Around(sqlite);
        await ProcessAsync(store.Store, sqlite);

        Assert.Null(await sqlite.GetLeadAsync(Poison, CancellationToken.None));
        var dead = Assert.Single(await sqlite.GetDeadLettersAsync(CancellationToken.None));
        Assert.Contains("SqliteException", dead.Reason);
        Assert.Contains("this lead is refused", dead.Reason);
        Assert.InRange(store.Calls(nameof(IHandoffWriter.Commit)), 10, 2 * 10 + 2);
    }

    private static readonly DateTimeOffset At = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private IOptions<HandoffHostOptions> HostOptions { get; }

    private async Task<SqliteHandoffStore> StoreAsync()
    {
        var sqlite = new SqliteHandoffStore(HostOptions.Value.Database, synchronousFull: false);
        await sqlite.InitializeAsync(CancellationToken.None);
        return sqlite;
    }

    // 600 generated leads with POISON among them, all queued before the processor starts, so its
    // first batch holds all 601: POISON is dead-lettered, every other lead is taken in.
    private async Task ProcessAsync(IHandoffStore store, SqliteHandoffStore sqlite)
    {
        var leads = Leads.Generated(600, at: At);
        leads.Insert(423, Leads.DemoRequest(Poison, At) with { Email = "poison@nowhere.example" });
        var queue = new HandoffQueue(HostOptions);
        var works = leads.Select((l, i) => new LeadWork("test", l.Id!, $"line {i + 1}", l, At) { Completion = HandoffWork.Waiting() }).ToList();
        foreach (var work in works)
        {
            await queue.EnqueueAsync(work, CancellationToken.None);
        }

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var processor = new HandoffProcessor(queue, store, Router.Compile(new Acme.Rules.AcmePlaybook().Build()), HostOptions, TimeProvider.System,
            new HandoffClock(TimeProvider.System, replay: false), new HandoffMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            new ProcessorStatus(), NullLogger<HandoffProcessor>.Instance, new ReplayTally());
        await processor.StartAsync(CancellationToken.None);
        var results = await Task.WhenAll(works.Select(w => w.Completion!.Task)).WaitAsync(TimeSpan.FromSeconds(60));
        await processor.StopAsync(CancellationToken.None);

        Assert.Equal(WorkStatus.DeadLettered, results[423].Status);
        Assert.All(results.Where((_, i) => i != 423), r => Assert.Equal(WorkStatus.Done, r.Status));
        var counts = await sqlite.CountAsync(CancellationToken.None);
        Assert.Equal(601, counts.Ingested);
        Assert.Equal(1, counts.DeadLettered);
    }
}
