using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace HandoffRules.Pipeline;

/// <summary>
/// A duplicate key's fixed-size stand-in: 96 bits of the key's 128-bit MurmurHash3 (x64 variant, over
/// its UTF-16 code units, seed 0). The in-memory duplicate index keeps these instead of the key text.
/// </summary>
/// <remarks>
/// Two different keys share a fingerprint with probability 2^-96 (MurmurHash3 passes the SMHasher
/// avalanche and collision tests; keys are lead data, not chosen to collide). A lookup can only go
/// wrong by meeting a different key's fingerprint, so a run that looks up L keys among at most M held
/// ones calls a lead a false duplicate with probability at most L·M / 2^96: for ten million leads
/// (2·10^7 lookups among 2·10^7 keys) about 5·10^-15, once in some 200 trillion such runs.
/// </remarks>
/// <param name="High">The first 64 bits.</param>
/// <param name="Low">The next 32 bits.</param>
internal readonly record struct KeyFingerprint(ulong High, uint Low)
{
    private const ulong C1 = 0x87c37b91114253d5UL;
    private const ulong C2 = 0x4cf5ad432745937fUL;

    /// <summary>The fingerprint of a key.</summary>
    public static KeyFingerprint Of(string key)
    {
        var (h1, h2) = Murmur3(MemoryMarshal.AsBytes(key.AsSpan()));
        return new KeyFingerprint(h1, (uint)h2);
    }

    /// <summary>MurmurHash3_x64_128 with seed 0, little-endian block reads as in the reference.</summary>
    internal static (ulong H1, ulong H2) Murmur3(ReadOnlySpan<byte> data)
    {
        ulong h1 = 0, h2 = 0;
        var blocks = data.Length / 16;
        for (var i = 0; i < blocks; i++)
        {
            var k1 = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i * 16));
            var k2 = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice((i * 16) + 8));
            h1 ^= MixK1(k1);
            h1 = (BitOperations.RotateLeft(h1, 27) + h2) * 5 + 0x52dce729;
            h2 ^= MixK2(k2);
            h2 = (BitOperations.RotateLeft(h2, 31) + h1) * 5 + 0x38495ab5;
        }

        var tail = data.Slice(blocks * 16);
        if (tail.Length > 0)
        {
            Span<byte> padded = stackalloc byte[16];
            padded.Clear();
            tail.CopyTo(padded);
            if (tail.Length > 8)
            {
                h2 ^= MixK2(BinaryPrimitives.ReadUInt64LittleEndian(padded.Slice(8)));
            }

            h1 ^= MixK1(BinaryPrimitives.ReadUInt64LittleEndian(padded));
        }

        h1 ^= (ulong)data.Length;
        h2 ^= (ulong)data.Length;
        h1 += h2;
        h2 += h1;
        h1 = Finish(h1);
        h2 = Finish(h2);
        h1 += h2;
        h2 += h1;
        return (h1, h2);
    }

    private static ulong MixK1(ulong k) => BitOperations.RotateLeft(k * C1, 31) * C2;

    private static ulong MixK2(ulong k) => BitOperations.RotateLeft(k * C2, 33) * C1;

    private static ulong Finish(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }
}
