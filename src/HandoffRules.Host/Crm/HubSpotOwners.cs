using System.Collections.Concurrent;
using HandoffRules.Model;

namespace HandoffRules.Host.Crm;

/// <summary>
/// Members' HubSpot owner ids: the id the mapping gives, or the owner HubSpot's owners API knows
/// by the member's e-mail, looked up once and kept.
/// </summary>
public sealed class HubSpotOwners(PlaybookModel playbook, HubSpotCrmClient crm)
{
    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);

    /// <summary>The member's owner id.</summary>
    /// <exception cref="HubSpotApiException">The member has no e-mail, or HubSpot knows no owner with it.</exception>
    public async Task<string> OwnerIdAsync(string memberId, string token, CancellationToken cancellation)
    {
        if (_ids.TryGetValue(memberId, out var known))
        {
            return known;
        }

        var mapped = playbook.HubSpot?.OwnerOf(memberId);
        if (mapped?.OwnerId is { } id)
        {
            return _ids[memberId] = id;
        }

        var email = mapped?.Email ?? playbook.FindMember(memberId)?.Email
            ?? throw new HubSpotApiException($"member '{memberId}' has no HubSpot owner: map it with Owner(...) or OwnerByEmail(...), or give it an e-mail");
        var found = await crm.FindOwnerAsync(email, token, cancellation)
            ?? throw new HubSpotApiException($"HubSpot knows no owner with member '{memberId}''s e-mail");
        return _ids[memberId] = found;
    }
}
