using System.Text;
using Microsoft.AspNetCore.Http;

namespace HandoffRules.Host.Webhooks;

/// <summary>Reads a request body up to a limit, so an oversized one is refused without being held whole.</summary>
internal static class RequestBody
{
    /// <summary>The body, and whether it was read whole (false: it is longer than the limit and what is kept is its start).</summary>
    public static async Task<(byte[] Body, bool Complete)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                buffer.Write(chunk, 0, (int)Math.Min(read, Math.Max(0, 4096 - buffer.Length)));
                return (buffer.ToArray(), false);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), true);
    }

    public static string Text(byte[] body) => Encoding.UTF8.GetString(body);
}
