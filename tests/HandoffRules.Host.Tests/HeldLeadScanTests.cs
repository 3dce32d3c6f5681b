using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Host.Timers;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HandoffRules.Host.Tests;

/// <summary>
/// What a held-lead scan reads and reaches (real SQLite underneath): the look for leads waiting
/// without a hold reads every lead nobody owns, so a scan makes it only when work since the last
/// one took an owner away; a hold past the maximum hold and the holds of a queue with a member free
/// are reached however many holds wait before them in a queue nobody can take a lead from (a scan
/// looks at a few hundred holds); a hold another path ends or moves is ended or moved as it
/// happens; and a session that keeps recent leads answers as the store does, and checks a stage's
/// required fields on the leads it kept without reading them again.
/// </summary>
public sealed class HeldLeadScanTests : IDisposable
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);

    // Tuesday 24 November 2026; the capped team works around the clock in UTC, its maximum hold is 4 hours.
    private static readonly DateTimeOffset Morning = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-scan-reads-").FullName;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Scans_look_for_unheld_leads_only_after_work_took_an_owner_away_however_many_leads_wait()
    {
        using var store = await StoreAsync("scan.db");
        var counted = StoreProxy.Around(store);
        var clock = new FakeTimeProvider(Evening);
        using var session = Session(counted.Store, clock);

        // a and b take one lead each (their cap); the other 40 wait, held as they arrive.
        Apply(session, Enumerable.Range(1, 42).Select(i => (HandoffWork)new LeadWork("test", $"L{i:00}", $"L{i:00}", Leads.DemoRequest($"L{i:00}", Evening), Evening)).ToArray());
        Assert.Equal(40, Held(store));

        // The first scan cannot know what an earlier process left, so it looks once.
        Scan(session, Evening.AddMinutes(15));
        Assert.Equal(1, counted.Calls("UnheldLeads"));

        // Nothing took an owner away: however many leads wait, the scans that follow do not read them all again.
        for (var minutes = 30; minutes <= 90; minutes += 15)
        {
            Scan(session, Evening.AddMinutes(minutes));
        }

        Assert.Equal(1, counted.Calls("UnheldLeads"));

        // L01's owner hands it on and nobody in the queue is free: the next scan finds it and holds it, as before.
        var owner = session.FindLead("L01")!.Member!;
        Apply(session, new ActionWork("test", null, "test", "L01", SdrAction.Reassign, null, "integration", "owner on leave", null, Evening.AddMinutes(100)));
        Assert.Null(session.FindLead("L01")!.Member);
        Scan(session, Evening.AddMinutes(105));
        Assert.Equal(2, counted.Calls("UnheldLeads"));
        var held = (await store.GetEventsAsync("L01", null, null, CancellationToken.None)).Single(e => e.Type == HandoffEventTypes.Held);
        Assert.Contains($"taken from {owner}", held.Text("reason"), StringComparison.Ordinal);
        Assert.Equal(41, Held(store));

        Scan(session, Evening.AddMinutes(120));
        Assert.Equal(2, counted.Calls("UnheldLeads"));
    }

    [Fact]
    public async Task A_session_that_keeps_recent_leads_answers_as_the_store_does_after_every_kind_of_change()
    {
        using var store = await StoreAsync("recent.db");
        var counted = StoreProxy.Around(store);
        var clock = new FakeTimeProvider(Evening);
        using var session = Session(counted.Store, clock, rememberedLeads: 3);
        var ids = Enumerable.Range(1, 6).Select(i => $"R{i}").ToArray();

        Apply(session, ids.Select(id => (HandoffWork)new LeadWork("test", id, id, Leads.DemoRequest(id, Evening), Evening)).ToArray());
        void Same()
        {
            foreach (var id in ids)
            {
                Assert.Equal(session.Writer.FindLead(id), session.FindLead(id));
            }
        }

        Same();

        // The last three leads asked about come from memory; a fourth makes the least recent one go.
        int Reads(params string[] asked)
        {
            var before = counted.Calls("FindLead");
            foreach (var id in asked)
            {
                Assert.NotNull(session.FindLead(id));
            }

            return counted.Calls("FindLead") - before;
        }

        Assert.Equal(3, Reads("R1", "R2", "R3"));
        Assert.Equal(0, Reads("R3", "R1", "R2"));
        Assert.Equal(1, Reads("R4"));
        Assert.Equal(1, Reads("R3"));

        // A touch, a hand-on to nobody, the scans that hold and offer again, a duplicate repeat: each read back as stored.
        Apply(session, new ActionWork("test", null, "test", "R1", SdrAction.Touch, null, "integration", null, null, Evening.AddMinutes(5)));
        Same();
        Apply(session, new ActionWork("test", null, "test", "R2", SdrAction.Reassign, null, "integration", "owner on leave", null, Evening.AddMinutes(10)));
        Same();
        Scan(session, Evening.AddMinutes(15));
        Same();
        Scan(session, Evening.AddHours(3));
        Same();
        Scan(session, Evening.AddHours(5));
        Same();
        Apply(session, new LeadWork("test", "R1-again", "R1-again", Leads.DemoRequest("R1-again", Evening.AddHours(6)) with { Email = Leads.DemoRequest("R1", Evening).Email }, Evening.AddHours(6)));
        Same();
    }

    [Theory]
    [InlineData(0, true, false)]
    [InlineData(16, true, false)]
    [InlineData(0, true, true)]
    [InlineData(0, false, false)]
    [InlineData(16, false, false)]
    public async Task A_stage_s_required_fields_are_checked_on_the_fields_the_session_kept_without_reading_the_lead_again(int rememberedLeads, bool sameSession, bool sameTransaction)
    {
        using var store = await StoreAsync($"required-{rememberedLeads}-{sameSession}-{sameTransaction}.db");
        var counted = StoreProxy.Around(store);
        var clock = new FakeTimeProvider(Evening);
        var playbook = new Acme.Rules.AcmePlaybook().Build();
        var session = Session(counted.Store, clock, rememberedLeads, playbook);
        try
        {
            // Each lead looked at as it is taken in, as the week simulation does to plan its SDRs' work.
            session.Writer.Begin();
            Assert.Equal(WorkStatus.Done, session.Apply(new LeadWork("test", "FULL", "FULL", Leads.DemoRequest("FULL", Evening), Evening)).Status);
            Assert.Equal(WorkStatus.Done, session.Apply(new LeadWork("test", "NO_TITLE", "NO_TITLE", Leads.DemoRequest("NO_TITLE", Evening, jobTitle: null) with { Email = "nt@third.example" }, Evening)).Status);
            Assert.All(new[] { "FULL", "NO_TITLE" }, id => Assert.NotNull(session.FindLead(id)));
            if (!sameTransaction)
            {
                session.Commit();
                if (!sameSession)
                {
                    // A host started again: nothing of the leads is in memory.
                    session.Dispose();
                    session = Session(counted.Store, clock, rememberedLeads, playbook);
                }

                session.Writer.Begin();
            }

            // Accepting enters the sample's stage 'SAL', which needs a job title.
            var refused = session.Apply(new ActionWork("test", null, "test", "NO_TITLE", SdrAction.Accept, null, "integration", null, null, Evening.AddMinutes(5)));
            var accepted = session.Apply(new ActionWork("test", null, "test", "FULL", SdrAction.Accept, null, "integration", null, null, Evening.AddMinutes(5)));
            session.Commit();

            // Refused, so kept as a dead letter of its input, with the reason.
            Assert.Equal((WorkStatus.DeadLettered, "test: lead 'NO_TITLE' cannot enter stage 'SAL' without JobTitle"), (refused.Status, refused.Message));
            Assert.Equal(WorkStatus.Done, accepted.Status);
        }
        finally
        {
            session.Dispose();
        }

        // The session that took the leads in kept their fields; another reads each lead's normalised
        // lead from the store, which rebuilds it from the lead's intake event.
        Assert.Equal(sameSession ? 0 : 2, counted.Calls("NormalisedLead"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    public async Task A_stage_s_required_fields_are_there_as_a_definition_s_required_context_reads_them(int rememberedLeads)
    {
        // The sample's stage 'SAL', needing a lead source as well as a job title: a lead whose source is
        // unknown has none (Lead.Has), though its JSON names the source 'other'.
        var acme = new Acme.Rules.AcmePlaybook().Build();
        var playbook = acme with
        {
            Lifecycle = acme.Lifecycle with
            {
                Stages = [.. acme.Lifecycle.Stages.Select(s => s.Name == "SAL" ? s with { RequiredFields = [.. s.RequiredFields, LeadField.Source] } : s)],
            },
        };
        using var store = await StoreAsync($"source-{rememberedLeads}.db");
        var clock = new FakeTimeProvider(Evening);
        using var session = Session(store, clock, rememberedLeads, playbook);
        session.Writer.Begin();
        Assert.Equal(WorkStatus.Done, session.Apply(new LeadWork("test", "KNOWN", "KNOWN", Leads.DemoRequest("KNOWN", Evening), Evening)).Status);
        Assert.Equal(WorkStatus.Done, session.Apply(new LeadWork("test", "UNKNOWN", "UNKNOWN", Leads.DemoRequest("UNKNOWN", Evening) with { Email = "u@third.example", Source = "carrier pigeon" }, Evening)).Status);
        Assert.Equal(WorkStatus.Done, session.Apply(new LeadWork("test", "NONE", "NONE", Leads.DemoRequest("NONE", Evening) with { Email = "n@fourth.example", Source = null }, Evening)).Status);
        Assert.All(new[] { "KNOWN", "UNKNOWN", "NONE" }, id => Assert.NotNull(session.FindLead(id)));
        session.Commit();

        session.Writer.Begin();
        var results = new[] { "KNOWN", "UNKNOWN", "NONE" }.Select(id =>
            session.Apply(new ActionWork("test", null, "test", id, SdrAction.Accept, null, "integration", null, null, Evening.AddMinutes(5)))).ToList();
        session.Commit();

        Assert.Equal(
            [
                (WorkStatus.Done, (string?)null),
                (WorkStatus.DeadLettered, "test: lead 'UNKNOWN' cannot enter stage 'SAL' without Source"),
                (WorkStatus.DeadLettered, "test: lead 'NONE' cannot enter stage 'SAL' without Source"),
            ],
            results.Select(r => (r.Status, r.Status == WorkStatus.Done ? null : r.Message)));
    }

    [Fact]
    public async Task A_queue_s_backlog_stands_in_front_of_no_other_queue_s_holds()
    {
        using var store = await StoreAsync("backlog.db");
        var database = store.Path;
        var clock = new FakeTimeProvider(Morning);
        using var session = Session(store, clock, playbook: new CappedTeamPlaybook(managerCap: 1).Build());

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
        using var store = await StoreAsync("fills.db");
        var database = store.Path;
        var clock = new FakeTimeProvider(Morning);
        using var session = Session(store, clock, playbook: new CappedTeamPlaybook(managerCap: 1).Build());

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
        using var store = await StoreAsync("moves.db");
        var database = store.Path;
        var clock = new FakeTimeProvider(Morning);
        using var session = Session(store, clock, playbook: new CappedTeamPlaybook(managerCap: 1, firstTouchHours: 1).Build());

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

    // A new store in the test's folder, ready to write.
    private async Task<SqliteHandoffStore> StoreAsync(string name)
    {
        var store = new SqliteHandoffStore(Path.Combine(_folder, name), synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private HandoffSession Session(IHandoffStore store, TimeProvider clock, int rememberedLeads = 0, PlaybookModel? playbook = null) =>
        new(store, Router.Compile(playbook ?? new CappedTeamPlaybook(managerCap: 1).Build()), new HandoffHostOptions(), clock, new HandoffClock(clock, replay: false),
            new HandoffMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger.Instance)
        {
            RememberedLeads = rememberedLeads,
        };

    // The work as of a time: the session's clock says when an SDR's action or a breach happens.
    private static void Apply(HandoffSession session, FakeTimeProvider clock, DateTimeOffset at, params HandoffWork[] work)
    {
        clock.SetUtcNow(at);
        Apply(session, work);
    }

    private static void Apply(HandoffSession session, params HandoffWork[] work)
    {
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

    private static int Held(SqliteHandoffStore store) =>
        store.GetEventsAsync(null, null, null, CancellationToken.None).GetAwaiter().GetResult().Count(e => e.Type == HandoffEventTypes.Held);
}
