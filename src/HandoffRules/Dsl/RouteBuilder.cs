using System.Linq.Expressions;
using HandoffRules.Model;

namespace HandoffRules;

/// <summary>
/// Describes a route's conditions and target. Conditions left out accept anything; a route needs a
/// target: <see cref="ToQueue"/> or <see cref="ToAccountOwner"/>.
/// </summary>
public sealed class RouteBuilder
{
    private readonly string _name;
    private readonly List<string> _definitions = [];
    private readonly List<string> _territories = [];
    private readonly List<string> _segments = [];
    private readonly List<LeadSource> _sources = [];
    private bool _requiresAccount;
    private LeadPredicate? _condition;
    private string? _queue;
    private bool _toOwner;
    private string? _backupQueue;

    internal RouteBuilder(string name) => _name = name;

    /// <summary>Only leads meeting one of these hand-off definitions.</summary>
    public RouteBuilder Definitions(params string[] definitions)
    {
        _definitions.AddRange(definitions);
        return this;
    }

    /// <summary>Only leads in one of these territories.</summary>
    public RouteBuilder Territories(params string[] territories)
    {
        _territories.AddRange(territories);
        return this;
    }

    /// <summary>Only leads in one of these segments.</summary>
    public RouteBuilder Segments(params string[] segments)
    {
        _segments.AddRange(segments);
        return this;
    }

    /// <summary>Only leads from one of these sources.</summary>
    public RouteBuilder Sources(params LeadSource[] sources)
    {
        _sources.AddRange(sources);
        return this;
    }

    /// <summary>Only leads whose e-mail domain is in the account book.</summary>
    public RouteBuilder WhenAccountMatched()
    {
        _requiresAccount = true;
        return this;
    }

    /// <summary>A further condition on the lead. Routes with one never shadow later routes.</summary>
    public RouteBuilder When(Expression<Func<Lead, bool>> condition)
    {
        _condition = LeadPredicate.From(condition);
        return this;
    }

    /// <summary>Sends matching leads to a queue.</summary>
    public RouteBuilder ToQueue(string queue)
    {
        _queue = queue;
        _toOwner = false;
        return this;
    }

    /// <summary>
    /// Sends matching leads to the owner of the matched account. When the owner is inactive, away or
    /// at their cap, the lead goes to <paramref name="backupQueue"/>, or on to the next route if none.
    /// </summary>
    public RouteBuilder ToAccountOwner(string? backupQueue = null)
    {
        _toOwner = true;
        _requiresAccount = true;
        _backupQueue = backupQueue;
        _queue = null;
        return this;
    }

    internal Route Build()
    {
        if (_queue is null && !_toOwner)
        {
            throw new PlaybookDefinitionException($"Route '{Checks.Names.Visible(_name)}' has no target: end it with ToQueue(...) or ToAccountOwner(...).");
        }

        return new Route(_name, [.. _definitions], [.. _territories], [.. _segments], [.. _sources], _requiresAccount, _condition, _queue, _toOwner, _backupQueue);
    }
}
