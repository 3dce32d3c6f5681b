using HandoffRules.Intake;

namespace HandoffRules.Simulation;

/// <summary>
/// One chunk of drafts waiting to be sorted into a <see cref="DraftSpill"/>, held as the bytes the
/// spill stores (<see cref="DraftRecord"/>) rather than as lead objects: tens of thousands of leads
/// kept alive until their chunk is full would each be copied from one collector generation to the
/// next, which cost more than drawing them. The buffer is reused from chunk to chunk.
/// </summary>
internal sealed class DraftChunk : IDisposable
{
    private readonly DraftBytes _bytes = new();
    private readonly List<(long Ticks, int Draw, int Offset)> _drafts = [];

    /// <summary>How many drafts the chunk holds.</summary>
    public int Count => _drafts.Count;

    /// <summary>Adds a draft with its arrival key.</summary>
    public void Add(LeadInput lead, long ticks, int draw)
    {
        _drafts.Add((ticks, draw, _bytes.Length));
        DraftRecord.Write(_bytes, lead, ticks, draw);
    }

    /// <summary>Writes the drafts to a new spill in arrival order (ties in draw order) and empties the chunk.</summary>
    public DraftSpill Spill()
    {
        var written = _bytes.Written;
        var end = written.Length;

        // Drafts lie back to back in draw order: each ends where the next begins.
        var order = new (long Ticks, int Draw, int Offset, int Length)[_drafts.Count];
        for (var i = 0; i < order.Length; i++)
        {
            var (ticks, draw, offset) = _drafts[i];
            order[i] = (ticks, draw, offset, (i + 1 < order.Length ? _drafts[i + 1].Offset : end) - offset);
        }

        Array.Sort(order, static (x, y) => x.Ticks != y.Ticks ? x.Ticks.CompareTo(y.Ticks) : x.Draw.CompareTo(y.Draw));
        var spill = new DraftSpill();
        try
        {
            foreach (var draft in order)
            {
                spill.Append(written.Slice(draft.Offset, draft.Length));
            }

            spill.Rewind();
        }
        catch
        {
            spill.Dispose();
            throw;
        }

        _drafts.Clear();
        _bytes.Clear();
        return spill;
    }

    /// <summary>Lets go of the buffer (the generator still holds the chunk while it merges the spills).</summary>
    public void Dispose()
    {
        _bytes.Release();
        _drafts.Clear();
        _drafts.TrimExcess();
    }
}
