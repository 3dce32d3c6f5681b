using HandoffRules.Host.Store;

namespace HandoffRules.Host.Processing;

/// <summary>
/// The leads a session read or wrote last, up to a fixed number, kept as the store would give them
/// back: a lead looked at again soon — a held lead at every scan, a lead an SDR acts on, whose
/// action is then checked and its timers settled — is answered from memory instead of another read.
/// The least recently used lead makes room for a new one, so memory stays the same however many
/// leads go by.
/// </summary>
internal sealed class RecentLeads(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<StoredLead>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<StoredLead> _byUse = new();

    /// <summary>How many leads it keeps at most.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "at least one lead");

    /// <summary>How many leads it keeps now.</summary>
    public int Count => _byId.Count;

    /// <summary>The lead as last read or written, if it is kept; it becomes the most recently used.</summary>
    public bool TryGet(string leadId, out StoredLead lead)
    {
        if (_byId.TryGetValue(leadId, out var node))
        {
            _byUse.Remove(node);
            _byUse.AddFirst(node);
            lead = node.Value;
            return true;
        }

        lead = null!;
        return false;
    }

    /// <summary>Keeps the lead as it is now, in place of what was kept for it.</summary>
    public void Remember(StoredLead lead)
    {
        if (_byId.TryGetValue(lead.LeadId, out var node))
        {
            node.Value = lead;
            _byUse.Remove(node);
            _byUse.AddFirst(node);
            return;
        }

        if (_byId.Count == Capacity)
        {
            var last = _byUse.Last!;
            _byUse.RemoveLast();
            _byId.Remove(last.Value.LeadId);
        }

        _byId.Add(lead.LeadId, _byUse.AddFirst(lead));
    }

    /// <summary>Drops what was kept for the lead: the next read goes to the store.</summary>
    public void Forget(string leadId)
    {
        if (_byId.Remove(leadId, out var node))
        {
            _byUse.Remove(node);
        }
    }

    /// <summary>Drops everything (the transaction that wrote some of it was rolled back).</summary>
    public void Clear()
    {
        _byId.Clear();
        _byUse.Clear();
    }
}
