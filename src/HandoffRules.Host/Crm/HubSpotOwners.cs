using System.Collections.Concurrent;
using HandoffRules.Model;

namespace HandoffRules.Host.Crm;

/// <summary>
/// Members' HubSpot owner ids: the id the mapping gives, or the owner HubSpot's owners API knows
/// by the member's e-mail. Resolved for every member at start-up (<see cref="ResolveAsync"/>) and
/// kept; a member not resolved then (HubSpot was unreachable) is looked up on its first write.
/// Read the other way too: the member an owner id that HubSpot reports back stands for.
/// </summary>
public sealed class HubSpotOwners(PlaybookModel playbook, HubSpotCrmClient crm)
{
    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);

    // Every owner id HubSpot listed at start-up, so an owner change to an owner the playbook does
    // not map can be named as such, not as an id nobody knows. Empty until resolved.
    private volatile HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>True once every member's owner was resolved against HubSpot's owners list.</summary>
    public bool Resolved { get; private set; }

    /// <summary>
    /// Reads HubSpot's owners (every page) and resolves every member's owner: ids mapped directly
    /// are taken as they are, the others are found by e-mail (the mapped one, or the playbook's).
    /// </summary>
    /// <returns>The members HubSpot does not know, each with why; empty when all resolved.</returns>
    public async Task<IReadOnlyList<string>> ResolveAsync(string token, CancellationToken cancellation)
    {
        var owners = await crm.ListOwnersAsync(token, cancellation);
        var byEmail = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, email) in owners)
        {
            if (email is { Length: > 0 })
            {
                byEmail.TryAdd(email, id);
            }
        }

        var unknown = new List<string>();
        foreach (var member in playbook.Members.AsSpan())
        {
            var mapped = playbook.HubSpot?.OwnerOf(member.Id);
            if (mapped?.OwnerId is { } id)
            {
                _ids[member.Id] = id;
            }
            else if ((mapped?.Email ?? member.Email) is not { } email)
            {
                unknown.Add($"'{member.Id}' (no owner id and no e-mail: map it with Owner(...) or OwnerByEmail(...))");
            }
            else if (byEmail.TryGetValue(email, out var found))
            {
                _ids[member.Id] = found;
            }
            else
            {
                // The e-mail is the team's own address, but it stays out of messages that reach logs.
                unknown.Add($"'{member.Id}' (no HubSpot owner has its {(mapped?.Email is null ? "playbook" : "mapped")} e-mail)");
            }
        }

        _known = new HashSet<string>(owners.Select(o => o.Id), StringComparer.Ordinal);
        Resolved = unknown.Count == 0;
        return unknown;
    }

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

    /// <summary>
    /// The member a HubSpot owner id stands for: a member mapped to it directly, or one resolved to
    /// it; null when no member is (see <see cref="IsKnownOwner"/> for whether HubSpot has it).
    /// </summary>
    public string? MemberOf(string ownerId)
    {
        foreach (var (member, id) in _ids)
        {
            if (id == ownerId)
            {
                return member;
            }
        }

        return playbook.HubSpot is { } mapping ? mapping.Owners.FirstOrDefault(o => o.OwnerId == ownerId)?.MemberId : null;
    }

    /// <summary>True when HubSpot listed the owner at start-up.</summary>
    public bool IsKnownOwner(string ownerId) => _known.Contains(ownerId);
}
