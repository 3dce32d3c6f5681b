using System.Text.Json;
using HandoffRules.Host.Webhooks;
using Microsoft.AspNetCore.Http;

namespace HandoffRules.Host.Api;

/// <summary>The body of an SDR action.</summary>
public sealed record ActionRequest
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // What each field must be, for a refusal that names it.
    private static readonly Dictionary<string, string> Expected = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "is not text",
        ["reason"] = "is not text",
        ["member"] = "is not text",
        ["to"] = "is not text",
        ["at"] = "is not a date and time like 2026-11-25T15:00:00Z",
        ["force"] = "is not true or false",
    };

    /// <summary>An idempotency key: the same id is applied once.</summary>
    public string? Id { get; init; }

    /// <summary>The standard reason (reject, recycle) or the reason in words (reassign).</summary>
    public string? Reason { get; init; }

    /// <summary>Who did it, when the caller is an integration.</summary>
    public string? Member { get; init; }

    /// <summary>The member to reassign to.</summary>
    public string? To { get; init; }

    /// <summary>When it happened (default: now).</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Reassign even to a member who is inactive, away, at cap or outside the lead's queue (integration keys only).</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Reads the body of a request: at most <paramref name="limit"/> bytes (413 beyond, before any
    /// of it is parsed); an empty body is an action with no details; anything else must be a JSON
    /// object of the fields above (400 naming the field otherwise).
    /// </summary>
    internal static async Task<(ActionRequest? Request, int Status, string? Problem)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadAsync(request, limit, cancellation);
        if (!body.Complete)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"The request is refused: {body.TooLong(limit)}.");
        }

        if (body.Bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (new ActionRequest(), 0, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body.Bytes);
            if (document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                return (null, StatusCodes.Status400BadRequest, $"the body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            try
            {
                return (document.RootElement.Deserialize<ActionRequest>(Json) ?? new ActionRequest(), 0, null);
            }
            catch (JsonException e) when (e.Path is { Length: > 2 } path)
            {
                var field = path.TrimStart('$', '.');
                return (null, StatusCodes.Status400BadRequest,
                    Expected.TryGetValue(field, out var expected) ? $"field '{field}' {expected}" : "a field of the body has the wrong type");
            }
        }
        catch (JsonException e)
        {
            // The parser's message says where, never what: it quotes at most one character.
            return (null, StatusCodes.Status400BadRequest, $"the body is not JSON ({FirstSentence(e.Message)})");
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
