using System.Globalization;
using System.Text.Json;
using HandoffRules.Host.Hosting;
using HandoffRules.Intake;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Webhooks;

/// <summary>
/// <c>POST /webhooks/hubspot</c>: HubSpot's event deliveries and workflow webhooks. Every request
/// is signature-verified first; a refused one is recorded and answered 401, never processed. Each
/// event is processed once however often HubSpot redelivers it. The answer comes after the work is
/// committed, so a 200 means nothing can be lost.
/// </summary>
public static class HubSpotWebhook
{
    /// <summary>The path HubSpot posts to.</summary>
    public const string Path = "/webhooks/hubspot";

    /// <summary>The source name of HubSpot inputs.</summary>
    public const string Source = "hubspot";

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, HandleAsync);

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        HandoffQueue queue,
        IHandoffStore store,
        IOptions<HandoffHostOptions> options,
        TimeProvider time,
        IHttpClientFactory clients,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(HubSpotWebhook));
        var cancellation = context.RequestAborted;
        var settings = options.Value;
        var now = time.GetUtcNow();
        var remote = context.Connection.RemoteIpAddress?.ToString();

        var (body, complete) = await RequestBody.ReadAsync(context.Request, settings.MaxBodyBytes, cancellation);
        if (!complete)
        {
            var position = $"request at {now:O}";
            await queue.SubmitAsync(new DeadLetterWork(Source, null, position, RequestBody.Text(body) + "…", $"{position}: body longer than {settings.MaxBodyBytes:N0} bytes", now) { Completion = HandoffWork.Waiting() }, cancellation);
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The body is longer than {settings.MaxBodyBytes:N0} bytes; it was kept as a dead letter.");
        }

        var uri = (settings.HubSpot.PublicBaseUrl is { } publicUrl ? publicUrl.GetLeftPart(UriPartial.Authority) : $"{context.Request.Scheme}://{context.Request.Host}")
                  + context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        var refusal = HubSpotSignature.Verify(settings.HubSpot.ClientSecret, context.Request.Method, uri, body,
            context.Request.Headers[HubSpotSignature.SignatureHeader], context.Request.Headers[HubSpotSignature.TimestampHeader], now, settings.HubSpot.MaxTimestampAge);
        if (refusal is not null)
        {
            await store.RecordRejectedRequestAsync(Path, refusal, remote, body, now, cancellation);
            Log.Refused(logger, Path, remote, refusal);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, detail: "The request is not signed by HubSpot: " + refusal + ".");
        }

        var occurredAt = long.TryParse(context.Request.Headers[HubSpotSignature.TimestampHeader], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : now;

        List<HandoffWork> work;
        try
        {
            using var document = JsonDocument.Parse(body);
            work = document.RootElement.ValueKind switch
            {
                JsonValueKind.Array => await EventsAsync(document.RootElement, settings.HubSpot, clients, store, now, cancellation),
                JsonValueKind.Object when document.RootElement.TryGetProperty("properties", out var properties) => [Contact(document.RootElement, properties, body, occurredAt, now)],
                _ => [Dead(null, "request", RequestBody.Text(body), "the body is neither a HubSpot event array nor a contact", now)],
            };
        }
        catch (JsonException e)
        {
            work = [Dead(null, "request", RequestBody.Text(body), $"the body is not JSON ({e.Message})", now)];
        }
        catch (HttpRequestException e)
        {
            // HubSpot redelivers on failure, and the events already taken in are processed once.
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "Could not fetch a contact from HubSpot: " + e.Message);
        }

        var results = new List<object>();
        foreach (var item in work)
        {
            var result = await queue.SubmitAsync(item with { Completion = HandoffWork.Waiting() }, cancellation);
            results.Add(new { position = item.Position, status = result.Status.ToString(), lead_id = result.LeadId, outcome = result.Outcome, message = result.Message });
        }

        return Results.Ok(new { processed = results.Count, results });
    }

    private static HandoffWork Contact(JsonElement root, JsonElement properties, byte[] body, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var id = root.TryGetProperty("vid", out var vid) ? vid.GetRawText() : root.TryGetProperty("id", out var plain) ? plain.ToString() : null;
        if (id is null)
        {
            return Dead(null, "workflow webhook", RequestBody.Text(body), "the contact has no vid", now);
        }

        // A workflow delivery has no event id: the contact and what it says identify it.
        var sourceId = $"workflow:{id}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..16]}";
        return new LeadWork(Source, sourceId, $"workflow webhook for contact {id}", HubSpotContact.ToLead(id, properties, occurredAt), now);
    }

    private static async Task<List<HandoffWork>> EventsAsync(JsonElement events, HubSpotOptions hubspot, IHttpClientFactory clients, IHandoffStore store, DateTimeOffset now, CancellationToken cancellation)
    {
        var work = new List<HandoffWork>();
        var index = 0;
        foreach (var item in events.EnumerateArray())
        {
            index++;
            var raw = item.GetRawText();
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("eventId", out var eventId) || eventId.ValueKind != JsonValueKind.Number)
            {
                work.Add(Dead(null, $"event #{index}", raw, "eventId is missing or not a number", now));
                continue;
            }

            var id = eventId.GetRawText();
            var type = item.TryGetProperty("subscriptionType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var objectId = item.TryGetProperty("objectId", out var o) && o.ValueKind == JsonValueKind.Number ? o.GetRawText() : null;
            var occurredAt = item.TryGetProperty("occurredAt", out var at) && at.TryGetInt64(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : now;
            if (objectId is null)
            {
                work.Add(Dead(id, $"event {id}", raw, "objectId is missing or not a number", now));
                continue;
            }

            switch (type)
            {
                case "contact.creation" when hubspot.AccessToken is null:
                    work.Add(Dead(id, $"event {id}", raw, $"contact {objectId} was created, but no HubSpot access token is configured to fetch it (Handoff:HubSpot:AccessToken)", now));
                    break;
                case "contact.creation" when await store.WasProcessedAsync(Source, InputKey.Lead(id), cancellation):
                    // A redelivery: no need to ask HubSpot again; the processor counts it and moves on.
                    work.Add(new LeadWork(Source, id, $"event {id}", new LeadInput { Id = HubSpotContact.LeadId(objectId) }, now));
                    break;
                case "contact.creation":
                    var client = new HubSpotContactClient(clients.CreateClient(HubSpotContactClient.HttpClientName));
                    var properties = await client.GetPropertiesAsync(objectId, hubspot.AccessToken, cancellation);
                    work.Add(new LeadWork(Source, id, $"event {id}", HubSpotContact.ToLead(objectId, properties, occurredAt), now));
                    break;
                case "contact.propertyChange":
                    var name = item.TryGetProperty("propertyName", out var p) ? p.GetString() : null;
                    var value = item.TryGetProperty("propertyValue", out var v) ? v.ToString() : null;
                    work.Add(name is null
                        ? Dead(id, $"event {id}", raw, "a property change without propertyName", now)
                        : new PropertyChangeWork(Source, id, HubSpotContact.LeadId(objectId), name, value, occurredAt));
                    break;
                default:
                    work.Add(Dead(id, $"event {id}", raw, $"subscriptionType '{type}' is not one the handoff takes (contact.creation, contact.propertyChange)", now));
                    break;
            }
        }

        return work;
    }

    private static DeadLetterWork Dead(string? sourceId, string position, string raw, string reason, DateTimeOffset now) =>
        new(Source, sourceId, position, raw, $"{position}: {reason}", now);
}
