using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace HandoffRules.Records;

/// <summary>
/// Writes a decisions file as decisions are made, in bounded memory: the file comes out exactly as
/// <see cref="DecisionFile.Write"/> writes it (sorted by lead id, ties in the order added), without
/// holding every record. Records are sorted a chunk at a time and appended to sorted runs beside the
/// file; leads that arrive in id order make one run, which becomes the file as it is. Runs that
/// interleave (ids of different lengths, "L999999" after "L1000000") are merged at the end.
/// Records are serialised and written on a thread of the writer's own, a batch behind
/// <see cref="Add"/>, so the caller (a simulation routing leads) and the JSON run side by side; a
/// failure there is thrown by the next <see cref="Add"/> or by <see cref="Complete"/>. A record must
/// not change once added (decision records do not). One caller adds at a time.
/// </summary>
public sealed class DecisionFileWriter : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly string _path;
    private readonly int _chunk;
    private readonly List<Entry> _buffer = [];

    // A chunk's lines as UTF-8, back to back: the JSON is written there directly, so a chunk holds
    // one buffer instead of a string per record for the collector to carry until it is sorted.
    private readonly ArrayBufferWriter<byte> _lines = new(1 << 16);
    private readonly Utf8JsonWriter _json;
    private readonly List<Run> _runs = [];
    private long _added;
    private bool _completed;

    // Batches on their way to the writing thread, and emptied ones coming back for reuse: memory is
    // a few batches, whatever the caller's pace.
    private const int Batch = 1_024;
    private List<DecisionRecord> _batch = new(Batch);
    private readonly BlockingCollection<List<DecisionRecord>> _pending = new(boundedCapacity: 4);
    private readonly ConcurrentBag<List<DecisionRecord>> _spare = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writing;

    /// <summary>Starts a decisions file at <paramref name="path"/>; it is written by <see cref="Complete"/>.</summary>
    /// <param name="path">The decisions file.</param>
    /// <param name="chunk">How many records are sorted in memory at a time.</param>
    public DecisionFileWriter(string path, int chunk = 20_000)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        _path = Path.GetFullPath(path);
        _chunk = chunk;
        _json = new Utf8JsonWriter(_lines, DecisionRecord.WriterOptions);
        _writing = Task.Factory.StartNew(Write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>How many sorted runs the records made (one when they came in id order); final once <see cref="Complete"/> returns.</summary>
    public int Runs => _completed ? _runs.Count : 0;

    /// <summary>Adds a decision.</summary>
    /// <exception cref="IOException">Writing the records added before failed.</exception>
    public void Add(DecisionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_completed, this);
        _batch.Add(record);
        if (_batch.Count == Batch)
        {
            Hand();
        }
    }

    // The batch goes to the writing thread; a writing thread that failed stops taking them, and its failure is thrown here.
    private void Hand()
    {
        try
        {
            _pending.Add(_batch, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            _writing.GetAwaiter().GetResult();
            throw;
        }

        _batch = _spare.TryTake(out var spare) ? spare : new List<DecisionRecord>(Batch);
    }

    private void Write()
    {
        try
        {
            foreach (var batch in _pending.GetConsumingEnumerable(_stop.Token))
            {
                foreach (var record in batch)
                {
                    Serialize(record);
                }

                batch.Clear();
                _spare.Add(batch);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed before completion: nothing more is written.
        }
        catch
        {
            _stop.Cancel();
            throw;
        }
    }

    private void Serialize(DecisionRecord record)
    {
        // The bytes record.ToJson() gives, without the string in between.
        var offset = _lines.WrittenCount;
        _json.Reset(_lines);
        record.WriteJson(_json);
        _json.Flush();
        _buffer.Add(new Entry(record.LeadId, _added++, offset, _lines.WrittenCount - offset));
        if (_buffer.Count >= _chunk)
        {
            Flush();
        }
    }

    /// <summary>Writes the file: the one run moved into place, or the runs merged into it.</summary>
    /// <exception cref="IOException">Writing the records failed.</exception>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_batch.Count > 0)
        {
            Hand();
        }

        _pending.CompleteAdding();
        _writing.GetAwaiter().GetResult();
        Flush();
        _completed = true;
        foreach (var run in _runs)
        {
            run.Close();
        }

        if (_runs.Count == 0)
        {
            File.WriteAllBytes(_path, []);
            return;
        }

        if (_runs.Count == 1)
        {
            File.Move(_runs[0].TextPath, _path, overwrite: true);
            File.Delete(_runs[0].KeysPath);
            return;
        }

        Merge();
        DeleteRuns();
    }

    /// <summary>Removes the runs of a file that was not completed.</summary>
    public void Dispose()
    {
        if (!_completed)
        {
            _stop.Cancel();
            _pending.CompleteAdding();
            _writing.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
        }

        _json.Dispose();
        _pending.Dispose();
        _stop.Dispose();
        if (_completed)
        {
            return;
        }

        _completed = true;
        foreach (var run in _runs)
        {
            run.Close();
        }

        DeleteRuns();
    }

    private void Flush()
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        _buffer.Sort(EntryOrder.Instance);

        // The run whose last record is the latest one still before this chunk keeps the rest of the
        // runs free for what comes later; a chunk that fits no run starts one.
        var first = _buffer[0];
        Run? target = null;
        foreach (var run in _runs)
        {
            if (EntryOrder.Compare(run.LastId, run.LastSeq, first.Id, first.Seq) < 0
                && (target is null || EntryOrder.Compare(run.LastId, run.LastSeq, target.LastId, target.LastSeq) > 0))
            {
                target = run;
            }
        }

        if (target is null)
        {
            target = new Run($"{_path}.{_runs.Count}.part");
            _runs.Add(target);
        }

        var lines = _lines.WrittenSpan;
        foreach (var entry in _buffer)
        {
            target.Append(entry, lines.Slice(entry.Offset, entry.Length));
        }

        _buffer.Clear();
        _lines.ResetWrittenCount();
    }

    private void Merge()
    {
        var readers = _runs.Select(r => r.OpenForReading()).ToList();
        try
        {
            using var writer = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            var next = new PriorityQueue<int, (string Id, long Seq)>(EntryOrder.Instance);
            for (var i = 0; i < readers.Count; i++)
            {
                if (readers[i].Next() is { } key)
                {
                    next.Enqueue(i, key);
                }
            }

            while (next.TryDequeue(out var i, out _))
            {
                writer.Write(readers[i].Line);
                writer.WriteByte((byte)'\n');
                if (readers[i].Next() is { } key)
                {
                    next.Enqueue(i, key);
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    private void DeleteRuns()
    {
        foreach (var run in _runs)
        {
            File.Delete(run.TextPath);
            File.Delete(run.KeysPath);
        }
    }

    private readonly record struct Entry(string Id, long Seq, int Offset, int Length);

    private sealed class EntryOrder : IComparer<Entry>, IComparer<(string Id, long Seq)>
    {
        public static readonly EntryOrder Instance = new();

        public static int Compare(string id, long seq, string otherId, long otherSeq)
        {
            var byId = string.CompareOrdinal(id, otherId);
            return byId != 0 ? byId : seq.CompareTo(otherSeq);
        }

        public int Compare(Entry x, Entry y) => Compare(x.Id, x.Seq, y.Id, y.Seq);

        public int Compare((string Id, long Seq) x, (string Id, long Seq) y) => Compare(x.Id, x.Seq, y.Id, y.Seq);
    }

    // A sorted run: the lines as the file has them, and beside them the key of each line.
    private sealed class Run : IDisposable
    {
        private FileStream? _text;
        private BinaryWriter? _keys;

        public Run(string textPath)
        {
            TextPath = textPath;
            KeysPath = textPath + ".keys";
            _text = new FileStream(TextPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _keys = new BinaryWriter(File.Create(KeysPath), Utf8);
        }

        public string TextPath { get; }

        public string KeysPath { get; }

        public string LastId { get; private set; } = "";

        public long LastSeq { get; private set; } = -1;

        public void Append(Entry entry, ReadOnlySpan<byte> line)
        {
            _text!.Write(line);
            _text.WriteByte((byte)'\n');
            _keys!.Write(entry.Id);
            _keys.Write(entry.Seq);
            LastId = entry.Id;
            LastSeq = entry.Seq;
        }

        public void Dispose() => Close();

        public void Close()
        {
            _text?.Dispose();
            _keys?.Dispose();
            _text = null;
            _keys = null;
        }

        public RunReader OpenForReading() => new(TextPath, KeysPath);
    }

    // Reads a run's lines as bytes: merging copies them as they are, with no decoding and encoding.
    private sealed class RunReader(string textPath, string keysPath) : IDisposable
    {
        private readonly FileStream _text = new(textPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        private readonly BinaryReader _keys = new(File.OpenRead(keysPath), Utf8);
        private byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;
        private int _lineStart;
        private int _lineLength;

        public ReadOnlySpan<byte> Line => _buffer.AsSpan(_lineStart, _lineLength);

        public (string Id, long Seq)? Next()
        {
            while (true)
            {
                var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    (_lineStart, _lineLength) = (_start, newline);
                    _start += newline + 1;
                    return (_keys.ReadString(), _keys.ReadInt64());
                }

                // The rest of a line moves to the front; a line longer than the buffer doubles it.
                var partial = _end - _start;
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, partial);
                (_start, _end) = (0, partial);
                if (_end == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var read = _text.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    // Every line was written with its newline; a run cut short is not merged as if whole.
                    return partial == 0 ? null : throw new InvalidDataException($"{Path.GetFileName(textPath)} ends inside a line.");
                }

                _end += read;
            }
        }

        public void Dispose()
        {
            _text.Dispose();
            _keys.Dispose();
        }
    }
}
