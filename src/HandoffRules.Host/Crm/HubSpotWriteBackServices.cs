using System.Threading.RateLimiting;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Notifications;
using HandoffRules.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Crm;

/// <summary>Registers the HubSpot write-back: the CRM client, its request budget, owners and the outbox channel.</summary>
internal static class HubSpotWriteBackServices
{
    public static void AddTo(IServiceCollection services, PlaybookModel playbook)
    {
        services.AddHttpClient(HubSpotCrmClient.HttpClientName, (provider, client) =>
        {
            client.BaseAddress = provider.GetRequiredService<IOptions<HandoffHostOptions>>().Value.HubSpot.ApiBaseUrl;
            client.Timeout = TimeSpan.FromSeconds(10);
        });

        // One budget for every write, whichever contact: HubSpot counts the app's requests per 10 s.
        services.AddKeyedSingleton<RateLimiter>(HubSpotCrmClient.HttpClientName, (provider, _) =>
        {
            var budget = provider.GetRequiredService<IOptions<HandoffHostOptions>>().Value.HubSpot.RequestsPer10Seconds;
            return new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = budget,
                Window = TimeSpan.FromSeconds(10),
                SegmentsPerWindow = 10,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        });
        services.AddSingleton(provider => new HubSpotCrmClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HubSpotCrmClient.HttpClientName),
            provider.GetRequiredKeyedService<RateLimiter>(HubSpotCrmClient.HttpClientName),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new HubSpotOwners(playbook, provider.GetRequiredService<HubSpotCrmClient>()));
        services.AddSingleton<INotifier, HubSpotWriteBackNotifier>();

        // Registered before the host's own services, so owners are known before the processor
        // takes the first owner change from HubSpot, and a member HubSpot lacks stops the start.
        services.AddHostedService(provider => new HubSpotOwnerResolution(
            playbook,
            provider.GetRequiredService<HubSpotOwners>(),
            provider.GetRequiredService<IOptions<HandoffHostOptions>>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<HubSpotOwnerResolution>>()));

        // Account owners from HubSpot's companies, when the playbook allows it (it returns at once otherwise).
        services.AddHostedService(provider => new HubSpotAccountOwnerRefresh(
            playbook,
            provider.GetRequiredService<HubSpotCrmClient>(),
            provider.GetRequiredService<HubSpotOwners>(),
            provider.GetRequiredService<Processing.HandoffQueue>(),
            provider.GetRequiredService<IOptions<HandoffHostOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<HubSpotAccountOwnerRefresh>>()));
    }
}
