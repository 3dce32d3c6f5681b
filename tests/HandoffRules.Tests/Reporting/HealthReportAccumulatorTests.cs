using System.Text;
using System.Text.Json.Nodes;
using HandoffRules.Records;
using HandoffRules.Reporting;
using HandoffRules.Reporting.Rendering;

namespace HandoffRules.Tests.Reporting;

/// <summary>The report fed one event at a time, as a long log is read.</summary>
public sealed class HealthReportAccumulatorTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ReportWindow Week = new(Monday.Date, Monday.Date.AddDays(7));

    private static HandoffEvent Event(long seq, string lead, string type, TimeSpan after, JsonObject? data = null) =>
        new(seq, lead, type, Monday + after, data ?? []);

    [Fact]
    public void Events_added_one_at_a_time_give_the_report_of_the_whole_log()
    {
        HandoffEvent[] log =
        [
            Event(1, "L1", HandoffEventTypes.Routed, TimeSpan.Zero, new JsonObject { ["source"] = "Paid", ["queue"] = "Q", ["member"] = "ana" }),
            Event(2, "L2", HandoffEventTypes.Routed, TimeSpan.FromMinutes(1), new JsonObject { ["source"] = "Web", ["queue"] = "Q", ["member"] = "bo" }),
            Event(3, "L1", HandoffEventTypes.Touched, TimeSpan.FromMinutes(10)),
            Event(4, "L2", HandoffEventTypes.Reassigned, TimeSpan.FromMinutes(20), new JsonObject { ["member"] = "ana", ["misroute"] = true }),
            Event(5, "L1", HandoffEventTypes.Accepted, TimeSpan.FromMinutes(30)),
            Event(6, "L2", HandoffEventTypes.Touched, TimeSpan.FromMinutes(40)),
        ];
        var report = new HealthReportAccumulator(Week);
        foreach (var e in log)
        {
            report.Add(e);
        }

        var streamed = report.Finish();
        var built = HealthReportBuilder.Build(log, Week);
        Assert.Equal(built.Overall, streamed.Overall);
        Assert.Equal(2, report.Leads);
        Assert.Equal([("ana", 2), ("bo", 1)], streamed.ByMember.Select(m => (m.Key, m.Figures.HandedOff)));
        Assert.Equal(1, streamed.ByMember.Single(m => m.Key == "bo").Figures.Misrouted);
    }

    [Fact]
    public void An_event_out_of_log_order_is_refused_naming_it()
    {
        var report = new HealthReportAccumulator(Week);
        report.Add(Event(7, "L1", HandoffEventTypes.Routed, TimeSpan.Zero));

        var error = Assert.Throws<ArgumentException>(() => report.Add(Event(5, "L2", HandoffEventTypes.Touched, TimeSpan.FromMinutes(1))));
        Assert.Contains("Event 5 (sdr.touched of lead 'L2') came after event 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_read_as_stored_give_the_report_of_the_same_events_parsed()
    {
        // Data as a store may keep it: escaped and non-ASCII texts, nulls, texts that are not strings,
        // flags that are not true, and the same names nested deeper (which are not the event's own).
        (string Lead, string Type, int Minutes, string Data)[] log =
        [
            ("L1", HandoffEventTypes.Routed, 0, """{"trace":[{"step":{"queue":"X","member":"x"}}],"source":"Paid","queue":"inbound\u002dna","member":"ana","route":"na","segment":null}"""),
            ("L2", HandoffEventTypes.Routed, 1, """{"source":"Web","queue":"Q","member":7,"route":"r\u00e9","reason":"fit"}"""),
            ("L3", HandoffEventTypes.Routed, 2, """{"source":"Zoë","queue":"Q","member":"bo","route":"na","segment":"SMB"}"""),
            ("L4", HandoffEventTypes.Disqualified, 3, """{"route":"junk","reason":"free-mail"}"""),
            ("L1", HandoffEventTypes.TaskCreated, 4, """{"subject":"call"}"""),
            ("L1", HandoffEventTypes.SlaStarted, 5, """{"sla":"first-touch"}"""),
            ("L2", HandoffEventTypes.SlaStarted, 6, """{}"""),
            ("L1", HandoffEventTypes.SlaBreached, 20, """{"sla":"first-touch","kind":"Accept\u0061nce","late":true}"""),
            ("L2", HandoffEventTypes.Reassigned, 25, """{"member":null,"misroute":"true"}"""),
            ("L3", HandoffEventTypes.Escalated, 30, """{"queue":"Esc","more":{"member":"x"}}"""),
            ("L3", HandoffEventTypes.Rejected, 35, """{"reason":"wrong-territory","misroute":true,"source":"Zo\u00eb","segment":"SMB"}"""),
            ("L1", HandoffEventTypes.Rejected, 40, """{"reason":null,"misroute":false}"""),
            ("L2", HandoffEventTypes.Touched, 45, """{"source":"Web"}"""),
        ];
        var parsed = new HealthReportAccumulator(Week);
        var stored = new HealthReportAccumulator(Week);
        for (var i = 0; i < log.Length; i++)
        {
            var (lead, type, minutes, data) = log[i];
            var at = Monday.AddMinutes(minutes);
            parsed.Add(new HandoffEvent(i + 1, lead, type, at, JsonNode.Parse(data)!.AsObject()));
            stored.Add(i + 1, Encoding.UTF8.GetBytes(lead), Encoding.UTF8.GetBytes(type), at, Encoding.UTF8.GetBytes(data), null);
        }

        var fromParsed = parsed.Finish();
        var fromStored = stored.Finish();
        Assert.Equal(HtmlReport.Render(fromParsed), HtmlReport.Render(fromStored));
        Assert.Equal(["Esc", "Q", "inbound-na"], fromStored.ByQueue.Select(q => q.Key).Order(StringComparer.Ordinal));
        Assert.Equal([("Zoë", "SMB", 1)], fromStored.RejectReasons.Single(r => r.Reason == "wrong-territory").By);
        Assert.Equal([("first-touch", 1), ("?", 0)], fromStored.Slas.Select(s => (s.Sla, s.Breached)).OrderByDescending(s => s.Breached));
    }

    [Fact]
    public void Events_whose_lead_facts_are_kept_apart_give_the_report_of_their_data_as_written()
    {
        // Two sets of facts, as a store keeps them once (the members without braces); an event's own
        // members come after its set's, so where both name a field (L1's reassignment) the event's wins.
        string[] sets =
        [
            "",
            "\"source\":\"Paid\",\"segment\":\"SMB\",\"territory\":null,\"queue\":\"Q\",\"member\":\"bo\"",
            "\"source\":\"W\\u0065b\",\"segment\":null,\"territory\":\"NA\",\"qu\\u0065ue\":\"Esc\",\"member\":null",
        ];
        (string Lead, string Type, int Minutes, int Set, string Data)[] log =
        [
            ("L1", HandoffEventTypes.Routed, 0, 0, """{"source":"Paid","queue":"Q","member":"bo","route":"r1","segment":"SMB"}"""),
            ("L2", HandoffEventTypes.Routed, 1, 0, """{"source":"Web","queue":"Esc","member":null,"route":"r2"}"""),
            ("L1", HandoffEventTypes.SlaStarted, 2, 1, """{"sla":"first-touch","kind":"FirstTouch"}"""),
            ("L2", HandoffEventTypes.SlaStarted, 3, 2, """{}"""),
            ("L1", HandoffEventTypes.Reassigned, 10, 1, """{"member":"ana","misroute":true}"""),
            ("L1", HandoffEventTypes.SlaBreached, 20, 1, """{"sla":"first-touch","late":true}"""),
            ("L2", HandoffEventTypes.Escalated, 25, 2, """{"queue":"Q","member":"cy"}"""),
            ("L2", HandoffEventTypes.Touched, 30, 2, """{}"""),
            ("L1", HandoffEventTypes.Rejected, 40, 1, """{"reason":"wrong-territory","misroute":true}"""),
            ("L2", HandoffEventTypes.Accepted, 45, 2, """{}"""),
        ];
        var written = new HealthReportAccumulator(Week);
        var apart = new HealthReportAccumulator(Week);
        for (var i = 0; i < log.Length; i++)
        {
            var (lead, type, minutes, set, data) = log[i];
            var asWritten = set == 0 ? data : "{" + sets[set] + (data == "{}" ? "}" : "," + data[1..]);
            var (id, type8, at) = (Encoding.UTF8.GetBytes(lead), Encoding.UTF8.GetBytes(type), Monday.AddMinutes(minutes));
            written.Add(i + 1, id, type8, at, Encoding.UTF8.GetBytes(asWritten), null);
            apart.Add(i + 1, id, type8, at, Encoding.UTF8.GetBytes(data), set, Encoding.UTF8.GetBytes(sets[set]), null);
        }

        var fromWritten = written.Finish();
        var fromApart = apart.Finish();
        Assert.Equal(HtmlReport.Render(fromWritten), HtmlReport.Render(fromApart));
        Assert.Equal(["(unassigned)", "ana", "bo", "cy"], fromApart.ByMember.Select(m => m.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["Esc", "Q"], fromApart.ByQueue.Select(q => q.Key).Order(StringComparer.Ordinal));
        Assert.Equal([("wrong-territory", "Paid", "SMB", 1)], fromApart.RejectReasons.SelectMany(r => r.By.Select(b => (r.Reason, b.Source, b.Segment, b.Count))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(2_001)]
    public void The_median_and_p90_are_the_nearest_ranks_of_the_times_in_order_whatever_order_the_leads_came_in(int leads)
    {
        // Times with many ties, drawn at random (seeded), every tenth lead never touched (censored at the window's end).
        var random = new Random(leads);
        var log = new List<HandoffEvent>();
        var keys = new List<long>();
        for (var i = 0; i < leads; i++)
        {
            var lead = "L" + i;
            log.Add(Event(log.Count + 1, lead, HandoffEventTypes.Routed, TimeSpan.Zero, new JsonObject { ["queue"] = "Q", ["member"] = "ana" }));
            if (i % 10 == 9)
            {
                keys.Add(((Week.To - Monday).Ticks << 1) | 1);
                continue;
            }

            var minutes = TimeSpan.FromMinutes(random.Next(0, 120));
            log.Add(Event(log.Count + 1, lead, HandoffEventTypes.Touched, minutes));
            keys.Add(minutes.Ticks << 1);
        }

        keys.Sort();
        TouchTime Rank(double p)
        {
            var key = keys[Math.Max(0, (int)Math.Ceiling(p * keys.Count) - 1)];
            return new TouchTime(TimeSpan.FromTicks(key >> 1), (key & 1) != 0);
        }

        var overall = HealthReportBuilder.Build(log, Week).Overall;
        Assert.Equal(Rank(0.5), overall.FirstTouchMedian);
        Assert.Equal(Rank(0.9), overall.FirstTouchP90);
    }

    [Fact]
    public void A_value_named_as_the_placeholder_of_no_value_counts_in_the_same_row()
    {
        // Splits and findings tally by name id; a lead without a source and one whose source is the
        // text "(unknown)" still make one row, as when they were tallied by name.
        HandoffEvent[] log =
        [
            Event(1, "L1", HandoffEventTypes.Routed, TimeSpan.Zero, new JsonObject { ["queue"] = "Q", ["member"] = "ana" }),
            Event(2, "L2", HandoffEventTypes.Routed, TimeSpan.FromMinutes(1), new JsonObject { ["source"] = "(unknown)", ["queue"] = "Q", ["member"] = "ana", ["route"] = "(none)" }),
            Event(3, "L3", HandoffEventTypes.Routed, TimeSpan.FromMinutes(2), new JsonObject { ["source"] = "Web", ["queue"] = "Q", ["route"] = "r" }),
        ];
        var report = HealthReportBuilder.Build(log, Week);
        Assert.Equal([("(unknown)", 2), ("Web", 1)], report.BySource.Select(s => (s.Key, s.Figures.HandedOff)));
        Assert.Equal([("(none)", 2), ("r", 1)], report.ByRoute.Select(s => (s.Key, s.Figures.HandedOff)));
        Assert.Equal([("ana", 2), ("(unassigned)", 1)], report.ByMember.Select(s => (s.Key, s.Figures.HandedOff)));
    }

    [Fact]
    public void Data_in_every_form_JSON_allows_gives_the_facts_of_the_same_data_parsed()
    {
        // Events drawn at random (seeded): the facts a report reads as strings, nulls, numbers, flags,
        // nested values and escaped or non-ASCII texts, among members it does not read. Each is added
        // three ways: parsed; as stored (compact, mostly read without a JSON reader); and with white
        // space after each separator, which only a JSON reader reads. The three reports are one.
        var random = new Random(20261202);
        string[] types =
        [
            HandoffEventTypes.Routed, HandoffEventTypes.Disqualified, HandoffEventTypes.Duplicate, HandoffEventTypes.SlaStarted,
            HandoffEventTypes.SlaMet, HandoffEventTypes.SlaBreached, HandoffEventTypes.Escalated, HandoffEventTypes.Reassigned,
            HandoffEventTypes.Offered, HandoffEventTypes.Touched, HandoffEventTypes.Accepted, HandoffEventTypes.Rejected,
            HandoffEventTypes.MeetingBooked, HandoffEventTypes.Recycled, HandoffEventTypes.Held, HandoffEventTypes.HoldExpired,
        ];
        string[] fields = ["route", "reason", "source", "segment", "queue", "member", "sla", "late", "misroute", "kind", "due", "notes", "by", "queues"];
        string[] values =
        [
            "\"Q\"", "\"Web\"", "\"SMB\"", "\"ana\"", "\"first-touch\"", "\"Acceptance\"", "\"FirstTouch\"", "\"\"", "null", "true", "false",
            "0", "-12", "3.25", "1e3", "-0.5E-2", "[]", "{}", "[1,\"queue\",{\"member\":\"x\"}]", "{\"queue\":\"X\",\"n\":[true,null]}",
            "\"W\\u0065b\"", "\"Zoë\"", "\"a\\\"b\"", "\"Acc\\u0065ptance\"", "\"2026-11-02T17:00:00.0000000Z\"",
        ];
        var parsed = new HealthReportAccumulator(Week);
        var compact = new HealthReportAccumulator(Week);
        var spaced = new HealthReportAccumulator(Week);
        for (var seq = 1; seq <= 3_000; seq++)
        {
            var members = fields.OrderBy(_ => random.Next()).Take(random.Next(0, 7))
                .Select(f => $"\"{f}\":{values[random.Next(values.Length)]}").ToList();
            var data = "{" + string.Join(",", members) + "}";
            var (lead, type, at) = ($"L{random.Next(40)}", types[random.Next(types.Length)], Monday.AddMinutes(seq));
            parsed.Add(new HandoffEvent(seq, lead, type, at, JsonNode.Parse(data)!.AsObject()));
            compact.Add(seq, Encoding.UTF8.GetBytes(lead), Encoding.UTF8.GetBytes(type), at, Encoding.UTF8.GetBytes(data), null);
            spaced.Add(seq, Encoding.UTF8.GetBytes(lead), Encoding.UTF8.GetBytes(type), at, Encoding.UTF8.GetBytes("{ " + string.Join(", ", members) + " }"), null);
        }

        var (fromParsed, fromCompact, fromSpaced) = (parsed.Finish(), compact.Finish(), spaced.Finish());
        Assert.Equal(HtmlReport.Render(fromParsed), HtmlReport.Render(fromCompact));
        Assert.Equal(HtmlReport.Render(fromParsed), HtmlReport.Render(fromSpaced));
        Assert.Contains(fromCompact.ByQueue, q => q.Key == "Q");
        Assert.Contains(fromCompact.Slas, s => s.Sla == "first-touch" && s.Started > 0);
        Assert.True(fromCompact.Slas.Sum(s => s.Breached) > 0);
        Assert.True(fromCompact.Overall.Misrouted > 0);
    }

    [Theory]
    [InlineData("""{"queue":"Q",}""")]
    [InlineData("""{"queue":01}""")]
    [InlineData("{\"queue\":\"Q\"")]
    [InlineData("""{"queue" "Q"}""")]
    [InlineData("""{"late":tru}""")]
    [InlineData("""{"n":1.}""")]
    [InlineData("""{"n":-}""")]
    [InlineData("""{"n":1e}""")]
    [InlineData("""{"notes":[1,}""")]
    [InlineData("{\"queue\":\"a\u0001\"}")]
    [InlineData("""{"queue":"Q"]""")]
    [InlineData("""["queue"]""")]
    public void Data_that_is_not_a_JSON_object_is_refused_however_it_is_read(string data)
    {
        var report = new HealthReportAccumulator(Week);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() =>
            report.Add(1, "L1"u8, Encoding.UTF8.GetBytes(HandoffEventTypes.Routed), Monday, Encoding.UTF8.GetBytes(data), null));
    }
}
