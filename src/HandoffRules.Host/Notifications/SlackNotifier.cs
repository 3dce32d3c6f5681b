using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Host.Hosting;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Notifications;

/// <summary>Posts alerts to Slack incoming webhooks, one URL per channel or a default one.</summary>
internal sealed class SlackNotifier(IHttpClientFactory clients, IOptions<HandoffHostOptions> options, TimeProvider time) : INotifier
{
    public const string HttpClientName = "slack";

    public string Channel => "slack";

    public async Task SendAsync(string target, string body, CancellationToken cancellation)
    {
        var slack = options.Value.Slack;
        var url = slack.Channels.TryGetValue(target.TrimStart('#'), out var own) ? own : slack.WebhookUrl
            ?? throw new NotConfiguredException($"no Slack webhook is configured for {target} (Handoff:Slack:WebhookUrl or Handoff:Slack:Channels:{target.TrimStart('#')})");

        using var content = new StringContent(Payload(body, target).ToJsonString(SlackJson), System.Text.Encoding.UTF8, "application/json");
        using var response = await clients.CreateClient(HttpClientName).PostAsync(url, content, cancellation);

        // The URL is a secret: failures name the status, never the address.
        if (!response.IsSuccessStatusCode)
        {
            var problem = $"Slack answered {(int)response.StatusCode} {response.ReasonPhrase}";
            if (RetryAfter(response) is { } wait)
            {
                throw new RetryLaterException($"{problem}; asked for no retry within {wait.TotalSeconds:0} s", wait);
            }

            throw new HttpRequestException(problem, null, response.StatusCode);
        }
    }

    // Slack reads JSON as JSON: "<@U…>" and "→" go as they are, which keeps what is posted readable.
    private static readonly JsonSerializerOptions SlackJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A Block Kit message is queued as its payload; a plain alert (and any row queued before
    // messages had blocks) as its text.
    private static JsonObject Payload(string body, string channel)
    {
        if (body.StartsWith('{'))
        {
            try
            {
                if (JsonNode.Parse(body) is JsonObject message && message["blocks"] is JsonArray)
                {
                    message["channel"] = channel;
                    return message;
                }
            }
            catch (JsonException)
            {
                // Text that happens to start with a brace: sent as text.
            }
        }

        return new JsonObject { ["text"] = body, ["channel"] = channel };
    }

    // Slack rate-limits with 429 and sheds load with 503, saying in Retry-After (seconds or a date)
    // when to come back; asking sooner only prolongs it.
    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.StatusCode is System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable
            ? response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - time.GetUtcNow(),
                _ => null,
            }
            : null;
}
