using System.Globalization;
using System.Net;
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
/// is signature-verified first; a refused one (unsigned, badly signed, or too long to verify) is
/// recorded by size and hash and answered 401 or 413, never processed or stored. Each event is
/// processed once however often HubSpot redelivers it; one that cannot be used (a contact HubSpot
/// no longer has, an odd shape) is a dead letter and does not hold up the rest of its delivery.
/// The answer comes after the work is committed, so a 200 means nothing can be lost.
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

        // Nothing a sender posts is kept before it is known to be HubSpot's: a refused request is a
        // row in rejected_requests (size and hash), whatever its size. An oversized body cannot be
        // verified (the signature covers all of it), so it is refused unread beyond the limit.
        var request = await RequestBody.ReadAsync(context.Request, settings.MaxBodyBytes, cancellation);
        if (!request.Complete)
        {
            var tooLong = request.TooLong(settings.MaxBodyBytes);
            await store.RecordRejectedRequestAsync(Path, tooLong, remote, request.Bytes, now, cancellation);
            Log.Refused(logger, Path, remote, tooLong);
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The request is refused: {tooLong}.");
        }

        var body = request.Bytes;
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
                _ => [Dead(null, "request", Text(body), "the body is neither a HubSpot event array nor a contact", now)],
            };
        }
        catch (JsonException e)
        {
            work = [Dead(null, "request", Text(body), $"the body is not JSON ({e.Message})", now)];
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
        var position = "workflow webhook";
        if (!root.TryGetProperty("vid", out var vid) && !root.TryGetProperty("id", out vid))
        {
            return Dead(null, position, Text(body), "the contact has no vid", now);
        }

        if (HubSpotEvent.ContactId(vid) is not { } id)
        {
            return Dead(null, position, Text(body), "vid is not a contact id", now);
        }

        if (properties.ValueKind != JsonValueKind.Object)
        {
            return Dead(null, position, Text(body), "properties is not an object", now);
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
            if (HubSpotEvent.Read(item, out var eventId, out var problem) is not { } e)
            {
                work.Add(Dead(eventId, eventId is null ? $"event #{index}" : $"event {eventId}", raw, problem!, now));
                continue;
            }

            var position = $"event {e.EventId}";
            var occurredAt = e.OccurredAt ?? now;
            switch (e.SubscriptionType)
            {
                case "contact.creation" when hubspot.AccessToken is null:
                    work.Add(Dead(e.EventId, position, raw, $"contact {e.ObjectId} was created, but no HubSpot access token is configured to fetch it (Handoff:HubSpot:AccessToken)", now));
                    break;
                case "contact.creation" when await store.WasProcessedAsync(Source, InputKey.Lead(e.EventId), cancellation):
                    // A redelivery: no need to ask HubSpot again; the processor counts it and moves on.
                    work.Add(new LeadWork(Source, e.EventId, position, new LeadInput { Id = HubSpotContact.LeadId(e.ObjectId) }, now));
                    break;
                case "contact.creation":
                    work.Add(await CreatedAsync(e, raw, hubspot.AccessToken, clients, occurredAt, now, cancellation));
                    break;
                case "contact.propertyChange":
                    work.Add(string.IsNullOrEmpty(e.PropertyName)
                        ? Dead(e.EventId, position, raw, "a property change without propertyName", now)
                        : new PropertyChangeWork(Source, e.EventId, HubSpotContact.LeadId(e.ObjectId), e.PropertyName, e.PropertyValue, occurredAt));
                    break;
                default:
                    work.Add(Dead(e.EventId, position, raw, $"subscriptionType '{LogValue.Of(e.SubscriptionType)}' is not one the handoff takes (contact.creation, contact.propertyChange)", now));
                    break;
            }
        }

        return work;
    }

    // A contact HubSpot no longer has (deleted or merged since the event) will not come back on a
    // redelivery: that event is a dead letter and the rest of the delivery goes on. Any other
    // failure may pass, so it fails the delivery (503) and HubSpot delivers it again.
    private static async Task<HandoffWork> CreatedAsync(HubSpotEvent e, string raw, string accessToken, IHttpClientFactory clients, DateTimeOffset occurredAt, DateTimeOffset now, CancellationToken cancellation)
    {
        var position = $"event {e.EventId}";
        var client = new HubSpotContactClient(clients.CreateClient(HubSpotContactClient.HttpClientName));
        try
        {
            var properties = await client.GetPropertiesAsync(e.ObjectId, accessToken, cancellation);
            return properties.ValueKind == JsonValueKind.Object
                ? new LeadWork(Source, e.EventId, position, HubSpotContact.ToLead(e.ObjectId, properties, occurredAt), now)
                : Dead(e.EventId, position, raw, $"HubSpot's answer for contact {e.ObjectId} has no properties object", now);
        }
        catch (HttpRequestException failure) when (failure.StatusCode == HttpStatusCode.NotFound)
        {
            return Dead(e.EventId, position, raw, $"contact {e.ObjectId} is not in HubSpot (the contacts API answered 404; it was deleted or merged)", now);
        }
    }

    private static string Text(byte[] body) => System.Text.Encoding.UTF8.GetString(body);

    private static DeadLetterWork Dead(string? sourceId, string position, string raw, string reason, DateTimeOffset now) =>
        new(Source, sourceId, position, raw, $"{position}: {reason}", now);
}
