using System.Numerics;

namespace HandoffRules.Host.Store;

/// <summary>
/// A set of 32-bit hashes that answers "certainly never added" or "perhaps added": a Bloom filter.
/// It never forgets what was added, so "never added" is always true; "perhaps" is wrong for about
/// one hash in a hundred of those never added, at most (more when two keys share a hash). It grows in
/// layers as hashes are added, each four times the one before up to 8 MB, so a few keys cost 32 KB
/// and ten million about 19 MB, and a question asks each layer.
/// </summary>
internal sealed class BloomFilter
{
    // Five probes and ten bits a hash give about 1% false positives in a full layer.
    private const int Probes = 5;
    private const int BitsPerHash = 10;
    private const int LargestLayerBits = 1 << 26;

    private readonly List<ulong[]> _layers = [];
    private int _inLast;
    private int _capacityOfLast;

    /// <summary>A filter whose first layer holds <paramref name="firstCapacity"/> hashes.</summary>
    public BloomFilter(int firstCapacity = 16_384) => AddLayer(firstCapacity);

    /// <summary>How many layers the filter has grown (for tests).</summary>
    internal int Layers => _layers.Count;

    /// <summary>Adds a hash.</summary>
    public void Add(int hash)
    {
        if (_inLast == _capacityOfLast)
        {
            AddLayer(Math.Min(_capacityOfLast * 4, LargestLayerBits / BitsPerHash));
        }

        var bits = _layers[^1];
        foreach (var bit in Bits(hash, bits.Length))
        {
            bits[bit >> 6] |= 1UL << bit;
        }

        _inLast++;
    }

    /// <summary>False when the hash was certainly never added.</summary>
    public bool MayContain(int hash)
    {
        foreach (var bits in _layers)
        {
            var all = true;
            foreach (var bit in Bits(hash, bits.Length))
            {
                if ((bits[bit >> 6] & (1UL << bit)) == 0)
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private void AddLayer(int capacity)
    {
        // A power of two of bits, so a probe is a mask.
        var bits = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity * BitsPerHash, 64));
        _layers.Add(new ulong[bits / 64]);
        _capacityOfLast = capacity;
        _inLast = 0;
    }

    // The probes of a hash, by double hashing: the second hash is the first one mixed (its
    // multiplier is the 32-bit golden ratio), odd so the probes never repeat within a layer.
    private static ProbeBits Bits(int hash, int words) => new((uint)hash, ((uint)hash * 0x9E3779B9u) ^ ((uint)hash >> 15) | 1u, (uint)(words * 64) - 1);

    private struct ProbeBits(uint first, uint step, uint mask)
    {
        private int _probe = -1;

        public readonly ProbeBits GetEnumerator() => this;

        public readonly int Current => (int)((first + ((uint)_probe * step)) & mask);

        public bool MoveNext() => ++_probe < Probes;
    }
}
