using System.Text.Json;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Pipeline;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Tests;

/// <summary>The trace the store keeps is the JSON the serializer gives for its steps, to the byte.</summary>
public sealed class TraceJsonTests
{
    [Fact]
    public void A_trace_is_written_as_the_serializer_writes_its_steps()
    {
        var pipeline = HandoffPipeline.InMemory(Router.Compile(new Acme.Rules.AcmePlaybook().Build()));
        var leads = new HandoffRules.Simulation.LeadGenerator(17).Generate(400).ToList();

        // Text the trace repeats from the lead, with what a writer escapes unless told not to.
        leads.Add(leads[0] with { Id = "tricky", Company = "Ünïcode <b>&</b> + \"quoted\" \\ 🚀", Country = "Zoë's\tland", Employees = "a lot" });
        var steps = 0;
        foreach (var lead in leads)
        {
            var trace = new DecisionTrace();
            pipeline.Process(lead, new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), trace);
            var serialized = JsonSerializer.Serialize(
                trace.Steps.Select(s => new { stage = s.Stage.ToString(), subject = s.Subject, result = s.Result.ToString(), detail = s.Detail }),
                DecisionRecord.JsonOptions);

            Assert.Equal(serialized, HandoffSession.TraceJson(trace));

            // The steps as written are those a reading of the text finds, with the same ids (the second
            // writing gives back every step it wrote before).
            var written = TraceText.Write(trace);
            var ranges = CompactTrace.StepRanges(serialized)!;
            Assert.Equal(ranges.Select(r => serialized[r]), Enumerable.Range(0, written.Count).Select(i => written.Step(i).ToString()));
            Assert.Equal(ranges.Select(r => CompactTrace.Id(serialized.AsSpan()[r])), written.Ids);
            Assert.Equal(serialized, written.Trace);
            steps += trace.Steps.Count;
        }

        Assert.True(steps > 10 * leads.Count, $"{steps} steps");
    }

    [Fact]
    public void A_trace_with_no_steps_is_an_empty_array_with_none_found()
    {
        var written = TraceText.Write(new DecisionTrace());
        Assert.Equal("[]", written.Trace);
        Assert.Equal(0, written.Count);
        Assert.Empty(written.Ids);
    }
}
