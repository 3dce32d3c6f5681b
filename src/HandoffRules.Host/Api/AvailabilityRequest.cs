using System.Globalization;
using System.Text.Json;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Webhooks;
using Microsoft.AspNetCore.Http;

namespace HandoffRules.Host.Api;

/// <summary>
/// A member's availability as a caller sends it — the body of <c>PUT /api/members/{id}/availability</c>
/// and the fields of an <c>"kind": "availability"</c> line of a file. Read field by field, so a
/// refusal names the field; what the fields mean together is checked where the change is applied.
/// </summary>
public sealed record AvailabilityRequest
{
    // What each field must be, for a refusal that names it. A line of a file also says whose
    // availability it is and who set it; a URL says the first and the API key the second.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["away_from"] = "a date and time like 2026-12-01T09:00:00Z",
        ["away_to"] = "a date and time like 2026-12-04T17:00:00Z",
        ["paused"] = "true or false",
        ["cap"] = "a whole number",
        ["cap_day"] = "a day like 2026-12-01",
        ["clear"] = "true or false",
        ["at"] = "a date and time like 2026-12-01T09:00:00Z",
        ["id"] = "text",
    };

    private static readonly Dictionary<string, string> LineFields = new(Fields, StringComparer.Ordinal)
    {
        ["kind"] = "text",
        ["member"] = "text",
        ["by"] = "text",
    };

    /// <summary>An idempotency key: the same id is applied once.</summary>
    public string? Id { get; init; }

    /// <summary>Away from this instant (default: from when it is set).</summary>
    public DateTimeOffset? AwayFrom { get; init; }

    /// <summary>Away until this instant.</summary>
    public DateTimeOffset? AwayTo { get; init; }

    /// <summary>Takes no new leads until set again; null when not said.</summary>
    public bool? Paused { get; init; }

    /// <summary>The day's cap instead of the playbook's.</summary>
    public int? Cap { get; init; }

    /// <summary>The member's day the cap is for (default: their day when it is set).</summary>
    public DateOnly? CapDay { get; init; }

    /// <summary>Clear everything set: the playbook alone decides again.</summary>
    public bool Clear { get; init; }

    /// <summary>When it is set (default: now; a replayed file: where the input stands).</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Whose availability (files only; the API takes it from the URL).</summary>
    public string? Member { get; init; }

    /// <summary>Who set it (files only; the API takes it from the key).</summary>
    public string? By { get; init; }

    /// <summary>True when the request sets any part of the availability.</summary>
    public bool SetsAnything => AwayFrom is not null || AwayTo is not null || Paused is not null || Cap is not null || CapDay is not null;

    /// <summary>
    /// Reads the body of a request: at most <paramref name="limit"/> bytes (413 beyond, before any of
    /// it is parsed); it must be a JSON object of the fields above (400 naming the field otherwise).
    /// </summary>
    internal static async Task<(AvailabilityRequest? Request, int Status, string? Problem)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellation)
    {
        var body = await RequestBody.ReadAsync(request, limit, cancellation);
        if (!body.Complete)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"The request is refused: {body.TooLong(limit)}.");
        }

        if (body.Bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return (new AvailabilityRequest(), 0, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body.Bytes);
            var (read, problem) = Read(document.RootElement, line: false);
            return read is null ? (null, StatusCodes.Status400BadRequest, problem) : (read, 0, null);
        }
        catch (JsonException e)
        {
            // The parser's message says where, never what: it quotes at most one character.
            var end = e.Message.IndexOf(". ", StringComparison.Ordinal);
            return (null, StatusCodes.Status400BadRequest, $"the body is not JSON ({(end > 0 ? e.Message[..end] : e.Message.TrimEnd('.'))})");
        }
    }

    /// <summary>Reads a JSON object: an API body, or a line of a file (<paramref name="line"/>, which also has kind, member and by).</summary>
    internal static (AvailabilityRequest? Request, string? Problem) Read(JsonElement root, bool line)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, $"the body must be a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}");
        }

        var fields = line ? LineFields : Fields;
        var request = new AvailabilityRequest();
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            if (!fields.TryGetValue(name, out var expected))
            {
                return (null, $"field '{LogValue.Of(name)}' is not one of {string.Join(", ", fields.Keys.Where(f => f != "kind"))}");
            }

            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var ok = true;
            switch (name)
            {
                case "away_from" or "away_to" or "at":
                    var time = default(DateTimeOffset);
                    ok = value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out time);
                    if (ok)
                    {
                        request = name switch
                        {
                            "away_from" => request with { AwayFrom = time },
                            "away_to" => request with { AwayTo = time },
                            _ => request with { At = time },
                        };
                    }

                    break;
                case "paused" or "clear":
                    ok = value.ValueKind is JsonValueKind.True or JsonValueKind.False;
                    if (ok)
                    {
                        request = name == "paused" ? request with { Paused = value.GetBoolean() } : request with { Clear = value.GetBoolean() };
                    }

                    break;
                case "cap":
                    ok = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _);
                    if (ok)
                    {
                        request = request with { Cap = value.GetInt32() };
                    }

                    break;
                case "cap_day":
                    var day = default(DateOnly);
                    ok = value.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
                    if (ok)
                    {
                        request = request with { CapDay = day };
                    }

                    break;
                default:
                    ok = value.ValueKind == JsonValueKind.String;
                    if (ok)
                    {
                        request = name switch
                        {
                            "id" => request with { Id = value.GetString() },
                            "member" => request with { Member = value.GetString() },
                            "by" => request with { By = value.GetString() },
                            _ => request,
                        };
                    }

                    break;
            }

            if (!ok)
            {
                return (null, $"field '{name}' is not {expected}");
            }
        }

        return (request, null);
    }
}
