using HandoffRules.Model;
using HandoffRules.Routing;
using HandoffRules.Tests.Support;
using HandoffRules.Validation;

namespace HandoffRules.Tests.Validation;

/// <summary>
/// Names are matched exactly as written and whitespace around one is refused (HR1005) — by the
/// validator here, by the analyzers at compile time — instead of being trimmed on one side only.
/// </summary>
public sealed class NameWhitespaceTests
{
    [Fact]
    public void The_dsl_keeps_a_name_as_written()
    {
        var model = TestPlaybooks.Small(p => p.Queue("Triage ", q => q.Members("ana ")));

        var queue = model.Queues[^1];
        Assert.Equal(("Triage ", "ana "), (queue.Name, queue.Members[0].MemberId));
    }

    [Fact]
    public void A_member_declared_with_a_trailing_space_is_an_error_naming_it_visibly()
    {
        var issues = PlaybookValidator.Validate(TestPlaybooks.Small(p => p.Member("ana.ruiz ", "Ana Ruiz")));

        var issue = Assert.Single(issues);
        Assert.Equal(("HR1005", IssueSeverity.Error, "member 'ana.ruiz '"), (issue.Id, issue.Severity, issue.Where));
        Assert.Contains("The member name 'ana.ruiz\u2420' ends with whitespace (shown as \u2420 for a space)", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_queues_differing_only_in_whitespace_are_a_duplicate_and_the_whitespace_is_reported()
    {
        var issues = PlaybookValidator.Validate(TestPlaybooks.Small(p => p.Queue("Triage\t", q => q.Members("ben"))));

        Assert.Equal(["HR1003", "HR1005"], issues.Select(i => i.Id).Order());
        Assert.Contains("'Triage\u2409'", Assert.Single(issues, i => i.Id == "HR1003").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_to_a_queue_with_a_trailing_space_does_not_compile_and_says_so_once()
    {
        var model = TestPlaybooks.Small(p => p.Route("North America", r => r.Territories("East").ToQueue("East Small ")));

        var error = Assert.Throws<PlaybookValidationException>(() => Router.Compile(model));

        var issue = Assert.Single(error.Issues);
        Assert.Equal("HR1005", issue.Id);
        Assert.Contains("Route 'North America' refers to queue 'East Small\u2420'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void References_with_whitespace_are_reported_wherever_they_are_written()
    {
        var issues = PlaybookValidator.Validate(TestPlaybooks.Small(p => p
            .Route("Leading", r => r.Territories(" UK").Segments("Small ").Definitions("MQL ").ToQueue("UK"))
            .Escalation("Stalled", e => e.From(" UK").To("Triage "))
            .Trigger("Pricing", t => t.On(LeadEventType.HighIntentPageView).StartSla("First touch "))
            .RejectReason("SPAM", "Spam", r => r.NurtureTrack("Later "))));

        Assert.Equal(7, issues.Count(i => i.Id == "HR1005"));
        Assert.DoesNotContain(issues, i => i.Id is "HR1004" or "HR2005");
    }

    [Fact]
    public void A_value_the_dsl_refuses_names_its_element_with_the_whitespace_visible()
    {
        var error = Assert.Throws<PlaybookDefinitionException>(() => TestPlaybooks.Small(p => p.Route("East\t", r => r.Territories("East"))));

        Assert.StartsWith("Route 'East\u2409' has no target", error.Message, StringComparison.Ordinal);
    }
}
