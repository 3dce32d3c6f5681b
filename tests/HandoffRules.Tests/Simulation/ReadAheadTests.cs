using System.Text.Json;
using HandoffRules.Simulation;

namespace HandoffRules.Tests.Simulation;

public sealed class ReadAheadTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(256)]
    [InlineData(1_000)]
    public void Every_item_comes_out_once_in_the_order_it_was_made(int count)
    {
        Assert.Equal(Enumerable.Range(0, count), ReadAhead.Of(Enumerable.Range(0, count)).ToList());
    }

    [Fact]
    public void Generated_leads_come_out_as_the_generator_makes_them()
    {
        var direct = new LeadGenerator(7, new LeadMix()).Generate(3_000).Select(lead => JsonSerializer.Serialize(lead)).ToList();

        var ahead = ReadAhead.Of(new LeadGenerator(7, new LeadMix()).Generate(3_000)).Select(lead => JsonSerializer.Serialize(lead)).ToList();

        Assert.Equal(3_000, ahead.Count);
        Assert.Equal(direct, ahead);
    }

    [Fact]
    public void The_items_are_made_on_another_thread()
    {
        var makers = new HashSet<int>();

        foreach (var _ in ReadAhead.Of(Made(10, () => makers.Add(Environment.CurrentManagedThreadId))))
        {
        }

        Assert.Single(makers);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, makers);
    }

    [Fact]
    public void A_failure_while_making_is_thrown_after_the_items_made_before_it()
    {
        var taken = new List<int>();

        var failure = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var item in ReadAhead.Of(FailingAfter(300)))
            {
                taken.Add(item);
            }
        });

        Assert.Equal("the generator broke after 300", failure.Message);
        Assert.Equal(Enumerable.Range(0, 300), taken);
    }

    [Fact]
    public void Leaving_early_stops_the_making_thread()
    {
        var stopped = false;

        var first = ReadAhead.Of(Endless(() => stopped = true)).Take(10).ToList();

        Assert.Equal(Enumerable.Range(0, 10), first);
        // Disposing the enumerator waited for the maker, whose own enumeration was disposed as it stopped.
        Assert.True(stopped);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(64)]
    public void A_taker_that_stops_lets_the_maker_run_as_many_batches_ahead_as_it_allows(int batches)
    {
        var made = 0;
        using var items = (batches == 8 ? ReadAhead.Of(Made(100_000, Counted)) : ReadAhead.Of(Made(100_000, Counted), batches)).GetEnumerator();

        Assert.True(items.MoveNext());

        // The batch taken, those waiting, and the one the maker holds while it waits to hand it over;
        // then no more.
        var ahead = (batches + 2) * 256;
        SpinWait.SpinUntil(() => Volatile.Read(ref made) >= ahead, TimeSpan.FromSeconds(30));
        Thread.Sleep(200);
        Assert.Equal(ahead, Volatile.Read(ref made));

        void Counted() => Interlocked.Increment(ref made);
    }

    private static IEnumerable<int> Made(int count, Action making)
    {
        for (var i = 0; i < count; i++)
        {
            making();
            yield return i;
        }
    }

    private static IEnumerable<int> FailingAfter(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return i;
        }

        throw new InvalidOperationException($"the generator broke after {count}");
    }

    private static IEnumerable<int> Endless(Action stopped)
    {
        try
        {
            for (var i = 0; ; i++)
            {
                yield return i;
            }
        }
        finally
        {
            stopped();
        }
    }
}
