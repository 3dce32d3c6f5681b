using HandoffRules.Host.Store;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// The filter that lets the store's first writer skip reads of what it never wrote: it must never
/// say "never added" of a hash it was given, however far it grew, and should seldom say "perhaps"
/// of one it was not.
/// </summary>
public sealed class BloomFilterTests
{
    [Fact]
    public void Every_hash_added_is_perhaps_there_through_every_layer_and_few_of_the_others_are()
    {
        var filter = new BloomFilter(firstCapacity: 1_000);
        var random = new Random(7);
        var added = new HashSet<int>();
        while (added.Count < 300_000)
        {
            var hash = random.Next(int.MinValue, int.MaxValue);
            added.Add(hash);
            filter.Add(hash);
        }

        Assert.Equal(5, filter.Layers);
        Assert.All(added, hash => Assert.True(filter.MayContain(hash), $"hash {hash} was added"));

        var (asked, perhaps) = (0, 0);
        while (asked < 300_000)
        {
            var hash = random.Next(int.MinValue, int.MaxValue);
            if (added.Contains(hash))
            {
                continue;
            }

            asked++;
            perhaps += filter.MayContain(hash) ? 1 : 0;
        }

        // Five layers (1,000, 4,000, 16,000, 64,000 and 256,000 hashes), each about 1% at most.
        Assert.InRange(perhaps, 0, asked * 3 / 100);
    }

    [Fact]
    public void An_empty_filter_has_nothing()
    {
        var filter = new BloomFilter();
        Assert.False(filter.MayContain(0));
        Assert.False(filter.MayContain(42));
        filter.Add(42);
        Assert.True(filter.MayContain(42));
    }
}
