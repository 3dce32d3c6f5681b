using System.Runtime.CompilerServices;

namespace HandoffRules.Model;

/// <summary>
/// The small numbers routing reads instead of a lead's place and domain texts: worked out once,
/// when the lead's field is set (at intake, or by <c>with</c>), kept inside the lead, so a decision
/// compares integers in cache lines it already holds rather than hashing strings. A text that does
/// not fit a key (not plain ASCII letters and digits, too long) gets the key <see cref="None"/> and
/// routing reads the text instead, with the same answer.
/// </summary>
internal static class LeadKeys
{
    /// <summary>No key: the field is empty, or its text does not fit one.</summary>
    public const int None = 0;

    /// <summary>The most characters a postal key holds.</summary>
    public const int PostalLength = 10;

    /// <summary>An ISO country code, "US", as 1 + its index among the 676 two-letter codes.</summary>
    public static int Country(string? code) =>
        code is { Length: 2 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1])
            ? 1 + ((code[0] - 'A') * 26) + (code[1] - 'A')
            : None;

    /// <summary>A region code of up to four ASCII letters or digits ("CA", "NSW"), one byte a character.</summary>
    public static int Region(string? code)
    {
        if (code is not { Length: > 0 and <= 4 })
        {
            return None;
        }

        var key = 0;
        foreach (var c in code)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return None;
            }

            key = (key << 8) | c;
        }

        return key;
    }

    /// <summary>
    /// A postal code or prefix of up to ten characters of 0-9 and A-Z, six bits a character from the
    /// top, so the key of a code's first <c>n</c> characters is its key with the rest masked off
    /// (<see cref="PostalPrefix"/>).
    /// </summary>
    public static ulong Postal(string? code)
    {
        if (code is not { Length: > 0 and <= PostalLength })
        {
            return None;
        }

        var key = 0UL;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            var digit = char.IsAsciiDigit(c) ? c - '0' + 1 : char.IsAsciiLetterUpper(c) ? c - 'A' + 11 : 0;
            if (digit == 0)
            {
                return None;
            }

            key |= (ulong)digit << (6 * (PostalLength - 1 - i));
        }

        return key;
    }

    /// <summary>The key of a postal code's first <paramref name="length"/> characters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PostalPrefix(ulong postal, int length) =>
        postal & ((1UL << (6 * PostalLength)) - 1) & ~((1UL << (6 * (PostalLength - length))) - 1);

    /// <summary>
    /// Hashes of a domain in lower case and of each parent domain that still has a dot
    /// ("eu.northwind.com", "northwind.com"), the order account matching tries them in; none when the
    /// domain is not plain ASCII or has more levels than a key holds.
    /// </summary>
    public static DomainKeys Domain(string? domain)
    {
        var keys = default(DomainKeys);
        if (domain is null || domain.Length == 0 || !System.Text.Ascii.IsValid(domain))
        {
            return keys;
        }

        var rest = domain.AsSpan();
        while (true)
        {
            if (keys.Count == DomainKeys.Capacity)
            {
                return default;
            }

            keys = keys.With(Hash(rest));
            var dot = rest.IndexOf('.');
            if (dot < 0 || rest[(dot + 1)..].IndexOf('.') < 0)
            {
                return keys;
            }

            rest = rest[(dot + 1)..];
        }
    }

    /// <summary>FNV-1a over the lower-case ASCII text; never 0, so 0 can mean "no key".</summary>
    public static uint Hash(ReadOnlySpan<char> text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 16777619u;
        }

        return hash == 0 ? 1 : hash;
    }
}

/// <summary>Up to <see cref="Capacity"/> domain hashes, the domain's first (see <see cref="LeadKeys.Domain"/>).</summary>
internal readonly record struct DomainKeys(int Count, uint First, uint Second, uint Third, uint Fourth)
{
    public const int Capacity = 4;

    public uint this[int index] => index switch
    {
        0 => First,
        1 => Second,
        2 => Third,
        _ => Fourth,
    };

    public DomainKeys With(uint hash) => Count switch
    {
        0 => this with { Count = 1, First = hash },
        1 => this with { Count = 2, Second = hash },
        2 => this with { Count = 3, Third = hash },
        _ => this with { Count = 4, Fourth = hash },
    };
}
