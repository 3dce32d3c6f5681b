using System.Buffers.Binary;
using HandoffRules.Intake;

namespace HandoffRules.Simulation;

/// <summary>
/// Generated leads waiting for their arrival order on disk: a sorted chunk of drafts per file, read
/// back in order. Each draft is stored as <see cref="DraftRecord"/> wrote it, after its length, and
/// read back whole from a buffer of the file, so it comes back equal to the one spilled.
/// The files are unlinked as soon as they are open where the system allows, so a killed run
/// leaves nothing behind; elsewhere they go when closed.
/// </summary>
internal sealed class DraftSpill : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly FileStream _file;
    private int _written;

    // Writing: [0, _end) not yet written to the file. Reading: [_start, _end) not yet read.
    private byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    public DraftSpill()
    {
        var path = Path.Combine(Path.GetTempPath(), $"handoff-leads-{Environment.ProcessId}-{Guid.NewGuid():N}.spill");
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }
    }

    /// <summary>Appends one draft as <see cref="DraftRecord.Write"/> wrote it.</summary>
    public void Append(ReadOnlySpan<byte> record)
    {
        // Drafts are gathered into the buffer and written a buffer at a time.
        if (_buffer.Length - _end < sizeof(int) + record.Length)
        {
            Flush();
            if (_buffer.Length < sizeof(int) + record.Length)
            {
                _buffer = new byte[sizeof(int) + record.Length];
            }
        }

        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_end), record.Length);
        record.CopyTo(_buffer.AsSpan(_end + sizeof(int)));
        _end += sizeof(int) + record.Length;
        _written++;
    }

    /// <summary>Ends writing; reading starts at the first draft.</summary>
    public void Rewind()
    {
        Flush();
        _file.Flush();
        _file.Position = 0;
    }

    private void Flush()
    {
        _file.Write(_buffer.AsSpan(0, _end));
        _end = 0;
    }

    /// <summary>The next draft with its arrival key, or false at the end.</summary>
    public bool TryRead(out LeadInput lead, out long ticks, out int draw)
    {
        if (_written == 0)
        {
            (lead, ticks, draw) = (null!, 0, 0);
            return false;
        }

        _written--;
        var length = BinaryPrimitives.ReadInt32LittleEndian(Next(sizeof(int)));
        _start += sizeof(int);
        lead = DraftRecord.Read(Next(length), out ticks, out draw);
        _start += length;
        return true;
    }

    // The next size bytes of the file, read into the buffer as needed.
    private ReadOnlySpan<byte> Next(int size)
    {
        if (_end - _start < size)
        {
            var left = _end - _start;
            if (_buffer.Length < size)
            {
                var larger = new byte[Math.Max(size, _buffer.Length * 2)];
                _buffer.AsSpan(_start, left).CopyTo(larger);
                _buffer = larger;
            }
            else
            {
                _buffer.AsSpan(_start, left).CopyTo(_buffer);
            }

            (_start, _end) = (0, left);
            while (_end < size)
            {
                var read = _file.Read(_buffer.AsSpan(_end));
                if (read == 0)
                {
                    throw new InvalidDataException("A spill of lead drafts ended inside a draft.");
                }

                _end += read;
            }
        }

        return _buffer.AsSpan(_start, size);
    }

    public void Dispose() => _file.Dispose();
}
