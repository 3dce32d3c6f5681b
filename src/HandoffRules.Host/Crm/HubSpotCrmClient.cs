using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using HandoffRules.Host.Notifications;

namespace HandoffRules.Host.Crm;

/// <summary>
/// A thin client of HubSpot's CRM v3 API for what the host writes: contact updates, tasks
/// associated with the contact, and owners looked up by e-mail. Every request waits its turn under
/// a client-side limit within HubSpot's per-10-seconds budget; a 429 or 503 becomes
/// <see cref="RetryLaterException"/> with HubSpot's Retry-After, a 400 or 404
/// <see cref="HubSpotApiException"/> with HubSpot's message.
/// </summary>
public sealed class HubSpotCrmClient(HttpClient http, RateLimiter limiter, TimeProvider time)
{
    /// <summary>The named HTTP client.</summary>
    public const string HttpClientName = "hubspot-crm";

    /// <summary>The task property that makes task creation idempotent (a custom property the guide asks for).</summary>
    public const string TaskKeyProperty = "handoff_task_key";

    // HubSpot's association type of a task to a contact.
    private const int TaskToContact = 204;

    /// <summary>Sets contact properties (<c>PATCH /crm/v3/objects/contacts/{id}</c>).</summary>
    public async Task UpdateContactAsync(string contactId, IReadOnlyDictionary<string, string> properties, string token, CancellationToken cancellation)
    {
        var body = new JsonObject { ["properties"] = Properties(properties) };
        using var response = await SendAsync(HttpMethod.Patch, $"crm/v3/objects/contacts/{Uri.EscapeDataString(contactId)}", body, token, cancellation);
    }

    /// <summary>The id of the task with that key, or null when HubSpot has none.</summary>
    public async Task<string?> FindTaskAsync(string key, string token, CancellationToken cancellation)
    {
        var body = new JsonObject
        {
            ["filterGroups"] = new JsonArray(new JsonObject
            {
                ["filters"] = new JsonArray(new JsonObject { ["propertyName"] = TaskKeyProperty, ["operator"] = "EQ", ["value"] = key }),
            }),
            ["properties"] = new JsonArray(TaskKeyProperty),
            ["limit"] = 1,
        };
        using var response = await SendAsync(HttpMethod.Post, "crm/v3/objects/tasks/search", body, token, cancellation);
        var found = await response.Content.ReadFromJsonAsync<JsonObject>(cancellation);
        return found?["results"] is JsonArray { Count: > 0 } results ? results[0]?["id"]?.GetValue<string>() : null;
    }

    /// <summary>Creates a task associated with the contact (<c>POST /crm/v3/objects/tasks</c>); its id.</summary>
    public async Task<string?> CreateTaskAsync(string contactId, HubSpotTask task, string? ownerId, string token, CancellationToken cancellation)
    {
        var properties = new Dictionary<string, string>
        {
            ["hs_timestamp"] = task.Due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["hs_task_subject"] = task.Subject,
            ["hs_task_body"] = task.Body,
            ["hs_task_status"] = "NOT_STARTED",
            ["hs_task_priority"] = task.Priority,
            ["hs_task_type"] = "TODO",
            [TaskKeyProperty] = task.Key,
        };
        if (ownerId is not null)
        {
            properties["hubspot_owner_id"] = ownerId;
        }

        var body = new JsonObject
        {
            ["properties"] = Properties(properties),
            ["associations"] = new JsonArray(new JsonObject
            {
                ["to"] = new JsonObject { ["id"] = contactId },
                ["types"] = new JsonArray(new JsonObject { ["associationCategory"] = "HUBSPOT_DEFINED", ["associationTypeId"] = TaskToContact }),
            }),
        };
        using var response = await SendAsync(HttpMethod.Post, "crm/v3/objects/tasks", body, token, cancellation);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(cancellation);
        return created?["id"]?.GetValue<string>();
    }

    /// <summary>The id of the owner with that e-mail (<c>GET /crm/v3/owners?email=</c>), or null when HubSpot knows none.</summary>
    public async Task<string?> FindOwnerAsync(string email, string token, CancellationToken cancellation)
    {
        using var response = await SendAsync(HttpMethod.Get, $"crm/v3/owners?email={Uri.EscapeDataString(email)}&limit=1", null, token, cancellation);
        var owners = await response.Content.ReadFromJsonAsync<JsonObject>(cancellation);
        return owners?["results"] is JsonArray { Count: > 0 } results ? results[0]?["id"]?.ToString() : null;
    }

