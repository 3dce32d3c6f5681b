using HandoffRules.Model;

namespace HandoffRules.Pipeline;

/// <summary>The earlier lead a new one duplicates, and where that lead is now.</summary>
/// <param name="LeadId">The earlier lead's id.</param>
/// <param name="Queue">Its queue now.</param>
/// <param name="Member">Its owner now (after any reassignment).</param>
/// <param name="MatchedOn">Which key matched ("email", "name and domain").</param>
/// <param name="Open">True while its hand-off is open: it was routed and has not gone back to nurture.</param>
public sealed record DuplicateMatch(string LeadId, string? Queue, string? Member, string MatchedOn, bool Open);

/// <summary>One key a lead is compared by, and what a match on it is called.</summary>
/// <param name="Key">The comparison key ("email:ana@northwind.com").</param>
/// <param name="MatchedOn">What matched ("email", "name and domain").</param>
public readonly record struct DuplicateKey(string Key, string MatchedOn);

/// <summary>
/// The keys a playbook's duplicate rule compares leads by. Shared by the in-memory index of the
/// simulation and the host's stored index, so both call the same leads duplicates.
/// </summary>
public static class DuplicateKeys
{
    /// <summary>The lead's keys under the rule, most specific first.</summary>
    public static DuplicateKey[] For(Lead lead, DuplicateRule rule)
    {
        var byEmail = rule.SameEmail && lead.Email is not null;
        var byName = rule.SameNameAndDomain && lead is { FirstName: not null, LastName: not null, Domain: not null, IsFreeMail: false };
        if (!byEmail && !byName)
        {
            return [];
        }

        var keys = new DuplicateKey[(byEmail ? 1 : 0) + (byName ? 1 : 0)];
        if (byEmail)
        {
            keys[0] = new DuplicateKey("email:" + lead.Email!.ToLowerInvariant(), "email");
        }

        if (byName)
        {
            keys[^1] = new DuplicateKey($"name:{lead.FirstName!.ToLowerInvariant()}|{lead.LastName!.ToLowerInvariant()}@{lead.Domain}", "name and domain");
        }

        return keys;
    }
}

/// <summary>
/// Where the pipeline looks up and remembers leads for duplicate detection. The pipeline works out
/// a lead's <see cref="DuplicateKeys"/> once and passes them to both calls.
/// </summary>
public interface IDuplicateIndex
{
    /// <summary>The earlier lead this one duplicates within the rule's window, or null.</summary>
    DuplicateMatch? Find(Lead lead, DuplicateKey[] keys);

    /// <summary>Remembers a decided lead with where it went, and whether it was handed off (<paramref name="open"/>).</summary>
    void Remember(Lead lead, DuplicateKey[] keys, string? queue, string? member, bool open);
}


/// <summary>
/// An in-memory duplicate index under a playbook's rule (the host keeps the same keys in its store).
/// It forgets a key once leads arrive more than twice the rule's window after it: no later lead can
/// match it any more, so a long simulation holds the keys of one window of leads, not of every lead.
/// The second window is slack for leads taken slightly out of arrival order.
/// </summary>
/// <remarks>
/// A window longer than the run (the sample's 90 days against a simulated week) keeps every lead, so
/// what is kept per lead is small and holds no object: its arrival, its id (as a prefix number and the
/// digits after it when it has that shape, "L000123"), where it went (indexes into a table of the few
/// queue and member names), and a 96-bit <see cref="KeyFingerprint"/> per key instead of the key
/// text. The leads sit in arrival-ordered chunks of plain arrays, dropped whole once forgotten, and
/// the keys in an open-addressing table of 32-bit slots pointing at them: about 44 bytes a lead plus
/// 5–11 bytes a key, where a dictionary of key strings took over 400.
/// </remarks>
public sealed class DuplicateIndex(DuplicateRule rule) : IDuplicateIndex
{
    private const int ChunkBits = 14;
    private const int ChunkSize = 1 << ChunkBits;

