using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HandoffRules.Host.Inputs;

/// <summary>
/// What a dead letter keeps of its input: all of it when it is short, otherwise its first
/// <see cref="MaxBytes"/> bytes and a note of the original size and SHA-256 — enough to find the
/// record at its source and to tell two apart, never enough for a sender to fill the disk. Every
/// dead letter, from a file, a webhook or the API, is kept through here.
/// </summary>
public static class DeadLetterRaw
{
    /// <summary>The most bytes (UTF-8) of an input a dead letter keeps.</summary>
    public const int MaxBytes = 4096;

    /// <summary>The input as a dead letter keeps it.</summary>
    public static string Keep(string raw)
    {
        var bytes = Encoding.UTF8.GetByteCount(raw);
        if (bytes <= MaxBytes)
        {
            return raw;
        }

        // Cut on a character, never inside one (a surrogate pair counts as one).
        var kept = 0;
        var length = 0;
        while (length < raw.Length)
        {
            var width = char.IsHighSurrogate(raw[length]) && length + 1 < raw.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(raw.AsSpan(length, width));
            if (kept + size > MaxBytes)
            {
                break;
            }

            kept += size;
            length += width;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
        return string.Create(CultureInfo.InvariantCulture, $"{raw.AsSpan(0, length)}… [kept the first {kept:N0} of {bytes:N0} bytes; sha256 {hash}]");
    }
}
