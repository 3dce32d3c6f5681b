using HandoffRules.Host.Store;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// A compact trace's parts read back as written: a step kept without its member names gives back
/// the very JSON, whatever its values hold; a step of another shape is kept as it is; a trace's
/// step ids, six bytes each, come back in order, and an older trace's eight-byte ids still do; the
/// steps a trace keeps itself come back in their slots.
/// </summary>
public sealed class CompactTraceTests
{
    [Fact]
    public void A_trace_written_as_its_steps_gives_the_steps_and_ids_a_reading_of_its_text_finds()
    {
        var pipeline = HandoffRules.Pipeline.HandoffPipeline.InMemory(HandoffRules.Routing.Router.Compile(new Acme.Rules.AcmePlaybook().Build()));
        var trace = new HandoffRules.Routing.DecisionTrace();
        pipeline.Process(new HandoffRules.Simulation.LeadGenerator(3).Generate(1).Single(), DateTimeOffset.UnixEpoch, trace);
        var written = TraceText.Write(trace);
        Assert.False(written.HasText);

        var read = CompactTrace.Steps(written.Trace)!;
        Assert.True(written.HasText);
        Assert.True(written.Count > 5, $"{written.Count} steps");
        Assert.Equal(Enumerable.Range(0, read.Count).Select(i => read.Step(i).ToString()), Enumerable.Range(0, written.Count).Select(i => written.Step(i).ToString()));
        Assert.Equal(read.Ids, written.Ids);
        Assert.Same(written.Trace, written.Trace);
    }

    [Theory]
    [InlineData("""{"stage":"Segment","subject":"Enterprise","result":"Passed","detail":"58339 employees"}""")]
    [InlineData("""{"stage":"Intake","subject":"AnnualRevenue","result":"Note","detail":"'$138.5M' read as 138500000"}""")]
    [InlineData("""{"stage":"Intake","subject":"Company","result":"Note","detail":"'A \"quoted\" name\\' read as \u00e9 \\t"}""")]
    [InlineData("""{"stage":"","subject":"","result":"","detail":""}""")]
    public void A_step_of_the_four_members_is_kept_as_its_values_and_reads_back_exactly(string step)
    {
        var stored = CompactTrace.StoredStep(step);

        Assert.DoesNotContain("\"stage\"", stored, StringComparison.Ordinal);
        Assert.Equal(3, stored.Count(c => c == '\t'));
        Assert.True(stored.Length < step.Length - 40, $"'{stored}' is not shorter than the step");
        Assert.Equal(step, CompactTrace.StepText(stored));
    }

    [Theory]
    [InlineData("""{"stage":"Sla","subject":"First touch","result":"Note"}""")]
    [InlineData("""{"stage":"Sla","subject":"First touch","result":"Note","detail":"x","extra":1}""")]
    [InlineData("""{"subject":"First touch","stage":"Sla","result":"Note","detail":"x"}""")]
    [InlineData("""{"stage":"Sla","subject":"First touch","result":"Note","detail":null}""")]
    [InlineData("""{"stage":"{odd","subject":"s","result":"r","detail":"d"}""")]
    [InlineData("""{"stage":"Sla", "subject":"s","result":"r","detail":"d"}""")]
    public void A_step_of_any_other_shape_is_kept_as_its_json(string step)
    {
        var stored = CompactTrace.StoredStep(step);

        Assert.Equal(step, stored);
        Assert.Equal(step, CompactTrace.StepText(stored));
    }

    [Fact]
    public void A_compact_trace_gives_back_its_step_ids_in_order_six_bytes_each()
    {
        string[] steps = ["""{"stage":"Segment","subject":"SMB","result":"Passed","detail":"12 employees"}""", "b", "a", "b"];
        var ids = steps.Select(s => CompactTrace.Id(s)).ToArray();

        var compact = CompactTrace.Encode(ids);

        Assert.Equal(CompactTrace.Mark, compact[0]);
        Assert.Equal(1 + (steps.Length * 8), compact.Length);
        Assert.All(ids, id => Assert.InRange(id, 0L, (1L << 48) - 1));
        var (read, inline) = CompactTrace.Read("L1", compact);
        Assert.Equal(ids, read);
        Assert.Empty(inline);
    }

    [Fact]
    public void Steps_kept_in_the_trace_itself_come_back_in_their_slots()
    {
        string[] steps =
        [
            """{"stage":"Segment","subject":"SMB","result":"Passed","detail":"12 employees"}""",
            """{"stage":"Account","subject":"(none)","result":"Failed","detail":"domain kiehn-brekke.com is in no account"}""",
            """{"stage":"Qualification","subject":"Inbound MQL","result":"Passed"}""",
            """{"stage":"Sla","subject":"First touch","result":"Note","detail":"due 2026-11-06 21:14 UTC"}""",
        ];
        var shared = CompactTrace.Id(steps[0]);
        var other = CompactTrace.Id(steps[2]);
        string[] inline = [CompactTrace.StoredStep(steps[1]), CompactTrace.StoredStep(steps[3])];

        var compact = CompactTrace.Encode([shared, CompactTrace.InlineId, other, CompactTrace.InlineId], inline);
        var (ids, kept) = CompactTrace.Read("L1", compact);

        Assert.Equal([shared, CompactTrace.InlineId, other, CompactTrace.InlineId], ids);
        Assert.Equal(inline, kept);
        Assert.Equal([shared, other], CompactTrace.StoredIds(ids, kept));
        var texts = new Dictionary<long, string> { [shared] = CompactTrace.StoredStep(steps[0]), [other] = steps[2] };
        Assert.Equal("[" + string.Join(",", steps) + "]", CompactTrace.Expand("L1", ids, kept, texts));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    [InlineData(0, 1)]
    public void A_trace_whose_kept_steps_do_not_fill_its_slots_is_refused_naming_the_lead(int slots, int kept)
    {
        var ids = Enumerable.Repeat(CompactTrace.InlineId, slots).Append(CompactTrace.Id("a")).ToArray();
        var compact = CompactTrace.Encode(ids) + string.Concat(Enumerable.Repeat("\nSla\tx\tNote\ty", kept));

        var refused = Assert.Throws<InvalidDataException>(() => CompactTrace.Read("L9", compact));

        Assert.Contains("Lead L9", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"keeps {kept} steps itself for {slots} slots", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compact_trace_written_before_schema_version_10_gives_back_its_eight_byte_ids()
    {
        long[] ids = [long.MaxValue, 1, 0x0123_4567_89AB_CDEF];
        var compact = CompactTrace.WideMark + Convert.ToBase64String([.. ids.SelectMany(BitConverter.GetBytes)]);

        Assert.True(CompactTrace.IsCompact(compact));
        Assert.Equal(ids, CompactTrace.Read("L1", compact).Ids);
    }

    [Fact]
    public void A_trace_whose_bytes_are_not_whole_ids_is_refused_naming_the_lead()
    {
        var refused = Assert.Throws<InvalidDataException>(() => CompactTrace.Read("L7", CompactTrace.Mark + Convert.ToBase64String(new byte[7])));

        Assert.Contains("Lead L7", refused.Message, StringComparison.Ordinal);
        Assert.Contains("6-byte step ids", refused.Message, StringComparison.Ordinal);
    }
}
