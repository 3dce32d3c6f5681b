using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HandoffRules.Host.Webhooks;

/// <summary>
/// HubSpot's request signature, version 3: an HMAC-SHA256 keyed with the app's client secret over
/// <c>method + uri + body + timestamp</c>, base64-encoded, sent in <c>X-HubSpot-Signature-v3</c> with
/// the timestamp (epoch milliseconds) in <c>X-HubSpot-Request-Timestamp</c>.
/// </summary>
public static class HubSpotSignature
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-HubSpot-Signature-v3";

    /// <summary>The timestamp header.</summary>
    public const string TimestampHeader = "X-HubSpot-Request-Timestamp";

    // HubSpot decodes only these escapes in the URI before signing.
    private static readonly (string Escape, string Character)[] Decoded =
    [
        ("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"), ("%27", "'"),
        ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";"),
    ];

    /// <summary>The signature HubSpot would send for this request.</summary>
    public static string Sign(string secret, string method, string uri, byte[] body, string timestamp)
    {
        var source = Encoding.UTF8.GetBytes(method.ToUpperInvariant() + DecodeUri(uri)).Concat(body).Concat(Encoding.UTF8.GetBytes(timestamp)).ToArray();
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), source));
    }

    /// <summary>Null when the request is genuine and fresh; otherwise why it is refused.</summary>
    public static string? Verify(string? secret, string method, string uri, byte[] body, string? signature, string? timestamp, DateTimeOffset now, TimeSpan maxAge)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "no HubSpot client secret is configured, so no request can be verified";
        }

        if (string.IsNullOrEmpty(signature))
        {
            return $"no {SignatureHeader} header";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return $"no valid {TimestampHeader} header";
        }

        var age = now - DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        if (age > maxAge || age < -maxAge)
        {
            return $"the request timestamp is {Math.Abs(age.TotalMinutes):0.#} minutes {(age > TimeSpan.Zero ? "old" : "in the future")}; at most {maxAge.TotalMinutes:0.#} allowed";
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, method, uri, body, timestamp!));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : "the signature does not match";
    }

    private static string DecodeUri(string uri)
    {
        foreach (var (escape, character) in Decoded)
        {
            uri = uri.Replace(escape, character, StringComparison.OrdinalIgnoreCase);
        }

        return uri;
    }
}
