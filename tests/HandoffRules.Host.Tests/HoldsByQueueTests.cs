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
using Microsoft.Extensions.Time.Testing;

namespace HandoffRules.Host.Tests;

/// <summary>
/// Which holds a held-lead scan reaches, on a real SQLite store: a hold past the maximum hold and the
/// holds of a queue with a member free, however many holds wait before them in a queue nobody can
/// take a lead from (a scan looks at a few hundred holds); and a hold another path ends or moves is
/// ended or moved as it happens, not left for a scan to find.
/// </summary>
public sealed class HoldsByQueueTests : IDisposable
{
    // Tuesday 24 November 2026; the sample team works around the clock in UTC, its maximum hold is 4 hours.
    private static readonly DateTimeOffset Morning = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-holds-by-queue-").FullName;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_queue_s_backlog_stands_in_front_of_no_other_queue_s_holds()
    {
        var database = Path.Combine(_folder, "backlog.db");
        using var store = new SqliteHandoffStore(database, synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        var clock = new FakeTimeProvider(Morning);
        using var session = Session(store, clock, new CappedTeamPlaybook(managerCap: 1));

        // 503 leads at nine: a and b take one each (their cap), 501 wait in Team until one o'clock.
        Apply(session, clock, Morning, Enumerable.Range(1, 503).Select(i => (HandoffWork)Lead($"L{i:000}", Morning)).ToArray());

        // Past the maximum hold they go to Managers: the manager takes one, 500 wait there, escalated once, never again.
        Scan(session, Morning.AddHours(4.25));
        Scan(session, Morning.AddHours(4.5));
        Assert.Equal(501, await CountAsync(store, HandoffEventTypes.HoldExpired));
        Assert.Equal(500, await ScalarAsync(database, "SELECT count(*) FROM holds WHERE queue = 'Managers' AND state = 'expired'"));

        // A lead held in Team later waits behind those 500 older holds, all in a queue nobody can take it from.
        Apply(session, clock, Morning.AddHours(4.75), Lead("LATE", Morning.AddHours(4.75)));
        Assert.Equal(StoredHold.Held, await ScalarAsync(database, "SELECT state FROM holds WHERE lead_id = 'LATE'"));

        // Its maximum hold runs out at 17:45: the scan after escalates it.
        Scan(session, Morning.AddHours(9));
        Assert.Contains(await store.GetEventsAsync("LATE", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.HoldExpired);

        // One more held in Team at eleven at night; after midnight a and b are free again and it is offered, though 501 older holds still wait in Managers.
        Apply(session, clock, Morning.AddHours(14), Lead("NIGHT", Morning.AddHours(14)));
        Scan(session, Morning.AddHours(15.25));
        Assert.Contains(await store.GetEventsAsync("NIGHT", null, null, CancellationToken.None), e => e.Type == HandoffEventTypes.Offered);
        Assert.Contains(session.FindLead("NIGHT")!.Member, new[] { "a", "b" });
        Assert.Equal(500, await ScalarAsync(database, "SELECT count(*) FROM holds WHERE queue = 'Managers' AND state = 'expired'"));
    }

    [Fact]
    public async Task A_queue_that_fills_after_a_few_offers_leaves_the_scan_to_the_next_queue()
    {
        var database = Path.Combine(_folder, "fills.db");
        using var store = new SqliteHandoffStore(database, synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        var clock = new FakeTimeProvider(Morning);
        using var session = Session(store, clock, new CappedTeamPlaybook(managerCap: 1));

        // E3 and E4 wait past the maximum hold and go to Managers: the manager takes E3, E4 waits there.
        Apply(session, clock, Morning, new[] { "E1", "E2", "E3", "E4" }.Select(id => (HandoffWork)Lead(id, Morning)).ToArray());
        Scan(session, Morning.AddHours(4.25));
        Assert.Equal("manager", session.FindLead("E3")!.Member);
        Assert.Equal(("Managers", StoredHold.Expired), ((string)await ScalarAsync(database, "SELECT queue FROM holds WHERE lead_id = 'E4'"), (string)await ScalarAsync(database, "SELECT state FROM holds WHERE lead_id = 'E4'")));

        // At nine in the evening 502 more wait in Team, more than a scan looks at.
        var evening = Morning.AddHours(12);
        Apply(session, clock, evening, Enumerable.Range(1, 502).Select(i => (HandoffWork)Lead($"N{i:000}", evening)).ToArray());

        // After midnight everyone is free again: Team takes two of its holds and is full; the scan goes on to Managers, whose member takes E4.
        Scan(session, Morning.AddHours(15.25));
        Assert.Equal(2, await ScalarAsync(database, "SELECT count(*) FROM holds WHERE queue = 'Team' AND state = 'offered'"));
        Assert.Equal("manager", session.FindLead("E4")!.Member);
        Assert.Equal(StoredHold.Offered, await ScalarAsync(database, "SELECT state FROM holds WHERE lead_id = 'E4'"));
    }

    [Fact]
    public async Task A_hold_ends_when_another_path_gives_its_lead_an_owner_and_follows_its_lead_to_another_queue()
    {
        var database = Path.Combine(_folder, "moves.db");
        using var store = new SqliteHandoffStore(database, synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        var clock = new FakeTimeProvider(Morning);
        using var session = Session(store, clock, new CappedTeamPlaybook(managerCap: 1, firstTouchHours: 1));

        // a and b take L1 and L2; L3 and L4 wait in Team.
        Apply(session, clock, Morning, new[] { "L1", "L2", "L3", "L4" }.Select(id => (HandoffWork)Lead(id, Morning)).ToArray());
        Assert.Equal(2, await ScalarAsync(database, "SELECT count(*) FROM holds WHERE queue = 'Team' AND state = 'held'"));

        // The first-touch SLA escalates both to Managers: the manager takes L3, whose hold ends at once;
        // L4 waits there with nobody free, and its hold moves with it. No scan runs in between.
        var breach = Morning.AddHours(1);
        Apply(session, clock, breach, new TimerWork("L3", "First touch"), new TimerWork("L4", "First touch"));
        Assert.Equal("manager", session.FindLead("L3")!.Member);
        Assert.Equal(["released", breach.UtcTicks], await RowAsync(database, "SELECT state, ended_at FROM holds WHERE lead_id = 'L3'"));
        Assert.Null(session.FindLead("L4")!.Member);
        Assert.Equal(["Managers", "held", DBNull.Value], await RowAsync(database, "SELECT queue, state, ended_at FROM holds WHERE lead_id = 'L4'"));
    }

    private static LeadWork Lead(string id, DateTimeOffset at) => new LeadWork("test", id, id, Leads.DemoRequest(id, at), at);

    private HandoffSession Session(IHandoffStore store, TimeProvider clock, Playbook playbook) =>
        new(store, Router.Compile(playbook.Build()), new HandoffHostOptions(), clock, new HandoffClock(clock, replay: false),
            new HandoffMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger.Instance);

    private static void Apply(HandoffSession session, FakeTimeProvider clock, DateTimeOffset at, params HandoffWork[] work)
    {
        clock.SetUtcNow(at);
        session.Writer.Begin();
        foreach (var item in work)
        {
            Assert.Equal(WorkStatus.Done, session.Apply(item).Status);
        }

        session.Commit();
    }

    private static void Scan(HandoffSession session, DateTimeOffset at)
    {
        session.Writer.Begin();
        session.ScanHolds(new HoldScanWork(at), null);
        session.Commit();
    }

    private static async Task<int> CountAsync(SqliteHandoffStore store, string type) =>
        (await store.GetEventsAsync(null, null, null, CancellationToken.None)).Count(e => e.Type == type);

    private static async Task<object> ScalarAsync(string database, string sql) => (await RowAsync(database, sql))[0] switch
    {
        long count => (int)count,
        var value => value,
    };

    private static async Task<object[]> RowAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for {sql}");
        var row = new object[reader.FieldCount];
        reader.GetValues(row);
        return row;
    }
}
