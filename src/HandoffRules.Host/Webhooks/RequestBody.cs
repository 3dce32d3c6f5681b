using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace HandoffRules.Host.Webhooks;

/// <summary>
/// A request body read up to a limit, so an oversized one is refused without being held whole —
/// the webhook's and the SDR API's. What is held of an oversized body (at most the limit) is only
/// for its size and hash in <c>rejected_requests</c>; it is never parsed or stored.
/// </summary>
/// <param name="Bytes">The body, or its first bytes when it is longer than the limit.</param>
/// <param name="Complete">False when the body is longer than the limit.</param>
/// <param name="DeclaredLength">The Content-Length the sender gave, if any.</param>
internal sealed record RequestBody(byte[] Bytes, bool Complete, long? DeclaredLength)
{
    /// <summary>Reads at most <paramref name="limit"/> bytes of the body.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, int limit, CancellationToken cancellation)
    {
        var declared = request.ContentLength;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                buffer.Write(chunk, 0, (int)(limit - buffer.Length));
                return new RequestBody(buffer.ToArray(), false, declared);
            }

            buffer.Write(chunk, 0, read);

            // A sender that says its body is too long is believed: no need to read the rest.
            if (declared > limit && buffer.Length == limit)
            {
                return new RequestBody(buffer.ToArray(), false, declared);
            }
        }

        return new RequestBody(buffer.ToArray(), declared is null || declared <= limit, declared);
    }

    /// <summary>The body as text.</summary>
    public string Text => Encoding.UTF8.GetString(Bytes);

    /// <summary>Why an oversized body is refused, naming its declared length when it has one.</summary>
    public string TooLong(int limit) => DeclaredLength is { } length && length > limit
        ? string.Create(CultureInfo.InvariantCulture, $"the body is {length:N0} bytes, longer than {limit:N0} bytes")
        : string.Create(CultureInfo.InvariantCulture, $"the body is longer than {limit:N0} bytes");
}
