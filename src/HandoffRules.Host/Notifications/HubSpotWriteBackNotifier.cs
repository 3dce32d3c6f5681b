using HandoffRules.Host.Crm;
using HandoffRules.Host.Hosting;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Notifications;

/// <summary>
/// Delivers write-backs from the outbox to HubSpot: a contact's owner and properties, or a task
/// found again by its key before a second is created. The outbox gives it what alerts get: at
/// least once, per contact in order, Retry-After honoured, permanent refusals dead-lettered.
/// </summary>
internal sealed class HubSpotWriteBackNotifier(HubSpotCrmClient crm, HubSpotOwners owners, IOptions<HandoffHostOptions> options) : INotifier
{
    public string Channel => HubSpotWriteBack.Channel;

    public async Task SendAsync(string target, string body, CancellationToken cancellation)
    {
        var token = options.Value.HubSpot.AccessToken
            ?? throw new NotConfiguredException("no HubSpot access token is configured to write back (Handoff:HubSpot:AccessToken)");
        var write = HubSpotWriteBack.FromJson(body);
        var ownerId = write.Owner is { } member ? await owners.OwnerIdAsync(member, token, cancellation) : null;

        if (write.Task is { } task)
        {
            if (await crm.FindTaskAsync(task.Key, token, cancellation) is null)
            {
                await crm.CreateTaskAsync(target, task, ownerId, token, cancellation);
            }

            return;
        }

        var properties = new Dictionary<string, string>(write.Properties ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (ownerId is not null)
        {
            properties["hubspot_owner_id"] = ownerId;
        }

        if (write.ClearStage is { } stage && properties.ContainsKey(stage))
        {
            // HubSpot ignores a move to an earlier lifecycle stage unless the stage was cleared first.
            await crm.UpdateContactAsync(target, new Dictionary<string, string> { [stage] = "" }, token, cancellation);
        }

        await crm.UpdateContactAsync(target, properties, token, cancellation);
    }
}
