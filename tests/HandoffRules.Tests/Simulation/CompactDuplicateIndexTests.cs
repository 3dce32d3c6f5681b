using System.Globalization;
using System.Text;
using HandoffRules.Model;
using HandoffRules.Pipeline;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Simulation;

/// <summary>
/// The duplicate index keeps fingerprints and packed ids instead of key strings and match records;
/// it must still answer exactly as a dictionary of keys does, eviction included.
/// </summary>
public sealed class CompactDuplicateIndexTests
{
    [Fact]
    public void The_fingerprint_is_MurmurHash3_x64_128()
    {
        // The reference implementation's published values for seed 0.
        Assert.Equal((0UL, 0UL), KeyFingerprint.Murmur3([]));
        Assert.Equal((0xe34bbc7bbc071b6cUL, 0x7a433ca9c49a9347UL), KeyFingerprint.Murmur3(Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")));
    }

    [Fact]
    public void It_answers_as_a_dictionary_of_key_strings_does_across_chunks_and_evictions()
    {
        // 60,000 leads about ten seconds apart (a week) under a one-day window, some out of order,
        // from a small pool of people so keys repeat; ids of every shape; varied queues and members.
        var rule = new DuplicateRule(SameEmail: true, SameNameAndDomain: true, TimeSpan.FromDays(1));
        var index = new DuplicateIndex(rule);
        var reference = new DictionaryIndex(rule);
        var random = new Random(11);
        var at = TestPlaybooks.Monday10Am;
        string[] queues = ["Triage", "East Large", "UK"];
        string?[] members = ["ana", "ben", null];
        var matches = 0;
        for (var i = 0; i < 60_000; i++)
        {
            at = at.AddSeconds(random.Next(0, 20));
            var arrived = random.Next(50) == 0 ? at.AddHours(-random.Next(1, 40)) : at;
            var person = random.Next(6_000);
            var id = (i % 7) switch
            {
                0 => "hs-" + i.ToString(CultureInfo.InvariantCulture) + "x",
                1 => i.ToString(CultureInfo.InvariantCulture),
                2 => "L" + i.ToString("D6", CultureInfo.InvariantCulture),
                3 => "lead/" + i.ToString("D12", CultureInfo.InvariantCulture),
                4 => "L" + new string('9', 16) + i.ToString(CultureInfo.InvariantCulture),
                _ => "L" + i.ToString("D6", CultureInfo.InvariantCulture),
            };
            var lead = TestPlaybooks.Lead(id, arrived) with
            {
                Email = random.Next(10) == 0 ? null : $"p{person}@co{person % 300}.com",
                FirstName = "Pat",
                LastName = "Lee" + (person % 2_000).ToString(CultureInfo.InvariantCulture),
                Domain = $"co{person % 300}.com",
            };
            var keys = DuplicateKeys.For(lead, rule);
            var expected = reference.Find(lead, keys);
            var actual = index.Find(lead, keys);
            Assert.Equal(expected, actual);
            matches += actual is null ? 0 : 1;
            if (actual is null || random.Next(3) == 0)
            {
                var open = random.Next(2) == 0;
                var (queue, member) = (queues[random.Next(queues.Length)], members[random.Next(members.Length)]);
                reference.Remember(lead, keys, queue, member, open);
                index.Remember(lead, keys, queue, member, open);
                Assert.Equal(reference.Count, index.Count);
            }
        }

        Assert.InRange(matches, 5_000, 50_000);
    }

    [Fact]
    public void A_lead_with_more_keys_than_the_rule_gives_is_refused_by_name()
    {
        var rule = new DuplicateRule(SameEmail: true, SameNameAndDomain: true, TimeSpan.FromDays(1));
        var lead = TestPlaybooks.Lead("L7");
        var error = Assert.Throws<ArgumentException>(() => new DuplicateIndex(rule).Remember(
            lead, [new("a", "email"), new("b", "email"), new("c", "email")], null, null, open: false));
        Assert.Contains("L7", error.Message, StringComparison.Ordinal);
    }

    // The index as it was: every key string in a dictionary with the match it points to, forgotten
    // in the order remembered once two windows have passed.
    private sealed class DictionaryIndex(DuplicateRule rule)
    {
        private readonly Dictionary<string, (DuplicateMatch Match, DateTimeOffset At)> _seen = new(StringComparer.Ordinal);
        private readonly Queue<(string Key, DateTimeOffset At)> _arrivals = new();
        private DateTimeOffset _latest = DateTimeOffset.MinValue;

        public int Count => _seen.Count;

        public DuplicateMatch? Find(Lead lead, DuplicateKey[] keys)
        {
            foreach (var (key, matchedOn) in keys)
            {
                if (_seen.TryGetValue(key, out var earlier) && lead.ArrivedAt - earlier.At <= rule.Window)
                {
                    return earlier.Match with { MatchedOn = matchedOn };
                }
            }

            return null;
        }

        public void Remember(Lead lead, DuplicateKey[] keys, string? queue, string? member, bool open)
        {
            var match = new DuplicateMatch(lead.Id, queue, member, "", open);
            foreach (var (key, _) in keys)
            {
                _seen[key] = (match, lead.ArrivedAt);
                _arrivals.Enqueue((key, lead.ArrivedAt));
            }

            if (lead.ArrivedAt > _latest)
            {
                _latest = lead.ArrivedAt;
                var horizon = _latest - rule.Window - rule.Window;
                while (_arrivals.TryPeek(out var oldest) && oldest.At < horizon)
                {
                    _arrivals.Dequeue();
                    if (_seen.TryGetValue(oldest.Key, out var held) && held.At == oldest.At)
                    {
                        _seen.Remove(oldest.Key);
                    }
                }
            }
        }
    }
}
