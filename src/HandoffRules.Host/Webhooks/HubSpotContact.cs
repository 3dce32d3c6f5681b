using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using HandoffRules.Intake;

namespace HandoffRules.Host.Webhooks;

/// <summary>
/// A HubSpot contact as a lead: the properties routing needs, read from a workflow webhook
/// (<c>properties.name.value</c>) or from the CRM API (<c>properties.name</c>).
/// </summary>
public static class HubSpotContact
{
    /// <summary>The contact properties asked of the CRM API.</summary>
    public static readonly string[] Properties =
    [
        "email", "firstname", "lastname", "company", "jobtitle", "phone", "country", "state", "city", "zip", "numemployees",
        "annualrevenue", "hs_analytics_source", "hubspotscore", "lifecyclestage", "hs_lead_status", "recent_conversion_event_name",
    ];

    /// <summary>The lead id of a contact.</summary>
    public static string LeadId(string contactId) => "hubspot-" + contactId;

    /// <summary>Reads a contact's properties into a lead.</summary>
    public static LeadInput ToLead(string contactId, JsonElement properties, DateTimeOffset occurredAt)
    {
        string? Value(string name) =>
            properties.TryGetProperty(name, out var property) ? property.ValueKind switch
            {
                JsonValueKind.String => property.GetString(),
                JsonValueKind.Number => property.GetRawText(),
                JsonValueKind.Object when property.TryGetProperty("value", out var inner) => inner.ValueKind == JsonValueKind.String ? inner.GetString() : inner.GetRawText(),
                _ => null,
            } : null;

        var conversion = Value("recent_conversion_event_name");
        return new LeadInput
        {
            Id = LeadId(contactId),
            Email = Value("email"),
            FirstName = Value("firstname"),
            LastName = Value("lastname"),
            Company = Value("company"),
            JobTitle = Value("jobtitle"),
            Phone = Value("phone"),
            Country = Value("country"),
            State = Value("state"),
            City = Value("city"),
            PostalCode = Value("zip"),
            Employees = Value("numemployees"),
            AnnualRevenue = Value("annualrevenue"),
            Source = Value("hs_analytics_source"),
            Score = int.TryParse(Value("hubspotscore"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var score) ? score : null,
            Event = new LeadEventInput
            {
                Type = conversion?.Contains("demo", StringComparison.OrdinalIgnoreCase) == true ? "demo_request" : "form_submission",
                Detail = conversion,
                OccurredAt = occurredAt,
            },
        };
    }
}

/// <summary>Fetches a contact from the HubSpot CRM API (the event webhook carries ids only).</summary>
public sealed class HubSpotContactClient(HttpClient http)
{
    /// <summary>The named HTTP client.</summary>
    public const string HttpClientName = "hubspot";

    /// <summary>The contact's properties; an undefined element when HubSpot's answer has none.</summary>
    /// <exception cref="HttpRequestException">HubSpot did not answer with the contact (<see cref="HttpRequestException.StatusCode"/> 404: it has no such contact).</exception>
    public async Task<JsonElement> GetPropertiesAsync(string contactId, string accessToken, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"crm/v3/objects/contacts/{Uri.EscapeDataString(contactId)}?properties={string.Join(',', HubSpotContact.Properties)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HubSpot answered {(int)response.StatusCode} for contact {contactId}", null, response.StatusCode);
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellation), cancellationToken: cancellation);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("properties", out var properties)
                ? properties.Clone()
                : default;
        }
        catch (JsonException e)
        {
            // Not HubSpot's JSON (a proxy's error page, a cut-off answer): worth asking again later.
            throw new HttpRequestException($"HubSpot's answer for contact {contactId} is not JSON", e);
        }
    }
}