    // A slot names a lead by its number modulo 2^30 and which of its two keys matched; the leads held
    // at once are fewer than 2^30, so the number is recovered from the oldest one held.
    private const long NumberMask = (1L << 30) - 1;
    private const int MaxNames = 1 << 15;

    // A lead's "where": queue name index (bits 0–14), member name index (15–29), open, two keys.
    private const uint OpenBit = 1u << 30;
    private const uint TwoKeysBit = 1u << 31;

    // The remembered leads, oldest first: lead number n is entry n % ChunkSize of chunk n / ChunkSize,
    // and _chunks[0] is chunk number _firstChunk.
    private readonly List<LeadChunk> _chunks = [];
    private long _firstChunk;
    private long _oldest;
    private long _next;

    // The keys: 0 is an empty slot, anything else is 1 + (lead number mod 2^30) * 2 + key.
    private uint[] _slots = new uint[16];
    private int _count;

    // Queue and member names (0 is none), id prefixes, and the ids of another shape by lead number.
    private readonly List<string?> _names = [null];
    private readonly Dictionary<string, int> _nameIndex = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];
    private readonly Dictionary<string, int> _prefixIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _otherIds = [];

    // Find and Remember get the same key strings for a lead: their fingerprints are worked out once.
    private readonly string?[] _printedKeys = new string?[2];
    private readonly KeyFingerprint[] _prints = new KeyFingerprint[2];

    private long _latest = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>How many keys the index holds now.</summary>
    public int Count => _count;

    /// <inheritdoc />
    public DuplicateMatch? Find(Lead lead, DuplicateKey[] keys)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(keys);
        for (var k = 0; k < keys.Length; k++)
        {
            var slot = Lookup(Print(keys, k));
            if (slot < 0)
            {
                continue;
            }

            var (number, _) = Decode(_slots[slot]);
            var (chunk, at) = Locate(number);
            if (lead.ArrivedAt.UtcTicks - chunk.Ticks[at] <= rule.Window.Ticks)
            {
                var where = chunk.Where[at];
                return new DuplicateMatch(IdOf(number, chunk.Ids[at]), _names[(int)(where & (MaxNames - 1))], _names[(int)((where >> 15) & (MaxNames - 1))], keys[k].MatchedOn, (where & OpenBit) != 0);
            }
        }

        return null;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">More than two keys (<see cref="DuplicateKeys.For"/> gives at most two).</exception>
    public void Remember(Lead lead, DuplicateKey[] keys, string? queue, string? member, bool open)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Length > 2)
        {
            throw new ArgumentException($"Lead {lead.Id} has {keys.Length} duplicate keys; the index keeps at most two a lead, as DuplicateKeys.For gives them.", nameof(keys));
        }

        if (keys.Length > 0)
        {
            var number = Append(lead, keys, queue, member, open);
            for (var k = 0; k < keys.Length; k++)
            {
                var slotValue = 1 + (uint)(((number & NumberMask) << 1) | (uint)k);
                var slot = Lookup(_prints[k]);
                if (slot >= 0)
                {
                    _slots[slot] = slotValue;
                    continue;
                }

                if ((_count + 1) * 4L > _slots.Length * 3L)
                {
                    Grow();
                    slot = Lookup(_prints[k]);
                }

                _slots[~slot] = slotValue;
                _count++;
            }
        }

        var arrived = lead.ArrivedAt.UtcTicks;
        if (arrived > _latest)
        {
            _latest = arrived;
            Forget();
        }
    }

    private KeyFingerprint Print(DuplicateKey[] keys, int k)
    {
        var key = keys[k].Key;
        if (k >= _printedKeys.Length)
        {
            return KeyFingerprint.Of(key);
        }

        if (!ReferenceEquals(_printedKeys[k], key))
        {
            _prints[k] = KeyFingerprint.Of(key);
            _printedKeys[k] = key;
        }

        return _prints[k];
    }

    private long Append(Lead lead, DuplicateKey[] keys, string? queue, string? member, bool open)
    {
        if (_next - _oldest > NumberMask)
        {
            throw new InvalidOperationException($"The duplicate index holds {NumberMask + 1:N0} leads inside the window; lead {lead.Id} is one too many.");
        }

        var number = _next;
        var chunkIndex = (int)((number >> ChunkBits) - _firstChunk);
        if (chunkIndex == _chunks.Count)
        {
            // The first chunk starts small and grows, so a short run does not take a whole chunk.
            _chunks.Add(new LeadChunk(_chunks.Count == 0 && _firstChunk == 0 ? 64 : ChunkSize));
        }

        var chunk = _chunks[chunkIndex];
        var at = (int)(number & (ChunkSize - 1));
        if (at == chunk.Ticks.Length)
        {
            chunk.Grow(Math.Min(ChunkSize, at * 2));
        }

        for (var k = 0; k < keys.Length; k++)
        {
            var print = Print(keys, k);
            chunk.Highs[(2 * at) + k] = print.High;
            chunk.Lows[(2 * at) + k] = print.Low;
        }

        chunk.Ticks[at] = lead.ArrivedAt.UtcTicks;
        chunk.Ids[at] = CompactId(number, lead.Id);
        chunk.Where[at] = (uint)Name(queue) | ((uint)Name(member) << 15) | (open ? OpenBit : 0) | (keys.Length == 2 ? TwoKeysBit : 0);
        _next++;
        return number;
    }

    private void Forget()
    {
        // Keys remembered before the horizon can match no lead arriving from now on (give or take
        // one window of disorder). A key remembered again later stays under its newer arrival.
        var window = rule.Window.Ticks;
        if (window >= (_latest - DateTimeOffset.MinValue.UtcTicks) / 2)
        {
            return;
        }

        var horizon = _latest - window - window;
        while (_oldest < _next)
        {
            var (chunk, at) = Locate(_oldest);
            var ticks = chunk.Ticks[at];
            if (ticks >= horizon)
            {
                return;
            }

            var keys = (chunk.Where[at] & TwoKeysBit) != 0 ? 2 : 1;
            for (var k = 0; k < keys; k++)
            {
                var slot = Lookup(new KeyFingerprint(chunk.Highs[(2 * at) + k], chunk.Lows[(2 * at) + k]));
                if (slot >= 0)
                {
                    var (holder, _) = Decode(_slots[slot]);
                    var (holderChunk, holderAt) = Locate(holder);
                    if (holderChunk.Ticks[holderAt] == ticks)
                    {
                        Remove(slot);
                    }
                }
            }

            if (chunk.Ids[at] < 0)
            {
                _otherIds.Remove(_oldest);
            }

            _oldest++;
            if ((_oldest & (ChunkSize - 1)) == 0)
            {
                _chunks.RemoveAt(0);
                _firstChunk++;
            }
        }
    }

    // The slot holding the fingerprint, or the complement of the empty slot where it would go.
    private int Lookup(KeyFingerprint print)
    {
        var mask = _slots.Length - 1;
        var slot = (int)(print.High & (uint)mask);
        while (true)
        {
            var value = _slots[slot];
            if (value == 0)
            {
                return ~slot;
            }

            if (PrintOf(value) == print)
            {
                return slot;
            }

            slot = (slot + 1) & mask;
        }
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new uint[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var value in old)
        {
            if (value != 0)
            {
                var slot = (int)(PrintOf(value).High & (uint)mask);
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = value;
            }
        }
    }

    // Linear probing's deletion: later slots of the same run move back so no lookup stops short.
    private void Remove(int slot)
    {
        var mask = _slots.Length - 1;
        _slots[slot] = 0;
        _count--;
        var next = slot;
        while (true)
        {
            next = (next + 1) & mask;
            var value = _slots[next];
            if (value == 0)
            {
                return;
            }

            var home = (int)(PrintOf(value).High & (uint)mask);
            var stays = slot <= next ? slot < home && home <= next : slot < home || home <= next;
            if (!stays)
            {
                _slots[slot] = value;
                _slots[next] = 0;
                slot = next;
            }
        }
    }

    private KeyFingerprint PrintOf(uint value)
    {
        var (number, key) = Decode(value);
        var (chunk, at) = Locate(number);
        return new KeyFingerprint(chunk.Highs[(2 * at) + key], chunk.Lows[(2 * at) + key]);
    }

    private (long Number, int Key) Decode(uint value)
    {
        var low = (long)((value - 1) >> 1);
        return (_oldest + ((low - _oldest) & NumberMask), (int)((value - 1) & 1));
    }

    private (LeadChunk Chunk, int At) Locate(long number) =>
        (_chunks[(int)((number >> ChunkBits) - _firstChunk)], (int)(number & (ChunkSize - 1)));

    private int Name(string? name)
    {
        if (name is null)
        {
            return 0;
        }

        if (!_nameIndex.TryGetValue(name, out var index))
        {
            index = _names.Count;
            if (index >= MaxNames)
            {
                throw new InvalidOperationException($"The duplicate index tells at most {MaxNames - 1:N0} queue and member names apart; '{name}' is one more.");
            }

            _names.Add(name);
            _nameIndex.Add(name, index);
        }

        return index;
    }

    // An id of a prefix and up to 15 digits ("L000123", "4711") packs into 63 bits: the prefix's
    // index (9 bits), the digit count (4 bits), the number (50 bits). Any other id is kept as text.
    private long CompactId(long number, string id)
    {
        var digitsFrom = id.Length;
        while (digitsFrom > 0 && char.IsAsciiDigit(id[digitsFrom - 1]))
        {
            digitsFrom--;
        }

        var digits = id.Length - digitsFrom;
        var prefix = digits is > 0 and <= 15 ? Prefix(id.AsSpan(0, digitsFrom)) : -1;
        if (prefix < 0)
        {
            _otherIds[number] = id;
            return -1;
        }

        long value = 0;
        for (var i = digitsFrom; i < id.Length; i++)
        {
            value = (value * 10) + (id[i] - '0');
        }

        return ((long)prefix << 54) | ((long)digits << 50) | value;
    }

    private int Prefix(ReadOnlySpan<char> prefix)
    {
        var lookup = _prefixIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(prefix, out var index))
        {
            return index;
        }

        if (_prefixes.Count == 512)
        {
            return -1;
        }

        var text = prefix.ToString();
        _prefixes.Add(text);
        _prefixIndex.Add(text, _prefixes.Count - 1);
        return _prefixes.Count - 1;
    }

    private string IdOf(long number, long packed)
    {
        if (packed < 0)
        {
            return _otherIds[number];
        }

        var prefix = _prefixes[(int)(packed >> 54)];
        var digits = (int)((packed >> 50) & 15);
        return string.Create(prefix.Length + digits, (prefix, Value: packed & ((1L << 50) - 1)), static (span, id) =>
        {
            id.prefix.AsSpan().CopyTo(span);
            var value = id.Value;
            for (var i = span.Length - 1; i >= id.prefix.Length; i--)
            {
                span[i] = (char)('0' + (value % 10));
                value /= 10;
            }
        });
    }

    // A chunk of remembered leads as plain arrays: no object per lead for the collector to trace.
    private sealed class LeadChunk(int capacity)
    {
        public long[] Ticks = new long[capacity];
        public long[] Ids = new long[capacity];

        // Queue name index (bits 0–14), member name index (15–29), open (30), two keys (31).
        public uint[] Where = new uint[capacity];

        // The fingerprints of the lead's keys, two places a lead.
        public ulong[] Highs = new ulong[2 * capacity];
        public uint[] Lows = new uint[2 * capacity];

        public void Grow(int to)
        {
            Array.Resize(ref Ticks, to);
            Array.Resize(ref Ids, to);
            Array.Resize(ref Where, to);
            Array.Resize(ref Highs, 2 * to);
            Array.Resize(ref Lows, 2 * to);
        }
    }
}
