using System.Text.Json;

namespace HandoffRules.Host.Webhooks;

/// <summary>
/// One event of a HubSpot Webhooks API delivery, read field by field: a signed delivery of an odd
/// shape (a numeric <c>propertyName</c>, a text <c>occurredAt</c>) is refused with the field named,
/// never taken as something it is not.
/// </summary>
/// <param name="EventId">The event's id, HubSpot's idempotency key.</param>
/// <param name="SubscriptionType">What happened ("contact.creation"); null when absent.</param>
/// <param name="ObjectId">The contact's id.</param>
/// <param name="OccurredAt">When it happened; null when the event does not say.</param>
/// <param name="PropertyName">The property that changed (property changes).</param>
/// <param name="PropertyValue">Its new value.</param>
internal sealed record HubSpotEvent(string EventId, string? SubscriptionType, string ObjectId, DateTimeOffset? OccurredAt, string? PropertyName, string? PropertyValue)
{
    private static readonly long MinMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Reads an event; null with the problem (naming the field) when it cannot be read.</summary>
    /// <param name="item">The event as sent.</param>
    /// <param name="eventId">The event's id when it has a readable one, for the dead letter's key.</param>
    /// <param name="problem">What is wrong, naming the field.</param>
    public static HubSpotEvent? Read(JsonElement item, out string? eventId, out string? problem)
    {
        eventId = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            problem = $"an event must be a JSON object, not {item.ValueKind.ToString().ToLowerInvariant()}";
            return null;
        }

        if (WholeNumber(item, "eventId") is not { } id)
        {
            problem = "eventId is missing or not a whole number";
            return null;
        }

        eventId = id;
        if (!item.TryGetProperty("subscriptionType", out var type) || type.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            problem = type.ValueKind == JsonValueKind.Undefined ? "subscriptionType is missing" : "subscriptionType is not text";
            return null;
        }

        if (WholeNumber(item, "objectId") is not { } objectId)
        {
            problem = "objectId is missing or not a whole number";
            return null;
        }

        DateTimeOffset? occurredAt = null;
        if (item.TryGetProperty("occurredAt", out var at) && at.ValueKind != JsonValueKind.Null)
        {
            if (at.ValueKind != JsonValueKind.Number || !at.TryGetInt64(out var ms) || ms < MinMilliseconds || ms > MaxMilliseconds)
            {
                problem = "occurredAt is not a time in epoch milliseconds";
                return null;
            }

            occurredAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        string? name = null;
        if (item.TryGetProperty("propertyName", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.String)
            {
                problem = "propertyName is not text";
                return null;
            }

            name = p.GetString();
        }

        string? value = null;
        if (item.TryGetProperty("propertyValue", out var v))
        {
            switch (v.ValueKind)
            {
                case JsonValueKind.String:
                    value = v.GetString();
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    value = v.GetRawText();
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    problem = "propertyValue is not a single value";
                    return null;
            }
        }

        problem = null;
        return new HubSpotEvent(id, type.ValueKind == JsonValueKind.String ? type.GetString() : null, objectId, occurredAt, name, value);
    }

    /// <summary>A contact id as HubSpot writes it: a whole number, or text of digits (the CRM API's "id").</summary>
    public static string? ContactId(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) && number >= 0 => value.GetRawText(),
        JsonValueKind.String when value.GetString() is { Length: > 0 and <= 20 } text && text.All(char.IsAsciiDigit) => text,
        _ => null,
    };

    private static string? WholeNumber(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _) ? value.GetRawText() : null;
}
