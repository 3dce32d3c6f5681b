using HandoffRules.Intake;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Simulation;

// RunAhead takes the leads in on a thread of its own: the records must be Run's, lead by lead, with
// repeats, and inputs that read as no lead, among them.
public sealed class RunAheadTests
{
    [Fact]
    public void The_records_are_the_ones_routing_in_one_thread_makes_in_the_same_order()
    {
        var router = Router.Compile(TestPlaybooks.Small());

        var inOne = LeadSimulation.Run(router, Leads());
        var ahead = new List<DecisionRecord>();
        var routed = LeadSimulation.RunAhead(router, Leads(), ahead.Add);

        Assert.Equal(inOne.Count, routed);
        Assert.Equal(inOne.Select(r => r.ToJson()), ahead.Select(r => r.ToJson()));
        Assert.Contains(ahead, r => r.Outcome == HandoffOutcome.Duplicate);
        Assert.Equal("(lead 3003)", Assert.Single(ahead, r => r.Outcome == HandoffOutcome.DeadLettered).LeadId);
    }

    [Fact]
    public void The_leads_are_made_on_another_thread_and_decided_on_the_callers()
    {
        var makers = new HashSet<int>();
        var deciders = new HashSet<int>();

        LeadSimulation.RunAhead(Router.Compile(TestPlaybooks.Small()), Made(), _ => deciders.Add(Environment.CurrentManagedThreadId));

        Assert.Equal([Environment.CurrentManagedThreadId], deciders);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, makers);

        IEnumerable<LeadInput> Made()
        {
            foreach (var lead in new LeadGenerator(4).Generate(300))
            {
                makers.Add(Environment.CurrentManagedThreadId);
                yield return lead;
            }
        }
    }

    [Fact]
    public void A_source_that_fails_fails_the_run_after_the_leads_before_it_are_decided()
    {
        var decided = 0;

        var error = Assert.Throws<InvalidOperationException>(() =>
            LeadSimulation.RunAhead(Router.Compile(TestPlaybooks.Small()), FailingAfter(500), _ => decided++));

        Assert.Equal("the lead file ended mid-line", error.Message);
        Assert.Equal(500, decided);
    }

    // Generated leads (some of them repeats), a lead that is no more than its id, and an input that reads as no lead.
    private static IEnumerable<LeadInput> Leads() =>
        new LeadGenerator(4).Generate(3_001).Concat([new LeadInput { Id = "bare-1" }, new LeadInput()]);

    private static IEnumerable<LeadInput> FailingAfter(int count)
    {
        foreach (var lead in new LeadGenerator(4).Generate(count))
        {
            yield return lead;
        }

        throw new InvalidOperationException("the lead file ended mid-line");
    }
}
