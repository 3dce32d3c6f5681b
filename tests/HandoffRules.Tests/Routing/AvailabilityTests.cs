using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Routing;

/// <summary>
/// Availability set by operations — away for a while, paused, a cap for a day — is honoured by the
/// router next to the playbook's own rules, explained in the trace with who set it, and read the same
/// way by a reassignment's check (<see cref="Router.WhyUnavailable"/>).
/// </summary>
public sealed class AvailabilityTests
{
    // Monday 2 November 2026, 10:00 in New York (15:00 UTC), inside working hours.
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 15, 0, 0, TimeSpan.Zero);

    private static readonly Router Team = Router.Compile(new InlinePlaybook(p =>
    {
        p.Definition("MQL", d => d.HandsOff());
        p.Member("a", "A", m => m.TimeZone("America/New_York").DailyCap(5));
        p.Member("b", "B", m => m.TimeZone("America/New_York"));
        p.Queue("Team", q => q.RoundRobin().Members("a", "b"));
        p.Route("All", r => r.ToQueue("Team"));
        p.Fallback("Team");
    }).Build());

    private static DistributionState StateWith(bool byDecisionTime, params Availability[] sets)
    {
        var log = new AvailabilityLog(byDecisionTime);
        for (var i = 0; i < sets.Length; i++)
        {
            log.Add(i + 1, sets[i]);
        }

        var state = Team.NewState();
        state.Availability = log;
        return state;
    }

    private static Availability Set(string member, DateTimeOffset at, string by = "ops-bot") => new() { MemberId = member, SetAt = at, SetBy = by };

    [Fact]
    public void An_away_member_is_passed_over_and_the_trace_says_until_when_and_who_set_it()
    {
        var state = StateWith(false, Set("a", Monday.AddHours(-1), by: "a") with { AwayTo = Monday.AddDays(2) });
        var trace = new DecisionTrace();

        var decision = Team.Route(TestPlaybooks.Lead("L1", Monday), state, trace);

        Assert.Equal("b", decision.Member?.Id);
        var passed = Assert.Single(trace.Steps, s => s.Stage == TraceStage.Distribution && s.Subject == "a");
        Assert.Equal(TraceResult.Failed, passed.Result);
        Assert.Equal("away until 2026-11-04 15:00 UTC, set by a", passed.Detail);
        Assert.Equal("away until 2026-11-04 15:00 UTC, set by a", Team.WhyUnavailable("a", Monday, state));
    }

    [Fact]
    public void An_away_period_that_has_not_started_or_has_ended_leaves_the_member_in_rotation()
    {
        var state = StateWith(false, Set("a", Monday.AddDays(-3)) with { AwayFrom = Monday.AddHours(1), AwayTo = Monday.AddHours(3) });

        Assert.Null(Team.WhyUnavailable("a", Monday, state));
        Assert.StartsWith("away until", Team.WhyUnavailable("a", Monday.AddHours(2), state), StringComparison.Ordinal);
        Assert.Null(Team.WhyUnavailable("a", Monday.AddHours(3), state));
    }

    [Fact]
    public void A_paused_member_gets_no_lead_until_the_pause_is_cleared()
    {
        var state = StateWith(false, Set("a", Monday.AddHours(-1)) with { Paused = true });
        var trace = new DecisionTrace();

        Assert.Equal("b", Team.Route(TestPlaybooks.Lead("L1", Monday), state, trace).Member?.Id);
        Assert.Equal("b", Team.Route(TestPlaybooks.Lead("L2", Monday.AddMinutes(1)), state).Member?.Id);
        Assert.Contains(trace.Steps, s => s.Subject == "a" && s.Detail == "paused since 2026-11-02 14:00 UTC, set by ops-bot");

        state.Availability!.Add(2, Set("a", Monday.AddMinutes(2)));

        Assert.Equal("a", Team.Route(TestPlaybooks.Lead("L3", Monday.AddMinutes(3)), state).Member?.Id);
    }

    [Fact]
    public void A_cap_set_for_a_day_replaces_the_playbooks_cap_on_that_day_only()
    {
        var day = DateOnly.FromDateTime(Monday.AddHours(-5).UtcDateTime);
        var state = StateWith(false, Set("a", Monday.AddHours(-1), by: "team lead") with { Cap = 1, CapDay = day });
        var members = new List<string?>();
        var trace = new DecisionTrace();

        for (var i = 0; i < 4; i++)
        {
            trace.Clear();
            members.Add(Team.Route(TestPlaybooks.Lead($"L{i}", Monday.AddMinutes(i)), state, trace).Member?.Id);
        }

        // A takes one lead (1/1), then B takes every other: the trace names the cap and who set it.
        Assert.Equal(["a", "b", "b", "b"], members);
        Assert.Contains(trace.Steps, s => s.Subject == "a" && s.Detail == "at daily cap (1 on 2026-11-02, set by team lead)");
        Assert.Equal("at daily cap (1 on 2026-11-02, set by team lead)", Team.WhyUnavailable("a", Monday.AddMinutes(5), state));

        // The next day, the playbook's cap of 5 holds again.
        Assert.Null(Team.WhyUnavailable("a", Monday.AddDays(1), state));
    }

    [Fact]
    public void A_cap_of_zero_takes_no_lead_that_day()
    {
        var state = StateWith(false, Set("b", Monday.AddHours(-1)) with { Cap = 0, CapDay = Team.DayOf("b", Monday) });

        Assert.Equal("a", Team.Route(TestPlaybooks.Lead("L1", Monday), state).Member?.Id);
        Assert.Equal("a", Team.Route(TestPlaybooks.Lead("L2", Monday.AddMinutes(1)), state).Member?.Id);
    }

    [Fact]
    public void Replaying_history_an_availability_applies_from_the_time_it_was_set_on()
    {
        var setAt = Monday.AddHours(1);
        var replay = StateWith(true, Set("a", setAt) with { Paused = true });
        var live = StateWith(false, Set("a", setAt) with { Paused = true });

        Assert.Null(Team.WhyUnavailable("a", setAt.AddTicks(-1), replay));
        Assert.StartsWith("paused", Team.WhyUnavailable("a", setAt, replay), StringComparison.Ordinal);

        // Live, the latest availability holds for every decision made after it, even one stamped earlier.
        Assert.StartsWith("paused", Team.WhyUnavailable("a", setAt.AddMinutes(-5), live), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rolled_back_availability_is_forgotten()
    {
        var state = StateWith(false, Set("a", Monday) with { Paused = true });
        state.Availability!.Add(2, Set("a", Monday.AddMinutes(1)));

        state.Availability.ForgetAfter(1);

        Assert.Equal(1, state.Availability.LastSeq);
        Assert.StartsWith("paused", Team.WhyUnavailable("a", Monday.AddMinutes(2), state), StringComparison.Ordinal);
    }
}
