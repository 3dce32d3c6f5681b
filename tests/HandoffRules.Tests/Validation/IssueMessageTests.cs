using HandoffRules.Tests.Support;
using HandoffRules.Validation;

namespace HandoffRules.Tests.Validation;

/// <summary>Messages read by RevOps engineers say what is wrong in their words.</summary>
public sealed class IssueMessageTests
{
    [Fact]
    public void A_gap_of_one_value_names_the_value_not_a_range()
    {
        var issues = PlaybookValidator.Validate(new InlinePlaybook(p =>
        {
            p.Segment("SMB", s => s.Employees(1, 199));
            p.Segment("Enterprise", s => s.Employees(201));
        }).Build());

        var gap = Assert.Single(issues, i => i.Id == "HR2003");
        Assert.StartsWith("No segment covers employees 200;", gap.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recycle_reason_without_a_track_is_not_told_to_be_a_misroute()
    {
        var issues = PlaybookValidator.Validate(TestPlaybooks.Small(p => p
            .RecycleReason("LOST", "Lost", r => { })
            .RejectReason("SPAM", "Spam", r => { })));

        var recycle = Assert.Single(issues, i => i.Id == "HR3002" && i.Where.StartsWith("recycle", StringComparison.Ordinal));
        Assert.DoesNotContain("misroute", recycle.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("give it a nurture track", recycle.Message, StringComparison.Ordinal);
        var reject = Assert.Single(issues, i => i.Id == "HR3002" && i.Where.StartsWith("reject", StringComparison.Ordinal));
        Assert.Contains("Misroute()", reject.Message, StringComparison.Ordinal);
    }
}
