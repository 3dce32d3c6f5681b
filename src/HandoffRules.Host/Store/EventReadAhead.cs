using System.Collections.Concurrent;
using HandoffRules.Model;

namespace HandoffRules.Host.Store;

/// <summary>
/// Reads events on a thread of their own, a block ahead of the caller who folds them: the database's
/// work (stepping through pages, decoding rows, reading times) and the caller's (reading facts,
/// counting) run side by side instead of one after the other. Events reach the caller in the order
/// they were read, each as the same spans a direct read gives; memory is a few blocks, whatever the
/// length of the log. A failure on either side stops both and is thrown to the caller.
/// </summary>
internal static class EventReadAhead
{
    // Blocks in flight: one being filled, some waiting, one being folded.
    private const int Blocks = 4;

    /// <summary>Runs <paramref name="produce"/> on a reading thread and hands what it emits to <paramref name="consume"/> here, in order.</summary>
    /// <param name="produce">Reads the events, emitting each to the callback it is given.</param>
    /// <param name="consume">Receives every event, on the calling thread.</param>
    public static void Run(Action<StoredEventReader> produce, StoredEventReader consume)
    {
        using var stop = new CancellationTokenSource();
        using var full = new BlockingCollection<EventBlock>(Blocks);
        using var free = new BlockingCollection<EventBlock>();
        for (var i = 0; i < Blocks + 1; i++)
        {
            free.Add(new EventBlock());
        }

        var reading = Task.Factory.StartNew(() => Produce(produce, full, free, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            foreach (var block in full.GetConsumingEnumerable())
            {
                block.Replay(consume);
                free.Add(block);
            }
        }
        catch
        {
            // The caller failed: the reader stops at its next row or block, and the caller's failure is the one thrown.
            stop.Cancel();
            reading.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
            throw;
        }

        reading.GetAwaiter().GetResult();
    }

    private static void Produce(Action<StoredEventReader> produce, BlockingCollection<EventBlock> full, BlockingCollection<EventBlock> free, CancellationToken stop)
    {
        EventBlock? block = null;
        try
        {
            produce((seq, leadId, type, at, data, facts, playbook) =>
            {
                block ??= free.Take(stop);
                block.Add(seq, leadId, type, at, data, facts, playbook);
                if (block.IsFull)
                {
                    full.Add(block, stop);
                    block = null;
                }
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The caller stopped reading.
        }
        finally
        {
            // What was read before the end (or a failure, thrown after it) reaches the caller too.
            try
            {
                if (block is { } last)
                {
                    full.Add(last, stop);
                }
            }
            catch (OperationCanceledException)
            {
                // The caller stopped reading.
            }
            finally
            {
                full.CompleteAdding();
            }
        }
    }

    /// <summary>Events copied out of the database's buffers: their fields in arrays, their texts back to back in one (a set of facts, shared, by reference).</summary>
    private sealed class EventBlock
    {
        private const int Rows = 2_048;

        private readonly long[] _seq = new long[Rows];
        private readonly DateTimeOffset[] _at = new DateTimeOffset[Rows];
        private readonly StoredFacts?[] _facts = new StoredFacts?[Rows];
        private readonly PlaybookVersion?[] _playbook = new PlaybookVersion?[Rows];

        // Where each row's lead id, type and data end in _bytes.
        private readonly int[] _ends = new int[Rows * 3];
        private byte[] _bytes = new byte[Rows * 256];
        private int _count;
        private int _used;

        public bool IsFull => _count == Rows;

        public void Add(long seq, ReadOnlySpan<byte> leadId, ReadOnlySpan<byte> type, DateTimeOffset at, ReadOnlySpan<byte> data, StoredFacts? facts, PlaybookVersion? playbook)
        {
            var needed = _used + leadId.Length + type.Length + data.Length;
            if (needed > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
            }

            (_seq[_count], _at[_count], _facts[_count], _playbook[_count]) = (seq, at, facts, playbook);
            _ends[_count * 3] = Append(leadId);
            _ends[_count * 3 + 1] = Append(type);
            _ends[_count * 3 + 2] = Append(data);
            _count++;
        }

        private int Append(ReadOnlySpan<byte> text)
        {
            text.CopyTo(_bytes.AsSpan(_used));
            return _used += text.Length;
        }

        /// <summary>Hands every row to <paramref name="consume"/>, then empties the block for reuse.</summary>
        public void Replay(StoredEventReader consume)
        {
            var start = 0;
            for (var i = 0; i < _count; i++)
            {
                var (leadEnd, typeEnd, dataEnd) = (_ends[i * 3], _ends[i * 3 + 1], _ends[i * 3 + 2]);
                consume(_seq[i], _bytes.AsSpan(start, leadEnd - start), _bytes.AsSpan(leadEnd, typeEnd - leadEnd), _at[i], _bytes.AsSpan(typeEnd, dataEnd - typeEnd), _facts[i], _playbook[i]);
                start = dataEnd;
            }

            Array.Clear(_facts, 0, _count);
            Array.Clear(_playbook, 0, _count);
            (_count, _used) = (0, 0);
        }
    }
}
