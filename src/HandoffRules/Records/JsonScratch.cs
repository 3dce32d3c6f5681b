using System.Buffers;
using System.Text.Json;

namespace HandoffRules.Records;

/// <summary>
/// A JSON writer and the buffer it writes to, one per thread, emptied and written into again for
/// each text rather than made anew. The processor writes a decision trace and several events for
/// every lead, and the writers and buffers made for each of them (a buffer growing by doubling
/// past the few kilobytes of a trace) were a sixth of everything a replay allocated.
/// </summary>
/// <param name="options">How every text is written.</param>
internal sealed class JsonScratch(JsonWriterOptions options) : IDisposable
{
    // A buffer grown past this by an unusually long text is let go rather than kept by its thread.
    private const int KeptAtMost = 64 * 1024;

    private readonly ThreadLocal<Slot> _slots = new(() => new Slot(options));

    /// <summary>The thread's writer, emptied, and the buffer it writes to; the text is read from the buffer once the writer is flushed.</summary>
    public Utf8JsonWriter Start(out ArrayBufferWriter<byte> buffer)
    {
        var slot = _slots.Value!;
        if (slot.Buffer.Capacity > KeptAtMost)
        {
            slot.Buffer = new ArrayBufferWriter<byte>(Slot.FirstSize);
        }
        else
        {
            slot.Buffer.ResetWrittenCount();
        }

        slot.Writer.Reset(slot.Buffer);
        buffer = slot.Buffer;
        return slot.Writer;
    }

    /// <summary>Lets the threads' writers and buffers go (the scratches in use live as long as the process).</summary>
    public void Dispose() => _slots.Dispose();

    private sealed class Slot(JsonWriterOptions options)
    {
        public const int FirstSize = 4096;

        public ArrayBufferWriter<byte> Buffer { get; set; } = new(FirstSize);

        public Utf8JsonWriter Writer { get; } = new(new ArrayBufferWriter<byte>(1), options);
    }
}
