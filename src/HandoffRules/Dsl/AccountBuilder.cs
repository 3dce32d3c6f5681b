using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes a named account: its e-mail domains and its owner.</summary>
public sealed class AccountBuilder
{
    private readonly string _name;
    private readonly List<string> _domains = [];
    private string? _owner;

    internal AccountBuilder(string name) => _name = name;

    /// <summary>The account's e-mail domains, including subsidiaries and aliases.</summary>
    public AccountBuilder Domains(params string[] domains)
    {
        foreach (var domain in domains)
        {
            _domains.Add(PlaybookBuilder.RequireText(domain, $"Account '{Checks.Names.Visible(_name)}' has a domain that").ToLowerInvariant());
        }

        return this;
    }

    /// <summary>The member who owns the account.</summary>
    public AccountBuilder Owner(string memberId)
    {
        _owner = memberId;
        return this;
    }

    internal Account Build() =>
        new(_name, [.. _domains], PlaybookBuilder.Require(_owner, $"Account '{Checks.Names.Visible(_name)}' has no owner: its owner"));
}
