namespace HandoffRules.Host.Tests.Support;

/// <summary>
/// The highest live managed heap seen while some work runs, sampled on a thread of its own: a
/// compacting collection, then the heap less its free space, each time the process has allocated
/// another 256 KB, so the samples follow the work and never starve it. Whatever the work holds at
/// any step is seen. A count of live bytes, not a time; use it in <see cref="HeapMeasurements"/>.
/// </summary>
internal sealed class HeapSampler : IDisposable
{
    private readonly Thread _thread;
    private int _done;
    private long _peak;

    /// <summary>Starts sampling.</summary>
    public HeapSampler()
    {
        _thread = new Thread(Sample);
        _thread.Start();
    }

    /// <summary>Stops sampling and gives the highest live heap seen.</summary>
    public long Peak
    {
        get
        {
            Stop();
            return _peak;
        }
    }

    /// <summary>The bytes live right now, by the same measure as the samples.</summary>
    public static long LiveNow()
    {
        // What waits for its finalizer is dead but still counted after one collection (with all
        // it references); the second collection, once finalizers have run, no longer counts it.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return heap.HeapSizeBytes - heap.FragmentedBytes;
    }

    public void Dispose() => Stop();

    private void Stop()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            _thread.Join();
        }
    }

    private void Sample()
    {
        while (Volatile.Read(ref _done) == 0)
        {
            _peak = Math.Max(_peak, LiveNow());
            var next = GC.GetTotalAllocatedBytes() + (256 * 1024);
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) == 0 && GC.GetTotalAllocatedBytes() < next)
            {
                spin.SpinOnce();
            }
        }
    }
}
