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
/// What a held-lead scan reads, counted at the store's writer (real SQLite underneath): the look
/// for leads waiting without a hold reads every lead nobody owns, so a scan makes it only when work
/// since the last one took an owner away; and a session that keeps recent leads answers as the store does,
/// and checks a stage's required fields on the leads it kept without reading them again.
/// </summary>
public sealed class HeldLeadScanTests : IDisposable
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);

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
        using var store = new SqliteHandoffStore(Path.Combine(_folder, "scan.db"), synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
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
        using var store = new SqliteHandoffStore(Path.Combine(_folder, "recent.db"), synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
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
    [InlineData(0)]
    [InlineData(16)]
    public async Task A_stage_s_required_fields_are_checked_on_the_lead_the_session_kept_without_reading_it_again(int rememberedLeads)
    {
        using var store = new SqliteHandoffStore(Path.Combine(_folder, $"required-{rememberedLeads}.db"), synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        var counted = StoreProxy.Around(store);
        var clock = new FakeTimeProvider(Evening);
        using var session = Session(counted.Store, clock, rememberedLeads, new Acme.Rules.AcmePlaybook().Build());
        // Each lead looked at as it is taken in, as the week simulation does to plan its SDRs' work.
        session.Writer.Begin();
        Assert.Equal(WorkStatus.Done, session.Apply(new LeadWork("test", "FULL", "FULL", Leads.DemoRequest("FULL", Evening), Evening)).Status);
        Assert.Equal(WorkStatus.Done, session.Apply(new LeadWork("test", "NO_TITLE", "NO_TITLE", Leads.DemoRequest("NO_TITLE", Evening, jobTitle: null) with { Email = "nt@third.example" }, Evening)).Status);
        Assert.All(new[] { "FULL", "NO_TITLE" }, id => Assert.NotNull(session.FindLead(id)));
        session.Commit();

        // Accepting enters the sample's stage 'SAL', which needs a job title.
        session.Writer.Begin();
        var refused = session.Apply(new ActionWork("test", null, "test", "NO_TITLE", SdrAction.Accept, null, "integration", null, null, Evening.AddMinutes(5)));
        var accepted = session.Apply(new ActionWork("test", null, "test", "FULL", SdrAction.Accept, null, "integration", null, null, Evening.AddMinutes(5)));
        session.Commit();

        // Refused, so kept as a dead letter of its input, with the reason.
        Assert.Equal((WorkStatus.DeadLettered, "test: lead 'NO_TITLE' cannot enter stage 'SAL' without JobTitle"), (refused.Status, refused.Message));
        Assert.Equal(WorkStatus.Done, accepted.Status);

        // A session that keeps its recent leads has each one's normalised lead; one that does not reads
        // it from the store, which rebuilds it from the lead's intake event.
        Assert.Equal(rememberedLeads > 0 ? 0 : 2, counted.Calls("NormalisedLead"));
    }

    private HandoffSession Session(IHandoffStore store, TimeProvider clock, int rememberedLeads = 0, PlaybookModel? playbook = null) =>
        new(store, Router.Compile(playbook ?? new CappedTeamPlaybook(managerCap: 1).Build()), new HandoffHostOptions(), clock, new HandoffClock(clock, replay: false),
            new HandoffMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger.Instance)
        {
            RememberedLeads = rememberedLeads,
        };

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

    private static int Held(SqliteHandoffStore store) =>
        store.GetEventsAsync(null, null, null, CancellationToken.None).GetAwaiter().GetResult().Count(e => e.Type == HandoffEventTypes.Held);
}
