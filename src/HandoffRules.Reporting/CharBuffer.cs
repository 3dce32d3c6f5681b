using System.Text;

namespace HandoffRules.Reporting;

/// <summary>
/// Characters decoded from UTF-8 into one buffer, reused from call to call, for a lookup by span: a
/// name or lead id read from the store costs no string when it was seen before.
/// </summary>
internal sealed class CharBuffer
{
    private char[] _chars = new char[64];

    /// <summary>The characters of <paramref name="utf8"/>, valid until the next call.</summary>
    public ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8)
    {
        var most = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (most > _chars.Length)
        {
            _chars = new char[most];
        }

        return _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
    }
}
