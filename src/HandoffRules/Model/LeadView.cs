using System.Runtime.CompilerServices;
using System.Text;

namespace HandoffRules.Model;

/// <summary>
/// Everything the router itself reads of a lead, packed in one small struct inside the lead: the
/// place and domain keys (<see cref="LeadKeys"/>), score, source, size, the event's type, which texts
/// are present and how long they are, and two bit masks that answer "no" for most signal and title
/// checks without reading the signals array or the title. Set with the lead's fields (at intake, by
/// hand, by <c>with</c>), so it always agrees with them; routing a lead whose data has left the
/// processor's caches then costs the few cache lines of the lead object instead of every text and
/// array it points to. A mask never answers "yes": a bit that is set sends the check to the field.
/// </summary>
internal struct LeadView : IEquatable<LeadView>
{
    /// <summary>The longest text length a length code tells exactly.</summary>
    public const int LongestExactLength = 253;

    /// <summary>Every bit set: the field cannot be filtered by its mask (a text that is not ASCII).</summary>
    public const ulong Unfiltered = ulong.MaxValue;

    public DomainKeys DomainKeys;
    public ulong PostalKey;
    public ulong SignalMask;
    public ulong TitleMask;
    public long AnnualRevenue;
    public int CountryKey;
    public int RegionKey;
    public int Employees;
    public int Score;

    // One byte per text (LeadText): 0 when null, else 1 + its length, 255 when longer than LongestExactLength + 1.
    public ulong TextLengths;
    public uint MoreTextLengths;
    public LeadSource Source;

    // LeadEventType + 1; 0 before the event is set.
    public byte EventCode;
    public bool HasEmployees;
    public bool HasAnnualRevenue;
    public bool IsFreeMail;

    /// <summary>The length code of a text: 0 when null, else 1 + its length (255: longer than <see cref="LongestExactLength"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int LengthCode(LeadText text)
    {
        var at = (int)text;
        return at < 8 ? (byte)(TextLengths >> (8 * at)) : (byte)(MoreTextLengths >> (8 * (at - 8)));
    }

    /// <summary>Records a text's length code.</summary>
    public void SetText(LeadText text, string? value)
    {
        var code = value is null ? 0UL : (ulong)Math.Min(value.Length + 1, 255);
        var at = (int)text;
        if (at < 8)
        {
            TextLengths = (TextLengths & ~(0xFFUL << (8 * at))) | (code << (8 * at));
        }
        else
        {
            var shift = 8 * (at - 8);
            MoreTextLengths = (MoreTextLengths & ~(0xFFu << shift)) | ((uint)code << shift);
        }
    }

    /// <summary>The length code a text of <paramref name="length"/> characters has.</summary>
    public static int LengthCodeOf(int length) => Math.Min(length + 1, 255);

    /// <summary>
    /// The mask of a lead's signals: one bit per signal, by its hash without regard to case. A signal
    /// that is not ASCII leaves every bit set, since only ASCII text folds case the way the hash does.
    /// </summary>
    public static ulong SignalMaskOf(ReadOnlySpan<string> signals)
    {
        var mask = 0UL;
        foreach (var signal in signals)
        {
            var bit = SignalBit(signal);
            if (bit == 0)
            {
                return Unfiltered;
            }

            mask |= bit;
        }

        return mask;
    }

    /// <summary>The bit a signal sets in <see cref="SignalMask"/>; 0 (no filter) when it is null or not ASCII.</summary>
    public static ulong SignalBit(string? signal) =>
        signal is null || !Ascii.IsValid(signal) ? 0 : 1UL << (int)(LeadKeys.Hash(signal) & 63);

    /// <summary>
    /// The mask of a title's pairs of neighbouring characters, without regard to case: a title holds a
    /// text only if it holds every pair of the text. A title that is not ASCII leaves every bit set.
    /// </summary>
    public static ulong TitleMaskOf(string? title)
    {
        if (title is null)
        {
            return 0;
        }

        return Ascii.IsValid(title) ? PairMask(title) : Unfiltered;
    }

    /// <summary>The pairs a text needs a title to hold; 0 (no filter) when it is shorter than two characters or not ASCII.</summary>
    public static ulong TitleNeeds(string? text) =>
        text is null || text.Length < 2 || !Ascii.IsValid(text) ? 0 : PairMask(text);

    /// <summary>False when a needed bit is missing from the mask: the field cannot hold what is asked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MayHold(ulong mask, ulong needed) => (mask & needed) == needed;

    private static ulong PairMask(string text)
    {
        var mask = 0UL;
        for (var i = 1; i < text.Length; i++)
        {
            var pair = (uint)(char.ToLowerInvariant(text[i - 1]) * 31) ^ char.ToLowerInvariant(text[i]);
            mask |= 1UL << (int)((pair * 2654435761u) >> 26);
        }

        return mask;
    }

    /// <inheritdoc />
    public readonly bool Equals(LeadView other) =>
        DomainKeys == other.DomainKeys && PostalKey == other.PostalKey && SignalMask == other.SignalMask && TitleMask == other.TitleMask
        && AnnualRevenue == other.AnnualRevenue && CountryKey == other.CountryKey && RegionKey == other.RegionKey
        && Employees == other.Employees && Score == other.Score && TextLengths == other.TextLengths && MoreTextLengths == other.MoreTextLengths
        && Source == other.Source && EventCode == other.EventCode && HasEmployees == other.HasEmployees
        && HasAnnualRevenue == other.HasAnnualRevenue && IsFreeMail == other.IsFreeMail;

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is LeadView other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => HashCode.Combine(DomainKeys, PostalKey, SignalMask, TitleMask, Score, TextLengths, MoreTextLengths, HashCode.Combine(AnnualRevenue, Employees, Source, EventCode, IsFreeMail));
}

/// <summary>The texts whose presence and length a <see cref="LeadView"/> holds.</summary>
internal enum LeadText
{
    Email,
    Domain,
    FirstName,
    LastName,
    Company,
    JobTitle,
    Phone,
    Country,
    State,
    PostalCode,
    City,
}
