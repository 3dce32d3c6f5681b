using System.Globalization;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Notifications;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Telemetry;
using HandoffRules.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Crm;

/// <summary>
/// Refreshes account owners from HubSpot's companies while the host runs, for a playbook that allows
/// it (<c>HubSpot(h => h.RefreshAccountOwners(every))</c>) and a host with an access token: at start,
/// then every interval. The companies are read here, off the processor; the processor applies the
/// refresh in its turn, between two decisions, and records it. HubSpot unreachable leaves the owners
/// in effect as they are until the next try.
/// </summary>
internal sealed class HubSpotAccountOwnerRefresh(
    PlaybookModel playbook,
    HubSpotCrmClient crm,
    HubSpotOwners owners,
    HandoffQueue queue,
    IOptions<HandoffHostOptions> options,
    TimeProvider time,
    ILogger<HubSpotAccountOwnerRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (playbook.HubSpot?.AccountOwnerRefresh is not { } every)
        {
            return;
        }

        // The playbook asks for refreshes the host cannot make: said once, not silently skipped.
        if (options.Value.HubSpot.AccessToken is not { } token || playbook.Accounts.Count == 0)
        {
            Log.AccountOwnerRefreshOff(logger, options.Value.HubSpot.AccessToken is null ? "the host has no HubSpot access token (Handoff:HubSpot:AccessToken)" : "the playbook has no accounts");
            return;
        }

        Log.AccountOwnerRefreshStarted(logger, every);
        var reader = new HubSpotCompanyReader(crm, time);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(reader, token, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or RetryLaterException or HubSpotApiException or System.Text.Json.JsonException or TaskCanceledException)
            {
                Log.AccountOwnersNotRefreshed(logger, e.Message, every);
            }

            try
            {
                await Task.Delay(every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RefreshAsync(HubSpotCompanyReader reader, string token, CancellationToken cancellation)
    {
        // Owners not resolved at start-up (HubSpot was down then) are resolved now; members HubSpot
        // lacks are the start-up check's concern, and their companies count as unmapped here.
        if (!owners.Resolved)
        {
            await owners.ResolveAsync(token, cancellation);
        }

        var read = await reader.ReadAllAsync(token, null, cancellation);
        var at = time.GetUtcNow();
        var companies = CompanyOwnership.Resolve(read.Companies, owners.MemberOf);
        await queue.SubmitAsync(new AccountOwnersWork("hubspot", $"account owner refresh of {at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}", companies, at)
        {
            Completion = HandoffWork.Waiting(),
        }, cancellation);
    }
}
