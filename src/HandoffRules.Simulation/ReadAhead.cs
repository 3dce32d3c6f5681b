using System.Collections.Concurrent;

namespace HandoffRules.Simulation;

/// <summary>
/// A sequence made on a thread of its own, a few batches ahead of the code that takes it: generating
/// leads (and whatever else depends on the lead alone) and routing them run side by side on two
/// cores instead of one after the other. Items come out in the order the source makes them, so what
/// is done with them is the same; memory is a few batches, whatever the length of the sequence.
/// </summary>
internal static class ReadAhead
{
    // Items handed over at once, and batches that may wait: the threads meet once a batch, not once
    // an item, and the items ahead stay a small share of memory.
    private const int BatchSize = 256;
    private const int Batches = 8;

    /// <summary>
    /// <paramref name="source"/>, enumerated on a thread of its own from when this is first enumerated.
    /// Disposing the enumerator (leaving a <c>foreach</c> early) stops that thread and waits for it.
    /// </summary>
    /// <typeparam name="T">What the sequence holds.</typeparam>
    /// <param name="source">The sequence; it is enumerated once, on the other thread.</param>
    /// <returns>The same items in the same order. A failure of <paramref name="source"/> is thrown, as itself, after the items made before it.</returns>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source) => Of(source, Batches);

    /// <summary>
    /// <paramref name="source"/>, made as far as <paramref name="batches"/> batches ahead: for a taker
    /// that stops now and then for longer than a few batches take to make.
    /// </summary>
    public static IEnumerable<T> Of<T>(IEnumerable<T> source, int batches)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        return Items(source, batches);
    }

    private static IEnumerable<T> Items<T>(IEnumerable<T> source, int batches)
    {
        using var stop = new CancellationTokenSource();
        using var ready = new BlockingCollection<List<T>>(batches);
        var making = Task.Factory.StartNew(() => Make(source, ready, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var batch in ready.GetConsumingEnumerable())
            {
                foreach (var item in batch)
                {
                    yield return item;
                }
            }

            // The source's own failure, if it failed, after every item it made.
            making.GetAwaiter().GetResult();
        }
        finally
        {
            // Left early (a break, a failure here, a cancelled run): a maker waiting to hand over a batch sees the stop.
            stop.Cancel();
            making.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        }
    }

    private static void Make<T>(IEnumerable<T> source, BlockingCollection<List<T>> ready, CancellationToken stop)
    {
        var batch = new List<T>(BatchSize);
        try
        {
            foreach (var item in source)
            {
                batch.Add(item);
                if (batch.Count == BatchSize)
                {
                    ready.Add(batch, stop);
                    batch = new List<T>(BatchSize);
                }
            }

            if (batch.Count > 0)
            {
                ready.Add(batch, stop);
            }
        }
        catch when (batch.Count > 0 && !stop.IsCancellationRequested)
        {
            // The items made before a failure reach the taker before it.
            ready.Add(batch, stop);
            throw;
        }
        finally
        {
            ready.CompleteAdding();
        }
    }
}
