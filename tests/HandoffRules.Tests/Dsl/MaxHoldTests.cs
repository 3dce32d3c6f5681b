using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Dsl;

/// <summary>The playbook's maximum hold: how long a lead may wait in a queue with nobody to take it.</summary>
public sealed class MaxHoldTests
{
    private static PlaybookModel Team(Action<PlaybookBuilder>? more = null) => new InlinePlaybook(p =>
    {
        p.Definition("MQL", d => d.HandsOff());
        p.Member("ana", "Ana", m => m.TimeZone("America/New_York").DailyCap(1));
        p.Queue("Team", q => q.Members("ana"));
        p.Route("All", r => r.ToQueue("Team"));
        p.Fallback("Team");
        more?.Invoke(p);
    }).Build();

    [Fact]
    public void A_playbook_that_declares_none_holds_leads_at_most_four_hours()
    {
        Assert.Equal(TimeSpan.FromHours(4), Team().MaxHold);
        Assert.Equal(PlaybookModel.DefaultMaxHold, Team().MaxHold);
    }

    [Fact]
    public void HoldAtMost_sets_it_and_refuses_no_time()
    {
        Assert.Equal(new TimeSpan(2, 30, 0), Team(p => p.HoldAtMost(hours: 2, minutes: 30)).MaxHold);
        var refused = Assert.Throws<PlaybookDefinitionException>(() => Team(p => p.HoldAtMost(minutes: 0)));
        Assert.Contains("HoldAtMost(hours:, minutes:) a positive value", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trace_of_a_held_lead_says_it_is_offered_again_and_when_it_escalates()
    {
        var router = Router.Compile(Team(p => p.HoldAtMost(hours: 2, minutes: 30)));
        var state = router.NewState();
        router.Route(TestPlaybooks.Lead("FIRST"), state);

        var trace = new DecisionTrace();
        var held = router.Route(TestPlaybooks.Lead("SECOND"), state, trace);

        Assert.Null(held.Member);
        Assert.Contains(trace.Steps, s => s.Stage == TraceStage.Distribution && s.Detail.Contains("offered again as soon as a member is free, escalated after 2:30 business time (maximum hold)", StringComparison.Ordinal));
    }
}
