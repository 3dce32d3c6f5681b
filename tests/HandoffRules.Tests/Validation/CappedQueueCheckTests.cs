using HandoffRules.Tests.Support;
using HandoffRules.Validation;

namespace HandoffRules.Tests.Validation;

/// <summary>HR2009 on the built model: a queue that can fill up needs somewhere for its leads to go.</summary>
public sealed class CappedQueueCheckTests
{
    private static IReadOnlyList<PlaybookIssue> Issues(Action<PlaybookBuilder> more) => PlaybookValidator.Validate(new InlinePlaybook(p =>
    {
        p.Definition("MQL", d => d.HandsOff());
        p.Member("ana", "Ana", m => m.DailyCap(20));
        p.Member("ben", "Ben", m => m.DailyCap(30));
        p.Member("gone", "Gone", m => m.Inactive());
        p.Member("mia", "Mia");
        p.Queue("Velocity", q => q.Members("ana", "ben", "gone"));
        p.Queue("Managers", q => q.Members("mia"));
        p.Route("All", r => r.ToQueue("Velocity"));
        p.Fallback("Managers");
        more(p);
    }).Build());

    [Fact]
    public void A_queue_whose_every_active_member_is_capped_with_no_escalation_or_sla_is_a_warning()
    {
        var issue = Assert.Single(Issues(p => p.Sla("Touch", s => s.FirstTouch().Within(hours: 4).OnEveryHandoff().OnBreach(b => b.Notify("#sdr")))));

        Assert.Equal(("HR2009", IssueSeverity.Warning, "queue 'Velocity'"), (issue.Id, issue.Severity, issue.Where));
        Assert.Contains("Queue 'Velocity' caps every member's leads a day and has no overflow path", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escalation_back_into_the_same_queue_is_no_way_out()
    {
        Assert.Contains(Issues(p => p.Escalation("Loop", e => e.From("Velocity").To("Velocity"))), i => i.Id == "HR2009");
    }

    [Theory]
    [InlineData("escalation from the queue")]
    [InlineData("escalation from any queue")]
    [InlineData("breach escalates to a named escalation")]
    [InlineData("breach reassigns")]
    public void An_overflow_path_satisfies_it(string how)
    {
        Action<PlaybookBuilder> more = how switch
        {
            "escalation from the queue" => p => p.Escalation("Overflow", e => e.From("Velocity").To("Managers")),
            "escalation from any queue" => p => p.Escalation("Overflow", e => e.To("Managers")),
            "breach escalates to a named escalation" => p => p
                .Escalation("Overflow", e => e.From("Managers").To("Managers"))
                .Sla("Touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.Escalate("Overflow"))),
            _ => p => p.Sla("Touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.ReassignToNextMember())),
        };

        Assert.DoesNotContain(Issues(more), i => i.Id == "HR2009");
    }

    [Fact]
    public void A_queue_with_one_uncapped_active_member_cannot_fill_up()
    {
        var issues = Issues(p => p.Queue("Open", q => q.Members("ana", "mia")).Route("Open", r => r.ToQueue("Open")));

        Assert.Equal(["queue 'Velocity'"], issues.Where(i => i.Id == "HR2009").Select(i => i.Where));
    }
}
