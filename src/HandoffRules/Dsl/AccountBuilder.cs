using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes a named account: its e-mail domains, its owner and its place in a hierarchy.</summary>
public sealed class AccountBuilder
{
    private readonly string _name;
    private readonly List<string> _domains = [];
    private string? _owner;
    private string? _parent;
    private string? _segment;
    private string? _territory;

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

    /// <summary>
    /// The account this one is a subsidiary of. A subsidiary without an owner of its own goes to
    /// its parent's owner (or the parent's parent's, up the hierarchy).
    /// </summary>
    public AccountBuilder Parent(string account)
    {
        _parent = PlaybookBuilder.Require(account, $"Account '{Checks.Names.Visible(_name)}''s parent");
        return this;
    }

    /// <summary>Routes the account's leads as this segment, whatever their size.</summary>
    public AccountBuilder Segment(string segment)
    {
        _segment = PlaybookBuilder.Require(segment, $"Account '{Checks.Names.Visible(_name)}''s segment");
        return this;
    }

    /// <summary>Routes the account's leads as this territory, wherever they are.</summary>
    public AccountBuilder Territory(string territory)
    {
        _territory = PlaybookBuilder.Require(territory, $"Account '{Checks.Names.Visible(_name)}''s territory");
        return this;
    }

    internal Account Build() =>
        new(_name, [.. _domains], _parent is null ? PlaybookBuilder.Require(_owner, $"Account '{Checks.Names.Visible(_name)}' has no owner: its owner") : _owner)
        {
            Parent = _parent,
            Segment = _segment,
            Territory = _territory,
        };
}
