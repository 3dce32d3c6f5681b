namespace HandoffRules.Host.Crm;

/// <summary>
/// A HubSpot company as the account book needs it: its name, its domains (the primary
/// <c>domain</c> first, then <c>hs_additional_domains</c>, lower case), its owner
/// (<c>hubspot_owner_id</c>) and its parent company (<c>hs_parent_company_id</c>).
/// </summary>
/// <param name="Id">HubSpot's company id.</param>
/// <param name="Name">The company's name; empty when HubSpot has none.</param>
/// <param name="Domains">Its e-mail domains, primary first; empty when it has none.</param>
/// <param name="OwnerId">Its HubSpot owner; null when it has none.</param>
/// <param name="ParentId">The company it is a child of; null when none.</param>
public sealed record HubSpotCompany(string Id, string Name, IReadOnlyList<string> Domains, string? OwnerId, string? ParentId);

/// <summary>One page of HubSpot's companies list.</summary>
/// <param name="Companies">The page's companies.</param>
/// <param name="After">The cursor of the next page; null on the last.</param>
/// <param name="Pause">
/// How long to wait before the next request because HubSpot said its 10-second budget is spent
/// (<c>X-HubSpot-RateLimit-Remaining: 0</c>, for <c>X-HubSpot-RateLimit-Interval-Milliseconds</c>); zero otherwise.
/// </param>
public sealed record HubSpotCompanyPage(IReadOnlyList<HubSpotCompany> Companies, string? After, TimeSpan Pause);
