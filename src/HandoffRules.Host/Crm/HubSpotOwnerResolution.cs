using HandoffRules.Host.Hosting;
using HandoffRules.Host.Notifications;
using HandoffRules.Host.Telemetry;
using HandoffRules.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Crm;

/// <summary>
/// Resolves every member's HubSpot owner when the host starts, for a playbook that declares
/// HubSpot sync and a host with a HubSpot access token. A member HubSpot does not know stops the
/// start with an error naming it: every write-back to that member's leads would fail otherwise.
/// HubSpot being unreachable (or answering without a list) does not stop the start: members are
/// then looked up on their first write-back. A token HubSpot refuses (401, 403) does.
/// </summary>
internal sealed class HubSpotOwnerResolution(
    PlaybookModel playbook,
    HubSpotOwners owners,
    IOptions<HandoffHostOptions> options,
    ILogger<HubSpotOwnerResolution> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (playbook.HubSpot is null || options.Value.HubSpot.AccessToken is not { } token)
        {
            return;
        }

        IReadOnlyList<string> unknown;
        try
        {
            unknown = await owners.ResolveAsync(token, cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            throw new HostStartException($"HubSpot refused to list its owners ({e.Message}); the access token needs the scope crm.objects.owners.read", e);
        }
        catch (Exception e) when (e is HttpRequestException or RetryLaterException or HubSpotApiException or System.Text.Json.JsonException
                                   or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No usable answer is not a mapping error: write-backs wait in the outbox and look owners up then.
            Log.OwnersNotResolved(logger, e.Message);
            return;
        }

        if (unknown.Count > 0)
        {
            throw new HostStartException(
                $"HubSpot knows no owner for {unknown.Count} member(s) of playbook '{playbook.Name}': {string.Join(", ", unknown)}. " +
                "Add them as users in HubSpot, or map them with Owner(member, ownerId) or OwnerByEmail(member, email) in the playbook's HubSpot(...) mapping.");
        }

        Log.OwnersResolved(logger, playbook.Members.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
