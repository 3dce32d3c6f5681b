using HandoffRules.Model;

namespace HandoffRules.Host.Processing;

/// <summary>
/// Which of the fields a playbook can require each lead taken in lately has, as a definition's
/// required context reads them (<see cref="Lead.Has"/>), by lead id: an SDR action that moves a lead
/// into a stage with required fields is checked on them, instead of rebuilding the lead from its
/// intake event's input (4% of the simulated week's thread did that). A lead's normalised lead is a
/// function of its input, so what is kept for an id stays true while that lead is the id's. Only for
/// the store's only writer, which takes in every lead of the store and keeps each id's fields again
/// as it does, and only when a stage of the playbook requires fields; forgotten with a rolled-back
/// transaction. The first kept makes room when it is full,
/// and a lead not kept is rebuilt as before.
/// </summary>
internal sealed class LeadFieldsKept(int capacity)
{
    // A bit each: there are a dozen or so.
    private static readonly LeadField[] Fields = Enum.GetValues<LeadField>() is var all && all.All(f => (int)f is >= 0 and < 32)
        ? all
        : throw new InvalidOperationException("a lead field's value does not fit a bit of 32");

    private readonly Dictionary<string, uint> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _byArrival = new();

    /// <summary>How many leads it keeps at most.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "at least one lead");

    /// <summary>How many leads it keeps now.</summary>
    public int Count => _byId.Count;

    /// <summary>Keeps the fields the lead has, under its id, in place of what was kept for that id.</summary>
    public void Keep(Lead lead)
    {
        var has = 0u;
        foreach (var field in Fields)
        {
            has |= lead.Has(field) ? Bit(field) : 0;
        }

        if (_byId.TryAdd(lead.Id, has))
        {
            if (_byArrival.Count == Capacity)
            {
                _byId.Remove(_byArrival.Dequeue());
            }

            _byArrival.Enqueue(lead.Id);
            return;
        }

        _byId[lead.Id] = has;
    }

    /// <summary>The required fields the lead does not have, in their order; null when the lead is not kept.</summary>
    public List<LeadField>? Missing(string leadId, IEnumerable<LeadField> required)
    {
        if (!_byId.TryGetValue(leadId, out var has))
        {
            return null;
        }

        var missing = new List<LeadField>();
        foreach (var field in required)
        {
            if ((has & Bit(field)) == 0)
            {
                missing.Add(field);
            }
        }

        return missing;
    }

    /// <summary>Forgets every lead (the transaction that took some of them in was rolled back).</summary>
    public void Clear()
    {
        _byId.Clear();
        _byArrival.Clear();
    }

    private static uint Bit(LeadField field) => 1u << (int)field;
}
