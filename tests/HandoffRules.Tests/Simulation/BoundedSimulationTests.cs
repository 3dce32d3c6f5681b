using System.Globalization;
using System.Text;
using System.Text.Json;
using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Pipeline;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Simulation;

/// <summary>Tests that read the managed heap run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurements
{
    public const string Name = "Heap measurements";
}

/// <summary>A routing simulation keeps the duplicate window, not every lead: its memory does not grow with the number of leads.</summary>
[Collection(HeapMeasurements.Name)]
public sealed class BoundedSimulationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-bounded-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Routing_four_times_the_leads_keeps_the_same_memory()
    {
        // One lead a minute under a one-day duplicate window: the window holds the same leads
        // however long the run, so the heap's high-water mark must not follow the lead count.
        var playbook = TestPlaybooks.Small(p => p.Duplicates(d => d.SameEmail().WithinDays(1)));
        var small = HighWaterMark(playbook, 20_000);
        var large = HighWaterMark(playbook, 80_000);

        // Keeping each decision costs several hundred bytes a lead; 60,000 more leads may add 20 bytes each.
        Assert.True(large - small < 60_000 * 20, $"peak managed heap {small:N0} B for 20,000 leads, {large:N0} B for 80,000");
    }

    [Fact]
    public void A_window_longer_than_the_run_keeps_each_lead_in_a_few_dozen_bytes()
    {
        // The sample's 90-day window outlasts a simulated week, so no key is forgotten and the index
        // grows with the leads: what it keeps per lead is what such a run grows by. 80,000 leads a
        // minute apart span 56 days; each has two keys (e-mail, and name at domain).
        var playbook = TestPlaybooks.Small(p => p.Duplicates(d => d.SameEmail().SameNameAndDomain().WithinDays(90)));
        var small = HighWaterMark(playbook, 20_000, distinctNames: true);
        var large = HighWaterMark(playbook, 80_000, distinctNames: true);

        // 44 bytes a lead (arrival, packed id, queue and member, two 96-bit key fingerprints) and the
        // key table's 32-bit slots (load between 3/8 and 3/4): at most 64 bytes a lead. Key strings in
        // a dictionary took over 400.
        var perLead = (large - small) / 60_000.0;
        Assert.True(perLead <= 64, $"peak managed heap {small:N0} B for 20,000 leads, {large:N0} B for 80,000: {perLead:N1} B a lead");
    }

    [Fact]
    public void Generating_four_times_the_leads_holds_the_same_repeat_pool()
    {
        // Leads are handed out of four sorted chunks either way, so what the generator holds while it
        // hands them out differs only by its pool of earlier leads. Unbounded, that pool takes one new
        // lead in twenty past its first 5,000 (about 30 bytes a lead here); bounded at 5,000 it is full
        // in both runs.
        var small = GeneratorHighWaterMark(20_000);
        var large = GeneratorHighWaterMark(80_000);

        var perLead = (large - small) / 60_000.0;
        Assert.True(perLead <= 4, $"peak managed heap {small:N0} B for 20,000 leads, {large:N0} B for 80,000: {perLead:N1} B a lead");
    }

    [Fact]
    public void The_duplicate_index_forgets_keys_the_window_has_passed()
    {
        var rule = new DuplicateRule(SameEmail: true, SameNameAndDomain: false, TimeSpan.FromDays(1));
        var index = new DuplicateIndex(rule);
        var start = TestPlaybooks.Monday10Am;
        void Remember(string id, string email, DateTimeOffset at)
        {
            var lead = TestPlaybooks.Lead(id, at) with { Email = email };
            index.Remember(lead, DuplicateKeys.For(lead, rule), "Triage", "ana", open: true);
        }

        Remember("L1", "a@one.com", start);
        Remember("L2", "b@two.com", start.AddHours(12));
        Assert.Equal(2, index.Count);

        // Within the window a repeat still matches.
        var repeat = TestPlaybooks.Lead("L3", start.AddHours(20)) with { Email = "a@one.com" };
        Assert.Equal("L1", index.Find(repeat, DuplicateKeys.For(repeat, rule))?.LeadId);

        // Two windows after L1 (and less after L2) only L2's key is left, then none.
        Remember("L4", "c@three.com", start.AddDays(2).AddMinutes(1));
        Assert.Equal(2, index.Count);
        var late = TestPlaybooks.Lead("L3", start.AddDays(2).AddMinutes(2)) with { Email = "a@one.com" };
        Assert.Null(index.Find(late, DuplicateKeys.For(late, rule)));
        Remember("L5", "d@four.com", start.AddDays(3));
        Assert.Equal(["L4", "L5"], new[] { "c@three.com", "d@four.com", "a@one.com", "b@two.com" }
            .Select(e => TestPlaybooks.Lead("Lx", start.AddDays(3)) with { Email = e })
            .Select(l => index.Find(l, DuplicateKeys.For(l, rule))?.LeadId)
            .OfType<string>());
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void A_key_remembered_again_stays_under_its_newer_arrival()
    {
        var rule = new DuplicateRule(SameEmail: true, SameNameAndDomain: false, TimeSpan.FromDays(1));
        var index = new DuplicateIndex(rule);
        var start = TestPlaybooks.Monday10Am;
        var first = TestPlaybooks.Lead("L1", start) with { Email = "a@one.com" };
        var again = TestPlaybooks.Lead("L2", start.AddDays(1.5)) with { Email = "a@one.com" };
        index.Remember(first, DuplicateKeys.For(first, rule), "Triage", "ana", open: true);
        index.Remember(again, DuplicateKeys.For(again, rule), "Triage", "ana", open: true);

        var later = TestPlaybooks.Lead("L3", start.AddDays(2.2)) with { Email = "a@one.com" };
        index.Remember(later with { Email = "z@z.com" }, DuplicateKeys.For(later with { Email = "z@z.com" }, rule), null, null, open: false);

        Assert.Equal("L2", index.Find(later, DuplicateKeys.For(later, rule))?.LeadId);
    }

    [Fact]
    public void Routing_as_a_stream_gives_the_decisions_and_summary_of_routing_into_a_list()
    {
        var playbook = TestPlaybooks.Small();
        var router = Router.Compile(playbook);
        var listed = LeadSimulation.Run(router, new LeadGenerator(4).Generate(3_000));
        var streamed = new List<DecisionRecord>();
        var counts = new SimulationCounts();
        LeadSimulation.Run(router, new LeadGenerator(4).Generate(3_000), record =>
        {
            streamed.Add(record);
            counts.Add(record);
        });

        Assert.Equal(listed.Select(r => r.ToJson()), streamed.Select(r => r.ToJson()));
        Assert.Equal(Described(SimulationSummary.Of(listed)), Described(counts.Summary()));
    }

    private static string Described(SimulationSummary s) =>
        $"{s.Total} {s.Routed} {s.Held} {s.LeadsWithNotes}\n" + string.Join("\n",
            new[] { s.Outcomes, s.Fallbacks, s.Reasons, s.Queues, s.Routes, s.Members, s.QueueMembers, s.Notes }
                .Select(tallies => string.Join(", ", tallies.Select(t => $"{t.Key}={t.Count}"))));

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(100_000)]
    public void The_decisions_file_writer_writes_the_bytes_DecisionFile_writes(int chunk)
    {
        // Ids of growing length interleave when sorted ("L100" before "L11"), ids repeat, and a tail
        // comes in no order at all: the writer must still give DecisionFile.Write's bytes.
        var random = new Random(3);
        var records = Enumerable.Range(1, 1_500).Select(i => Record("L" + i.ToString(CultureInfo.InvariantCulture), i))
            .Concat(Enumerable.Range(1, 300).Select(i => Record("L" + random.Next(1, 2_000).ToString(CultureInfo.InvariantCulture), -i)))
            .ToList();
        var expected = Path.Combine(_folder, "expected.jsonl");
        var actual = Path.Combine(_folder, "actual.jsonl");
        DecisionFile.Write(expected, records);

        using (var writer = new DecisionFileWriter(actual, chunk))
        {
            records.ForEach(writer.Add);
            writer.Complete();
        }

        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
        Assert.Equal(["actual.jsonl", "expected.jsonl"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ToJson_and_the_decisions_file_writer_write_every_field_as_the_options_driven_serializer_does()
    {
        // Every property a record serialises, filled through reflection (so a property added later
        // is covered too), with text that needs escaping and times off UTC with fractions of a second.
        var records = Enumerable.Range(0, 3).Select(n =>
        {
            var record = Record("L" + n.ToString(CultureInfo.InvariantCulture), n);
            foreach (var property in typeof(DecisionRecord).GetProperties().Where(p => p.CanWrite))
            {
                object? value = property.PropertyType == typeof(string) ? $"Niamh O'Brien \"Zoë\" <ü> {property.Name} \u2028 \t 🙂 {n}"
                    : property.PropertyType == typeof(DateTimeOffset?) ? new DateTimeOffset(2026, 11, 2, 9, 30, 15, TimeSpan.FromHours(-5)).AddTicks(1234567 * n)
                    : property.PropertyType == typeof(string[]) ? new[] { "a \\ b", "c/d & e", "" }
                    : property.GetValue(record);
                property.SetValue(record, n == 2 && property.PropertyType != typeof(string[]) && property.Name is not "LeadId" and not "Outcome" ? null : value);
            }

            return record;
        }).ToList();
        // Both write from the compiled metadata: what they must match is the serializer driven by the
        // options alone (reflection), which knows nothing of it.
        var serialized = records.Select(r => JsonSerializer.Serialize(r, DecisionRecord.JsonOptions)).ToList();
        Assert.Equal(serialized, records.Select(r => r.ToJson()));
        var expected = Path.Combine(_folder, "expected.jsonl");
        var actual = Path.Combine(_folder, "actual.jsonl");
        File.WriteAllText(expected, string.Concat(records.Zip(serialized).OrderBy(r => r.First.LeadId, StringComparer.Ordinal).Select(r => r.Second + "\n")), new UTF8Encoding(false));
        using (var writer = new DecisionFileWriter(actual, chunk: 2))
        {
            records.ForEach(writer.Add);
            writer.Complete();
        }

        Assert.Equal(File.ReadAllText(expected), File.ReadAllText(actual));
        Assert.Equal(File.ReadAllBytes(expected), File.ReadAllBytes(actual));
    }

    [Fact]
    public void Leads_in_id_order_make_one_run_and_growing_ids_only_a_few()
    {
        var inOrder = Path.Combine(_folder, "in-order.jsonl");
        using (var writer = new DecisionFileWriter(inOrder, chunk: 100))
        {
            for (var i = 1; i <= 999; i++)
            {
                writer.Add(Record("L" + i.ToString("D3", CultureInfo.InvariantCulture), i));
            }

            writer.Complete();
            Assert.Equal(1, writer.Runs);
        }

        // As the generator's ids pass L999999: "L1000" sorts before "L999".
        var growing = Path.Combine(_folder, "growing.jsonl");
        using (var writer = new DecisionFileWriter(growing, chunk: 100))
        {
            for (var i = 1; i <= 5_000; i++)
            {
                writer.Add(Record("L" + i.ToString("D3", CultureInfo.InvariantCulture), i));
            }

            writer.Complete();
            Assert.InRange(writer.Runs, 2, 3);
        }

        var ids = File.ReadLines(growing).Select(l => DecisionRecord.FromJson(l).LeadId).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(5_000, ids.Count);
    }

    [Fact]
    public async Task A_decisions_file_that_cannot_be_written_fails_the_caller_instead_of_losing_records()
    {
        // The runs go beside the file: with its folder gone, the writing thread fails on the first chunk.
        var folder = Path.Combine(_folder, "gone");
        Directory.CreateDirectory(folder);
        var writer = new DecisionFileWriter(Path.Combine(folder, "decisions.jsonl"), chunk: 10);
        Directory.Delete(folder);

        var adding = Task.Run(() =>
        {
            for (var i = 1; i <= 50_000; i++)
            {
                writer.Add(Record("L" + i.ToString("D5", CultureInfo.InvariantCulture), i));
            }

            writer.Complete();
        });

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => adding.WaitAsync(TimeSpan.FromMinutes(1)));
        writer.Dispose();
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_decisions_file_not_completed_leaves_nothing_behind()
    {
        using (var writer = new DecisionFileWriter(Path.Combine(_folder, "half.jsonl"), chunk: 10))
        {
            for (var i = 30; i > 0; i--)
            {
                writer.Add(Record("L" + i.ToString("D2", CultureInfo.InvariantCulture), i));
            }
        }

        Assert.Empty(Directory.GetFiles(_folder));
    }

    private static DecisionRecord Record(string id, int n) => new()
    {
        LeadId = id,
        Outcome = n % 3 == 0 ? HandoffOutcome.Disqualified : HandoffOutcome.Routed,
        Reason = n % 3 == 0 ? "COMPETITOR" : null,
        Queue = n % 3 == 0 ? null : "Triage",
        Notes = [$"n: {n}"],
    };

    private long HighWaterMark(PlaybookModel playbook, int count, bool distinctNames = false)
    {
        var counts = new SimulationCounts();
        long peak = 0;
        var done = 0;
        using var file = new DecisionFileWriter(Path.Combine(_folder, $"decisions-{count}.jsonl"), chunk: 1_000);
        LeadSimulation.Run(Router.Compile(playbook), Leads(count, distinctNames), record =>
        {
            counts.Add(record);
            file.Add(record);
            if (++done % 2_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        });
        file.Complete();
        Assert.Equal(count, counts.Total);
        Assert.True(counts.Summary().Of(HandoffOutcome.Duplicate) > 0, "some leads repeat inside the window");
        return peak;
    }

    private static long GeneratorHighWaterMark(int count)
    {
        long peak = 0;
        var done = 0;
        foreach (var lead in new LeadGenerator(3).Generate(count, inMemory: count / 4, repeatPool: 5_000))
        {
            if (++done % 2_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }

        Assert.Equal(count, done);
        return peak;
    }

    // One lead a minute; every fiftieth repeats the lead before it, inside the window. With distinct
    // names every other lead's name-and-domain key is its own, as generated leads' are.
    private static IEnumerable<LeadInput> Leads(int count, bool distinctNames = false)
    {
        for (var i = 1; i <= count; i++)
        {
            var n = i % 50 == 0 ? i - 1 : i;
            yield return new LeadInput
            {
                Id = "L" + i.ToString("D7", CultureInfo.InvariantCulture),
                Email = $"person{n}@company{n % 997}.com",
                FirstName = "Pat",
                LastName = distinctNames ? "Lee" + n.ToString(CultureInfo.InvariantCulture) : "Lee",
                Company = "Company " + (n % 997).ToString(CultureInfo.InvariantCulture),
                Country = (n % 2) == 0 ? "US" : "GB",
                State = (n % 2) == 0 ? "NY" : null,
                Employees = ((n % 900) + 10).ToString(CultureInfo.InvariantCulture),
                Source = "organic",
                Score = 40 + (n % 60),
                Event = new LeadEventInput { Type = "form_submission", OccurredAt = TestPlaybooks.Monday10Am.AddMinutes(i) },
            };
        }
    }
}
