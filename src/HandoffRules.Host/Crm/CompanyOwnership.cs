namespace HandoffRules.Host.Crm;

/// <summary>What a HubSpot company can give the account book.</summary>
public enum CompanyOutcome
{
    /// <summary>Its owner is a member: the company's account can take that owner.</summary>
    Owned,

    /// <summary>It has no owner in HubSpot.</summary>
    NoOwner,

    /// <summary>Its owner maps to no member of the playbook.</summary>
    UnknownOwner,

    /// <summary>It has no domain, so no lead can match it by one.</summary>
    NoDomain,

    /// <summary>Another company (with a lower id) already has its name or one of its domains.</summary>
    Duplicate,
}

/// <summary>A HubSpot company, what it can give the account book, and the member its owner is.</summary>
/// <param name="Company">The company.</param>
/// <param name="Outcome">What it can give.</param>
/// <param name="MemberId">The member its owner maps to (<see cref="CompanyOutcome.Owned"/> only).</param>
/// <param name="DuplicateOf">For a duplicate, the company that has the name or domain first.</param>
public sealed record CompanyOwner(HubSpotCompany Company, CompanyOutcome Outcome, string? MemberId, string? DuplicateOf = null);

/// <summary>
/// Decides, for every HubSpot company, the member who owns it — or why none does. Companies are
/// taken in id order, so which of two duplicates wins never depends on HubSpot's paging. An owner id
/// that maps to no member is an outcome of its own, never a guess.
/// </summary>
public static class CompanyOwnership
{
    /// <summary>Every company with its outcome, in company id order.</summary>
    /// <param name="companies">The companies read.</param>
    /// <param name="memberOf">The member a HubSpot owner id stands for; null for none (see <see cref="HubSpotOwners.MemberOf"/>).</param>
    public static IReadOnlyList<CompanyOwner> Resolve(IEnumerable<HubSpotCompany> companies, Func<string, string?> memberOf)
    {
        var byDomain = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var owners = new List<CompanyOwner>();
        foreach (var company in companies.OrderBy(c => c.Id.Length).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            if (company.Domains.Count == 0)
            {
                owners.Add(new CompanyOwner(company, CompanyOutcome.NoDomain, null));
                continue;
            }

            var first = company.Domains.Select(d => byDomain.GetValueOrDefault(d)).FirstOrDefault(id => id is not null)
                        ?? (company.Name.Length > 0 ? byName.GetValueOrDefault(company.Name) : null);
            if (first is not null)
            {
                owners.Add(new CompanyOwner(company, CompanyOutcome.Duplicate, null, first));
                continue;
            }

            foreach (var domain in company.Domains)
            {
                byDomain[domain] = company.Id;
            }

            if (company.Name.Length > 0)
            {
                byName[company.Name] = company.Id;
            }

            var member = company.OwnerId is { } owner ? memberOf(owner) : null;
            owners.Add(new CompanyOwner(company, (company.OwnerId, member) switch
            {
                (null, _) => CompanyOutcome.NoOwner,
                (_, null) => CompanyOutcome.UnknownOwner,
                _ => CompanyOutcome.Owned,
            }, member));
        }

        return owners;
    }
}