    /// <summary>
    /// Every owner HubSpot has (<c>GET /crm/v3/owners</c>, page by page): id and e-mail, so the
    /// members' owners are resolved once, at start-up, and an owner id that HubSpot reports back can
    /// be told apart from one it does not have.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, string? Email)>> ListOwnersAsync(string token, CancellationToken cancellation)
    {
        var owners = new List<(string Id, string? Email)>();
        string? after = null;
        do
        {
            var path = after is null ? "crm/v3/owners?limit=100" : $"crm/v3/owners?limit=100&after={Uri.EscapeDataString(after)}";
            using var response = await SendAsync(HttpMethod.Get, path, null, token, cancellation);
            var page = await response.Content.ReadFromJsonAsync<JsonObject>(cancellation);
            foreach (var owner in page?["results"] as JsonArray ?? [])
            {
                if (owner?["id"]?.ToString() is { Length: > 0 } id)
                {
                    owners.Add((id, owner["email"]?.ToString()));
                }
            }

            var next = page?["paging"]?["next"]?["after"]?.ToString();

            // A cursor that does not move would page forever.
            after = next is { Length: > 0 } && next != after ? next : null;
        }
        while (after is not null);

        return owners;
    }

    /// <summary>The company properties the account book is read from.</summary>
    public const string CompanyProperties = "name,domain,hs_additional_domains,hubspot_owner_id,hs_parent_company_id";

    /// <summary>
    /// One page of HubSpot's companies (<c>GET /crm/v3/objects/companies</c>, 100 a page, after the
    /// cursor <paramref name="after"/>), with the properties the account book needs, and how long
    /// HubSpot's rate-limit headers say to pause before the next request.
    /// </summary>
    public async Task<HubSpotCompanyPage> ListCompaniesAsync(string? after, string token, CancellationToken cancellation)
    {
        var path = $"crm/v3/objects/companies?limit=100&archived=false&properties={CompanyProperties}"
                   + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        using var response = await SendAsync(HttpMethod.Get, path, null, token, cancellation);
        var page = await response.Content.ReadFromJsonAsync<JsonObject>(cancellation);
        var companies = new List<HubSpotCompany>();
        foreach (var company in page?["results"] as JsonArray ?? [])
        {
            if (company?["id"]?.ToString() is not { Length: > 0 } id)
            {
                continue;
            }

            var properties = company["properties"];
            var domains = new List<string>();
            foreach (var domain in $"{Text(properties, "domain")};{Text(properties, "hs_additional_domains")}".Split(';'))
            {
                var normal = domain.Trim().ToLowerInvariant();
                if (normal.Length > 0 && !domains.Contains(normal))
                {
                    domains.Add(normal);
                }
            }

            companies.Add(new HubSpotCompany(id, Text(properties, "name")?.Trim() ?? "", domains,
                Text(properties, "hubspot_owner_id") is { Length: > 0 } owner ? owner : null,
                Text(properties, "hs_parent_company_id") is { Length: > 0 } parent ? parent : null));
        }

        var next = page?["paging"]?["next"]?["after"]?.ToString();
        return new HubSpotCompanyPage(companies, next is { Length: > 0 } && next != after ? next : null, Pause(response));
    }

    private static string? Text(JsonNode? properties, string name) => properties?[name] is JsonValue value ? value.ToString() : null;

    // HubSpot says how much of its 10-second budget is left; at none, wait out the interval rather
    // than take a 429 for the next page.
    private static TimeSpan Pause(HttpResponseMessage response)
    {
        static int? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

        return Header(response, "X-HubSpot-RateLimit-Remaining") is <= 0 && Header(response, "X-HubSpot-RateLimit-Interval-Milliseconds") is { } interval and > 0
            ? TimeSpan.FromMilliseconds(interval)
            : TimeSpan.Zero;
    }

    private static JsonObject Properties(IReadOnlyDictionary<string, string> properties)
    {
        var json = new JsonObject();
        foreach (var (name, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[name] = value;
        }

        return json;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body, string token, CancellationToken cancellation)
    {
        // Waiting for a permit happens in the outbox's delivery, never in the processor.
        using (var lease = await limiter.AcquireAsync(1, cancellation))
        {
            if (!lease.IsAcquired)
            {
                throw new RetryLaterException("the HubSpot request budget is used up", TimeSpan.FromSeconds(1));
            }
        }

        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await http.SendAsync(request, cancellation);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var message = await MessageAsync(response, cancellation);
            var problem = $"HubSpot answered {status} to {method} {path.Split('?')[0]}: {message}";
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                var wait = response.Headers.RetryAfter switch
                {
                    { Delta: { } delta } => delta,
                    { Date: { } date } => date - time.GetUtcNow(),
                    _ => TimeSpan.FromSeconds(10),
                };
                throw new RetryLaterException(problem, wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
            }

            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                throw new HubSpotApiException(problem);
            }

            throw new HttpRequestException(problem, null, response.StatusCode);
        }
    }

    // HubSpot's errors are {"status":"error","message":"…","category":"…"}: keep its message.
    private static async Task<string> MessageAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var text = await response.Content.ReadAsStringAsync(cancellation);
        try
        {
            if (JsonNode.Parse(text) is JsonObject { } error && error["message"] is JsonValue message)
            {
                return message.ToString();
            }
        }
        catch (JsonException)
        {
            // Not HubSpot's error shape (a proxy's page): the reason phrase says enough.
        }

        return response.ReasonPhrase ?? "no message";
    }
}
