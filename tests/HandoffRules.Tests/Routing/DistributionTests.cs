using System.Text.Json;
using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

public sealed class DistributionTests
{
    // A week of New York time: Monday 2 November 2026 at 09:00 is 14:00 UTC.
    private static readonly DateTimeOffset MondayNine = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);

    private static Router Team(Action<PlaybookBuilder> members, Action<QueueBuilder> queue) => Router.Compile(new InlinePlaybook(p =>
    {
        p.Definition("MQL", d => d.HandsOff());
        members(p);
        p.Queue("Team", queue);
        p.Route("All", r => r.ToQueue("Team"));
        p.Fallback("Team");
    }).Build());

    private static string? Pick(Router router, DistributionState state, DateTimeOffset at, string id = "L") =>
        router.Route(TestPlaybooks.Lead(id, at), state).Member?.Id;

    [Fact]
    public void Round_robin_takes_members_in_turn_and_skips_inactive_ones()
    {
        var router = Team(
            p => p.Member("a", "A", m => m.TimeZone("America/New_York")).Member("b", "B", m => m.TimeZone("America/New_York").Inactive()).Member("c", "C", m => m.TimeZone("America/New_York")),
            q => q.Members("a", "b", "c"));
        var state = router.NewState();

        var picks = Enumerable.Range(0, 5).Select(i => Pick(router, state, MondayNine.AddMinutes(i))).ToList();
        Assert.Equal(new[] { "a", "c", "a", "c", "a" }, picks);
    }

    [Fact]
    public void Daily_caps_hold_for_a_day_in_the_members_time_zone_and_reset_the_next()
    {
        var router = Team(
            p => p.Member("a", "A", m => m.TimeZone("America/New_York").DailyCap(2)).Member("b", "B", m => m.TimeZone("America/New_York").DailyCap(1)),
            q => q.Members("a", "b"));
        var state = router.NewState();

        var monday = Enumerable.Range(0, 4).Select(i => Pick(router, state, MondayNine.AddMinutes(i))).ToList();
        Assert.Equal(new[] { "a", "b", "a", null }, monday);

        var tuesday = Enumerable.Range(0, 3).Select(i => Pick(router, state, MondayNine.AddDays(1).AddMinutes(i))).ToList();
        Assert.Equal(new[] { "b", "a", "a" }, tuesday);
        Assert.Equal(2, state.AssignedOn("a", new DateOnly(2026, 11, 3)));
    }

    [Fact]
    public void Members_on_shift_come_first_and_off_shift_members_take_leads_only_when_nobody_is_on()
    {
        var router = Team(
            p => p.Member("ny", "NY", m => m.TimeZone("America/New_York").WorkingHours(9, 17)).Member("ldn", "London", m => m.TimeZone("Europe/London").WorkingHours(9, 17)),
            q => q.Members("ny", "ldn"));
        var state = router.NewState();

        // 09:00 London (04:00 New York): London is on shift.
        var londonMorning = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(new[] { "ldn", "ldn" }, new[] { Pick(router, state, londonMorning), Pick(router, state, londonMorning.AddMinutes(5)) });

        // 15:00 New York (20:00 London): New York only.
        Assert.Equal("ny", Pick(router, state, MondayNine.AddHours(6)));

        // 03:00 UTC: nobody is on shift; the rotation continues.
        var trace = new DecisionTrace();
        var night = router.Route(TestPlaybooks.Lead("N", new DateTimeOffset(2026, 11, 3, 3, 0, 0, TimeSpan.Zero)), state, trace);
        Assert.NotNull(night.Member);
        Assert.Contains(trace.Steps, s => s.Detail.Contains("nobody is on shift", StringComparison.Ordinal));
    }

    [Fact]
    public void Out_of_office_members_are_skipped_only_on_their_days_away()
    {
        var router = Team(
            p => p.Member("a", "A", m => m.TimeZone("America/New_York").OutOfOffice("2026-11-02", "2026-11-03")).Member("b", "B", m => m.TimeZone("America/New_York")),
            q => q.Members("a", "b"));
        var state = router.NewState();

        Assert.Equal(new[] { "b", "b" }, new[] { Pick(router, state, MondayNine), Pick(router, state, MondayNine.AddDays(1)) });
        Assert.Equal(new[] { "a", "b" }, new[] { Pick(router, state, MondayNine.AddDays(2)), Pick(router, state, MondayNine.AddDays(2).AddMinutes(1)) });
    }

    [Fact]
    public void Weighted_distribution_follows_the_weights_smoothly()
    {
        var router = Team(
            p => p.Member("a", "A", m => m.TimeZone("America/New_York")).Member("b", "B", m => m.TimeZone("America/New_York")).Member("c", "C", m => m.TimeZone("America/New_York")),
            q => q.Weighted().Member("a", weight: 3).Member("b", weight: 2).Member("c", weight: 1));
        var state = router.NewState();

        var picks = Enumerable.Range(0, 600).Select(i => Pick(router, state, MondayNine.AddSeconds(i))).ToList();
        Assert.Equal((300, 200, 100), (picks.Count(p => p == "a"), picks.Count(p => p == "b"), picks.Count(p => p == "c")));
        Assert.Equal(new[] { "a", "b", "a", "c", "b", "a" }, picks.Take(6));
    }

    [Fact]
    public void Distribution_over_several_days_with_caps_hours_and_absences_balances_the_team()
    {
        var router = Team(
            p => p
                .Member("a", "A", m => m.TimeZone("America/New_York").WorkingHours(9, 17).DailyCap(10))
                .Member("b", "B", m => m.TimeZone("America/Chicago").WorkingHours(9, 17).DailyCap(10).OutOfOffice("2026-11-04", "2026-11-04"))
                .Member("c", "C", m => m.TimeZone("America/Los_Angeles").WorkingHours(9, 17).DailyCap(10)),
            q => q.Members("a", "b", "c"));
        var state = router.NewState();

        // 24 leads a day, every hour on the hour, Monday to Friday; days counted in each member's own time zone.
        var zones = new Dictionary<string, TimeZoneInfo>
        {
            ["a"] = TimeZoneInfo.FindSystemTimeZoneById("America/New_York"),
            ["b"] = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"),
            ["c"] = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"),
        };
        var perDay = new Dictionary<(DateOnly Day, string Member), int>();
        var held = 0;
        for (var day = 0; day < 5; day++)
        {
            for (var hour = 0; hour < 24; hour++)
            {
                var at = new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero).AddDays(day).AddHours(hour);
                if (Pick(router, state, at, $"L{day}-{hour}") is not { } member)
                {
                    held++;
                    continue;
                }

                var key = (DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zones[member]).DateTime), member);
                perDay[key] = perDay.GetValueOrDefault(key) + 1;
            }
        }

        Assert.All(perDay, p => Assert.True(p.Value <= 10, $"{p.Key} got {p.Value}"));
        Assert.False(perDay.ContainsKey((new DateOnly(2026, 11, 4), "b")));
        var totals = perDay.GroupBy(p => p.Key.Member).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));
        Assert.Equal(120, totals.Values.Sum() + held);
        Assert.True(totals["a"] >= 40 && totals["c"] >= 40, string.Join(", ", totals));
    }

    [Fact]
    public void A_snapshot_restores_the_exact_position_in_a_new_router()
    {
        var router = Team(
            p => p.Member("a", "A", m => m.TimeZone("America/New_York").DailyCap(5)).Member("b", "B", m => m.TimeZone("America/New_York")).Member("c", "C", m => m.TimeZone("America/New_York")),
            q => q.Weighted().Member("a", weight: 2).Member("b").Member("c"));
        var state = router.NewState();
        for (var i = 0; i < 7; i++)
        {
            Pick(router, state, MondayNine.AddMinutes(i));
        }

        var json = JsonSerializer.Serialize(state.ToSnapshot());
        var restarted = Team(
            p => p.Member("a", "A", m => m.TimeZone("America/New_York").DailyCap(5)).Member("b", "B", m => m.TimeZone("America/New_York")).Member("c", "C", m => m.TimeZone("America/New_York")),
            q => q.Weighted().Member("a", weight: 2).Member("b").Member("c"));
        var restored = restarted.NewState();
        restored.Restore(JsonSerializer.Deserialize<DistributionSnapshot>(json)!);

        var next = Enumerable.Range(7, 10).Select(i => Pick(router, state, MondayNine.AddMinutes(i))).ToList();
        var resumed = Enumerable.Range(7, 10).Select(i => Pick(restarted, restored, MondayNine.AddMinutes(i))).ToList();
        Assert.Equal(next, resumed);
    }

    [Fact]
    public void Pick_member_reassigns_to_the_next_eligible_member_other_than_the_current_owner()
    {
        var router = Team(
            p => p.Member("a", "A", m => m.TimeZone("America/New_York")).Member("b", "B", m => m.TimeZone("America/New_York")),
            q => q.Members("a", "b"));
        var state = router.NewState();

        Assert.Equal("b", router.PickMember("Team", MondayNine, state, excludeMemberId: "a")!.Id);
        Assert.Equal("b", router.PickMember("Team", MondayNine, state, excludeMemberId: "a")!.Id);
        Assert.Throws<ArgumentException>(() => router.PickMember("Nope", MondayNine, state));
    }
}
