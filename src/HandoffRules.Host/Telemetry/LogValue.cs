using System.Text;
using System.Text.RegularExpressions;

namespace HandoffRules.Host.Telemetry;

/// <summary>
/// A value a sender controls, made safe to echo into a log line, a dead letter's reason or an
/// error answer: control characters removed, anything that looks like an e-mail address masked,
/// and at most a bounded number of characters (the rest cut with an ellipsis). A sender who puts
/// an address into an enumerated field (<c>event.type</c>, <c>kind</c>, <c>action</c>,
/// <c>lead_id</c>, <c>subscriptionType</c>) must not get it into the logs; a 10 MB value must not
/// come back in a 10 MB answer. Every echo of outside text goes through here.
/// </summary>
internal static partial class LogValue
{
    /// <summary>The most characters of a single value echoed.</summary>
    public const int MaxLength = 64;

    /// <summary>The most characters of a whole reason (which may quote several values) kept.</summary>
    public const int MaxReasonLength = 1024;

    /// <summary>What an e-mail address is replaced with.</summary>
    public const string MaskedEmail = "[e-mail]";

    /// <summary>The value as it may be echoed; "" for null.</summary>
    public static string Of(string? value, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // Look at a little more than is kept, so an address straddling the cut is still recognised
        // and masked whole, and a huge value costs no more than a short one.
        var window = value.Length > maxLength * 2 + 256 ? value[..(maxLength * 2 + 256)] : value;
        var text = new StringBuilder(window.Length);
        foreach (var c in window)
        {
            if (!char.IsControl(c))
            {
                text.Append(c);
            }
        }

        var masked = EmailLike().Replace(text.ToString(), MaskedEmail);
        return masked.Length <= maxLength && window.Length == value.Length ? masked : string.Concat(masked.AsSpan(0, Math.Min(masked.Length, maxLength - 1)), "…");
    }

    /// <summary>A whole reason or message (already built from echoed values) as it may be stored and logged.</summary>
    public static string Reason(string? reason) => Of(reason, MaxReasonLength);

    // Any run of characters with an '@' in it, up to whitespace, quotes or brackets: masking a few
    // things that are not addresses is cheaper than logging one that is.
    [GeneratedRegex("""[^\s@'"<>()\[\]{},;]*@[^\s@'"<>()\[\]{},;]*""", RegexOptions.CultureInvariant)]
    private static partial Regex EmailLike();
}
