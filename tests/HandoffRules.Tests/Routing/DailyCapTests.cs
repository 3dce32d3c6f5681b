using System.Text.Json;
using Acme.Rules;
using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

/// <summary>
/// Daily caps hold on every day, whatever order the days' leads arrive in: the distribution state
/// keeps a count per member per day, not one slot that the next day's lead resets.
/// </summary>
public sealed class DailyCapTests
{
    // Monday 2 and Tuesday 3 November 2026, 10:00 in New York (15:00 UTC).
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Tuesday = Monday.AddDays(1);

    private static Router CappedTeam(int cap) => Router.Compile(new InlinePlaybook(p =>
    {
        p.Definition("MQL", d => d.HandsOff());
        p.Member("a", "A", m => m.TimeZone("America/New_York").DailyCap(cap));
        p.Member("b", "B", m => m.TimeZone("America/New_York").DailyCap(cap));
        p.Member("manager", "Manager", m => m.TimeZone("America/New_York"));
        p.Queue("Team", q => q.Members("a", "b"));
        p.Queue("Managers", q => q.Members("manager"));
        p.Route("All", r => r.ToQueue("Team"));
        p.Fallback("Team");
    }).Build());

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime);

    [Fact]
    public void A_capped_member_gets_at_most_the_cap_on_each_day_when_two_days_arrive_interleaved()
    {
        var router = CappedTeam(cap: 3);
        var state = router.NewState();
        var perDay = new Dictionary<(string Member, DateOnly Day), int>();
        var held = 0;

        // A backlog of Monday's leads read together with Tuesday's live ones: one of each, in turn.
        for (var i = 0; i < 20; i++)
        {
            var at = (i % 2 == 0 ? Monday : Tuesday).AddMinutes(i);
            var member = router.Route(TestPlaybooks.Lead($"L{i}", at), state).Member?.Id;
            if (member is null)
            {
                held++;
                continue;
            }

            perDay[(member, Day(at))] = perDay.GetValueOrDefault((member, Day(at))) + 1;
        }

        Assert.All(perDay, p => Assert.True(p.Value <= 3, $"{p.Key.Member} got {p.Value} leads on {p.Key.Day}"));
        Assert.Equal(12, perDay.Values.Sum());
        Assert.Equal(8, held);
        Assert.Equal(3, state.AssignedOn("a", Day(Monday)));
        Assert.Equal(3, state.AssignedOn("a", Day(Tuesday)));
    }

    [Fact]
    public void The_sample_playbook_keeps_every_cap_on_every_day_when_days_arrive_out_of_order()
    {
        var playbook = new AcmePlaybook().Build();
        var router = Router.Compile(playbook);
        var state = router.NewState();
        var leads = new LeadGenerator(seed: 7).Generate(3000).ToList();

        // Two days of leads, interleaved: the first half moved to Monday, the second to Tuesday, read alternately.
        var perDay = new Dictionary<(string Member, DateOnly Day), int>();
        var zones = playbook.Members.ToDictionary(m => m.Id, m => TimeZoneInfo.FindSystemTimeZoneById(m.TimeZone));
        for (var i = 0; i < leads.Count; i++)
        {
            var at = (i % 2 == 0 ? Monday : Tuesday).AddSeconds(i * 10);
            var lead = leads[i] with { Event = leads[i].Event! with { OccurredAt = at } };
            var result = HandoffRules.Intake.LeadNormalizer.Normalize(lead, at);
            if (result.Lead is not { } normalized || router.Route(normalized, state).Member is not { } member)
            {
                continue;
            }

            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zones[member.Id]).DateTime);
            perDay[(member.Id, day)] = perDay.GetValueOrDefault((member.Id, day)) + 1;
        }

        var capped = playbook.Members.Where(m => m.DailyCap is not null).ToDictionary(m => m.Id, m => m.DailyCap!.Value);
        Assert.Contains(perDay, p => capped.TryGetValue(p.Key.Member, out var cap) && p.Value == cap);
        Assert.All(perDay.Where(p => capped.ContainsKey(p.Key.Member)), p =>
            Assert.True(p.Value <= capped[p.Key.Member], $"{p.Key.Member} got {p.Value} leads on {p.Key.Day}, cap {capped[p.Key.Member]}"));
    }

    [Fact]
    public void A_reassignment_counts_against_the_day_of_the_action_and_leaves_other_days_alone()
    {
        var router = CappedTeam(cap: 2);
        var state = router.NewState();

        // Monday: both members reach their cap.
        for (var i = 0; i < 4; i++)
        {
            Assert.NotNull(router.Route(TestPlaybooks.Lead($"M{i}", Monday.AddMinutes(i)), state).Member);
        }

        // A breach on Tuesday reassigns a lead to b: counted on Tuesday.
        Assert.Equal("b", router.PickMember("Team", Tuesday, state, excludeMemberId: "a")!.Id);
        Assert.Equal(1, state.AssignedOn("b", Day(Tuesday)));
        Assert.Equal(2, state.AssignedOn("b", Day(Monday)));

        // A late Monday lead still finds Monday full: Tuesday's count did not reset Monday's.
        Assert.Null(router.Route(TestPlaybooks.Lead("LATE", Monday.AddHours(2)), state).Member);

        // And a Monday reassignment is refused by Monday's count, whatever Tuesday's is.
        Assert.Null(router.PickMember("Team", Monday.AddHours(3), state, excludeMemberId: "a"));
        Assert.Equal("a", router.PickMember("Team", Tuesday.AddHours(1), state, excludeMemberId: "b")!.Id);
        Assert.Equal(1, state.AssignedOn("a", Day(Tuesday)));
    }

    [Fact]
    public void A_queue_can_offer_exactly_when_a_member_would_be_picked_and_asking_picks_nobody()
    {
        var router = CappedTeam(cap: 1);
        var state = router.NewState();
        var night = Monday.AddHours(10);

        // Outside working hours the rotation's next available member still takes a lead, so the queue can offer.
        Assert.True(router.CanOffer("Team", night, state));
        Assert.True(router.CanOffer("Team", night, state));
        Assert.Equal(0, state.AssignedOn("a", Day(night)) + state.AssignedOn("b", Day(night)));

        // Each answer is what picking finds: a member while one is under cap, then nobody.
        for (var picked = 0; picked < 2; picked++)
        {
            Assert.True(router.CanOffer("Team", Monday, state));
            Assert.NotNull(router.PickMember("Team", Monday, state));
        }

        Assert.False(router.CanOffer("Team", Monday, state));
        Assert.Null(router.PickMember("Team", Monday, state));

        // The next day's caps are fresh; a queue the playbook does not have offers nothing.
        Assert.True(router.CanOffer("Team", Tuesday, state));
        Assert.True(router.CanOffer("Managers", Monday, state));
        Assert.False(router.CanOffer("Nope", Monday, state));
    }

    [Fact]
    public void Counts_of_several_days_survive_a_snapshot_and_an_old_single_day_snapshot_still_restores()
    {
        var router = CappedTeam(cap: 2);
        var state = router.NewState();
        foreach (var at in new[] { Monday, Tuesday, Monday.AddMinutes(1), Tuesday.AddMinutes(1), Monday.AddMinutes(2) })
        {
            router.Route(TestPlaybooks.Lead("L", at), state);
        }

        var restored = router.NewState();
        restored.Restore(JsonSerializer.Deserialize<DistributionSnapshot>(JsonSerializer.Serialize(state.ToSnapshot()))!);
        foreach (var member in new[] { "a", "b" })
        {
            Assert.Equal(state.AssignedOn(member, Day(Monday)), restored.AssignedOn(member, Day(Monday)));
            Assert.Equal(state.AssignedOn(member, Day(Tuesday)), restored.AssignedOn(member, Day(Tuesday)));
        }

        Assert.Equal(3, restored.AssignedOn("a", Day(Monday)) + restored.AssignedOn("b", Day(Monday)));

        // What a host stored before counts were kept per day: one day per member.
        const string old = """{"Queues":[{"Queue":"Team","Next":1,"Credits":[]}],"Members":[{"MemberId":"a","Day":"2026-11-03","Count":2},{"MemberId":"b","Day":"2026-11-03","Count":1}]}""";
        var upgraded = router.NewState();
        upgraded.Restore(JsonSerializer.Deserialize<DistributionSnapshot>(old)!);
        Assert.Equal(2, upgraded.AssignedOn("a", Day(Tuesday)));
        Assert.Equal("b", router.Route(TestPlaybooks.Lead("NEXT", Tuesday.AddHours(1)), upgraded).Member?.Id);
        Assert.Null(router.Route(TestPlaybooks.Lead("FULL", Tuesday.AddHours(2)), upgraded).Member);
    }

    [Fact]
    public void A_lead_dated_before_the_kept_days_is_counted_against_the_oldest_day_kept()
    {
        var router = CappedTeam(cap: 1);
        var state = router.NewState();
        var today = Monday.AddDays(30);
        Assert.Equal("a", router.Route(TestPlaybooks.Lead("NOW1", today), state).Member?.Id);
        Assert.Equal("b", router.Route(TestPlaybooks.Lead("NOW2", today.AddMinutes(1)), state).Member?.Id);

        // Month-old leads: the days they belong to are no longer kept, so each takes a place on the
        // oldest day that is, and that day's cap holds from then on.
        var oldest = Day(today).AddDays(-(DistributionState.DaysKept - 1));
        Assert.Equal("a", router.Route(TestPlaybooks.Lead("OLD1", Monday), state).Member?.Id);
        Assert.Equal("b", router.Route(TestPlaybooks.Lead("OLD2", Monday.AddMinutes(1)), state).Member?.Id);
        Assert.Null(router.Route(TestPlaybooks.Lead("OLD3", Monday.AddMinutes(2)), state).Member);
        Assert.Equal(1, state.AssignedOn("a", oldest));
        Assert.Equal(1, state.AssignedOn("a", Day(today)));
        Assert.Equal(1, state.AssignedOn("b", Day(today)));
    }

    [Fact]
    public void Routing_across_days_with_caps_allocates_nothing_without_a_trace()
    {
        var router = CappedTeam(cap: 5);
        var state = router.NewState();
        var leads = Enumerable.Range(0, 400).Select(i => TestPlaybooks.Lead($"L{i}", Monday.AddDays(i % 20).AddMinutes(i))).ToArray();
        // Once over first: each member's clock caches the offset of every day it has seen.
        foreach (var lead in leads)
        {
            router.Route(lead, state);
            router.PickMember("Managers", lead.ArrivedAt, state);
        }

        state.Reset();
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var lead in leads)
        {
            router.Route(lead, state);
            router.PickMember("Managers", lead.ArrivedAt, state);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
