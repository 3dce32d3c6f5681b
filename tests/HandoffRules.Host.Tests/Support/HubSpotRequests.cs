using System.Globalization;
using System.Text;
using HandoffRules.Host.Webhooks;

namespace HandoffRules.Host.Tests.Support;

/// <summary>Requests in the shape HubSpot sends them, signed (or not) the way HubSpot signs.</summary>
public static class HubSpotRequests
{
    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static HttpRequestMessage Post(Uri baseAddress, string body, string? secret = RunningHost.HubSpotSecret, DateTimeOffset? at = null, string? signatureOverride = null)
    {
        var uri = new Uri(baseAddress, HubSpotWebhook.Path);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add(HubSpotSignature.TimestampHeader, timestamp);
        if (secret is not null || signatureOverride is not null)
        {
            request.Headers.Add(HubSpotSignature.SignatureHeader,
                signatureOverride ?? HubSpotSignature.Sign(secret!, "POST", uri.ToString(), Encoding.UTF8.GetBytes(body), timestamp));
        }

        return request;
    }
}
