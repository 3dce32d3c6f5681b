namespace HandoffRules.Model;

/// <summary>
/// An account's owner as a refresh from the CRM set it, on top of the account book: from the
/// refresh's time on, the account's leads go to this member instead of the book's owner.
/// </summary>
/// <param name="Account">The account's name.</param>
/// <param name="MemberId">The member the CRM's owner maps to.</param>
/// <param name="OwnerId">The CRM's owner id (HubSpot's <c>hubspot_owner_id</c>).</param>
/// <param name="RefreshedAt">When the refresh read it.</param>
public sealed record RefreshedOwner(string Account, string MemberId, string OwnerId, DateTimeOffset RefreshedAt);
