using System.Buffers.Binary;

namespace HandoffRules.Simulation;

/// <summary>A growing byte buffer drafts are written into, reused from chunk to chunk.</summary>
internal sealed class DraftBytes
{
    private byte[] _buffer = new byte[1 << 16];

    /// <summary>How many bytes are written.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Clear() => Length = 0;

    /// <summary>Lets go of the buffer.</summary>
    public void Release()
    {
        _buffer = [];
        Length = 0;
    }

    /// <summary>Writes a number, little-endian.</summary>
    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Free(sizeof(long)), value);
        Length += sizeof(long);
    }

    /// <summary>Writes a number, little-endian.</summary>
    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Free(sizeof(int)), value);
        Length += sizeof(int);
    }

    /// <summary>Writes a flag as a byte.</summary>
    public void Flag(bool value)
    {
        Free(1)[0] = value ? (byte)1 : (byte)0;
        Length++;
    }

    /// <summary>Room for at least <paramref name="size"/> more bytes, after what is written.</summary>
    public Span<byte> Free(int size)
    {
        if (_buffer.Length - Length < size)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + size));
        }

        return _buffer.AsSpan(Length);
    }

    /// <summary>Counts <paramref name="size"/> bytes written into <see cref="Free"/> as written.</summary>
    public void Advance(int size) => Length += size;
}
