using System.Linq.Expressions;
using HandoffRules.Model;

namespace HandoffRules.Tests.Dsl;

public sealed class PredicateTextTests
{
    private static readonly HashSet<string> Competitors = ["rival.com"];

    [Fact]
    public void Prints_conditions_the_way_they_were_written()
    {
        Assert.Equal("lead.Score >= 60 || lead.HasSignal(\"pricing_page\")", Text(lead => lead.Score >= 60 || lead.HasSignal("pricing_page")));
        Assert.Equal("lead.Event.Type == LeadEventType.DemoRequest", Text(lead => lead.Event.Type == LeadEventType.DemoRequest));
        Assert.Equal("lead.Employees >= 1000 && !lead.IsFreeMail", Text(lead => lead.Employees >= 1000 && !lead.IsFreeMail));
        Assert.Equal("PredicateTextTests.Competitors.Contains(lead.Domain)", Text(lead => Competitors.Contains(lead.Domain!)));
        Assert.Equal("(lead.Score > 10 || lead.Score < 5) && lead.Country == \"US\"", Text(lead => (lead.Score > 10 || lead.Score < 5) && lead.Country == "US"));
    }

    [Fact]
    public void A_captured_local_prints_by_its_name()
    {
        var threshold = 42;
        Assert.Equal("lead.Score > threshold", Text(lead => lead.Score > threshold));
    }

    [Fact]
    public void Predicates_evaluate_and_compare_by_text()
    {
        var a = LeadPredicate.From(lead => lead.Score > 5);
        var b = LeadPredicate.From(lead => lead.Score > 5);
        var lead = Support.TestPlaybooks.Lead();

        Assert.Equal(a, b);
        Assert.True(a.Evaluate(lead));
        Assert.False(LeadPredicate.From(l => l.Score > 90).Evaluate(lead));
    }

    private static string Text(Expression<Func<Lead, bool>> condition) => LeadPredicate.From(condition).Text;
}
