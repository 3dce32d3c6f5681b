namespace HandoffRules.Host.Crm;

/// <summary>
/// Finds the account of the book a HubSpot company is: the account with one of its domains, or,
/// failing that, the account of the same name (case aside). Domains first: a company renamed in
/// HubSpot is still the account its domains say.
/// </summary>
public sealed class CompanyAccountMatch
{
    private readonly Dictionary<string, int> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Indexes the book's accounts, each as its name and domains, by position.</summary>
    public CompanyAccountMatch(IEnumerable<(string Name, IEnumerable<string> Domains)> accounts)
    {
        var index = 0;
        foreach (var (name, domains) in accounts)
        {
            foreach (var domain in domains)
            {
                _byDomain.TryAdd(domain, index);
            }

            _byName.TryAdd(name, index);
            index++;
        }
    }

    /// <summary>The position of the company's account; -1 when the book has none.</summary>
    public int Find(HubSpotCompany company)
    {
        foreach (var domain in company.Domains)
        {
            if (_byDomain.TryGetValue(domain, out var account))
            {
                return account;
            }
        }

        return company.Name.Length > 0 && _byName.TryGetValue(company.Name, out var named) ? named : -1;
    }
}
