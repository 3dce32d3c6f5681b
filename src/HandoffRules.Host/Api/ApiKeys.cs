using System.Security.Cryptography;
using System.Text;
using HandoffRules.Host.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Api;

/// <summary>Who a request is from: a member, or an integration acting for any member.</summary>
/// <param name="Member">The member; null for an integration.</param>
public sealed record ApiCaller(string? Member)
{
    /// <summary>The integration key's configured name, if it has one.</summary>
    public string? Name { get; init; }

    /// <summary>Who the audit says did it: the member, else the key's name, else "an integration key" — never the key.</summary>
    public string Shown => Member ?? (string.IsNullOrWhiteSpace(Name) ? "an integration key" : Name);
}

/// <summary>
/// The SDR API's authentication: <c>Authorization: Bearer &lt;key&gt;</c>, compared in constant time
/// with the configured keys. Every API endpoint requires it.
/// </summary>
internal sealed class ApiKeys(IOptions<HandoffHostOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var caller = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? Find(header["Bearer ".Length..].Trim()) : null;
        if (caller is null)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                detail: options.Value.ApiKeys.Count == 0 ? "The SDR API has no keys configured (Handoff:ApiKeys)." : "A valid API key is required: Authorization: Bearer <key>.");
        }

        context.HttpContext.Items[typeof(ApiCaller)] = caller;
        return await next(context);
    }

    private ApiCaller? Find(string presented)
    {
        var given = Encoding.UTF8.GetBytes(presented);
        ApiCaller? match = null;

        // Every key is compared, so the time taken does not say how many characters matched.
        foreach (var key in options.Value.ApiKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key.Key)))
            {
                match = new ApiCaller(string.IsNullOrWhiteSpace(key.Member) ? null : key.Member) { Name = key.Name };
            }
        }

        return match;
    }
}
