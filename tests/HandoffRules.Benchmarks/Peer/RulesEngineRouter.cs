using System.Globalization;
using HandoffRules.Model;
using HandoffRules.Routing;
using RulesEngine.Models;

namespace HandoffRules.Benchmarks.Peer;

/// <summary>The facts the routing stage of the peer engine reads.</summary>
public sealed record RouteFacts(string Definition, string Territory, string Segment, string Source, bool Account);

/// <summary>
/// A lead as the peer engine reads it, prepared once per lead the way intake prepares a
/// <see cref="Lead"/> for the router: the lead itself, the fields a rule compares without regard to
/// case already lower-cased (so no rule calls an allocating <c>ToLower()</c>), and the rule
/// parameter built once.
/// </summary>
public sealed class PeerLead
{
    internal PeerLead(Lead lead)
    {
        Lead = lead;
        Keys = new PeerKeys(lead.Company?.ToLowerInvariant(), lead.LastName?.ToLowerInvariant());
        Parameters = [new RuleParameter("lead", lead), new RuleParameter("keys", Keys)];
    }

    /// <summary>The lead.</summary>
    public Lead Lead { get; }

    /// <summary>The lower-cased fields.</summary>
    public PeerKeys Keys { get; }

    internal RuleParameter[] Parameters { get; }
}

/// <summary>Fields of a lead lower-cased once, for rules that compare them without regard to case.</summary>
public sealed record PeerKeys(string? Company, string? LastName);

/// <summary>
/// The same routing written for Microsoft RulesEngine 6.0.1, the way its documentation recommends
/// for first-match decisions: where the first of an ordered list of rules decides (a definition's
/// disqualifiers, territories, segment bands, accounts, routes), the rules are nested under one
/// parent with <c>Operator = "OrElse"</c> and the engine runs in
/// <see cref="NestedRuleExecutionMode.Performance"/>, so it stops at the first that holds; actions
/// are not executed automatically and error messages are not formatted. Expressions are Dynamic
/// LINQ, translated from the same playbook model; the definition and disqualifier conditions are the
/// playbook's own text, except where it calls into code Dynamic LINQ cannot reach (a private set of
/// competitor domains), which is written out here. A little glue reads the results in order.
/// </summary>
public sealed class RulesEngineRouter
{
    /// <summary>The engine's settings: first match wins, nothing evaluated that cannot change the answer.</summary>
    public static ReSettings Settings() => new()
    {
        CustomTypes = [typeof(Lead), typeof(LeadEvent), typeof(LeadEventType), typeof(LeadSource), typeof(StringComparison), typeof(string), typeof(PeerKeys), typeof(PeerAccountBook)],
        NestedRuleExecutionMode = NestedRuleExecutionMode.Performance,
        AutoExecuteActions = false,
        EnableFormattedErrorMessage = false,
    };

    private const string Definitions = "definitions";
    private const string Place = "place";
    private const string RouteFlow = "route";

    private readonly PlaybookModel _playbook;
    private readonly RulesEngine.RulesEngine _engine;
    private readonly Dictionary<string, int> _definitionIndex;
    private readonly RuleParameter _book;

    // Everything the glue needs that does not depend on the lead is worked out here, once, as a
    // careful team would: each definition's workflow of disqualifiers (its parents' first) and
    // context checks, where each place rule sits, and the answers.
    private readonly string[] _subjectFlows;
    private readonly string[][] _disqualifierAnswers;
    private readonly int[] _subjectRuleCounts;
    private readonly string[] _territories;
    private readonly string[] _employeeBands;
    private readonly string[] _revenueBands;
    private readonly (int Territory, int Employees, int Revenue, int Account) _placeAt;
    private readonly int _placeCount;
    private readonly string[] _routeAnswers;

    public RulesEngineRouter(PlaybookModel playbook, IReadOnlyDictionary<string, string>? conditions = null)
    {
        _playbook = playbook;
        _definitionIndex = playbook.Definitions.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        conditions ??= new Dictionary<string, string>();
        string Condition(string key, LeadPredicate predicate) => conditions.TryGetValue(key, out var text) ? text : predicate.Text;

        var workflows = new List<Workflow>();

        // Definitions: every one is evaluated (a lead takes the last hand-off definition it meets), so they stay flat.
        workflows.Add(Flow(Definitions, [.. playbook.Definitions.Select(d => Leaf("definition:" + d.Name,
            string.Join(" && ", d.Criteria.Select(c => "(" + Condition(d.Name, c) + ")").DefaultIfEmpty("true"))))]));

        // Per definition: its disqualifiers in order, first match wins; then its context check.
        _subjectFlows = new string[playbook.Definitions.Count];
        _disqualifierAnswers = new string[playbook.Definitions.Count][];
        _subjectRuleCounts = new int[playbook.Definitions.Count];
        for (var i = 0; i < playbook.Definitions.Count; i++)
        {
            var disqualifiers = Lineage(i).Reverse().SelectMany(d => d.Disqualifiers).DistinctBy(d => d.Code).ToList();
            var rules = new List<Rule>();
            if (disqualifiers.Count > 0)
            {
                rules.Add(FirstMatch("disqualifiers", disqualifiers.Select(d => Leaf("disqualifier:" + d.Code, Condition(d.Code, d.Condition)))));
            }

            rules.Add(Leaf("context", string.Join(" && ", Lineage(i).Reverse().SelectMany(d => d.RequiredContext).Distinct().Select(Has).DefaultIfEmpty("true"))));
            _subjectFlows[i] = "subject:" + playbook.Definitions[i].Name;
            _disqualifierAnswers[i] = [.. disqualifiers.Select(d => "disqualified:" + d.Code)];
            _subjectRuleCounts[i] = rules.Count;
            workflows.Add(Flow(_subjectFlows[i], rules));
        }

        // Place: the first territory, the first employee band, the first revenue band, any account.
        var place = new List<Rule>();
        _territories = [.. playbook.Territories.Select(t => t.Name)];
        _employeeBands = [.. playbook.Segments.Where(s => s.Employees is not null).Select(s => s.Name)];
        _revenueBands = [.. playbook.Segments.Where(s => s.Revenue is not null).Select(s => s.Name)];
        int Add(Rule? rule)
        {
            if (rule is null)
            {
                return -1;
            }

            place.Add(rule);
            return place.Count - 1;
        }

        var territoryAt = Add(FirstMatchOrNone("territory", playbook.Territories.Select(t => Leaf("territory:" + t.Name, string.Join(" || ", t.Claims.Select(Claim))))));
        var employeesAt = Add(FirstMatchOrNone("employees", playbook.Segments.Where(s => s.Employees is not null).Select(s => Leaf("employees:" + s.Name, Band("lead.Employees", s.Employees!)))));
        var revenueAt = Add(FirstMatchOrNone("revenue", playbook.Segments.Where(s => s.Revenue is not null).Select(s => Leaf("revenue:" + s.Name, Band("lead.AnnualRevenue", s.Revenue!)))));
        // Any account: one rule over the book, as a team with hundreds of accounts would write it
        // (one rule per account made the peer walk 313 rules for the sample's book).
        _book = new RuleParameter("book", new PeerAccountBook(playbook.Accounts.SelectMany(a => a.Domains)));
        var accountAt = Add(playbook.Accounts.Count == 0 ? null : Leaf("account", "book.Matches(lead.Domain)"));
        _placeAt = (territoryAt, employeesAt, revenueAt, accountAt);
        _placeCount = place.Count;
        if (place.Count > 0)
        {
            workflows.Add(Flow(Place, place));
        }

        if (playbook.Routes.Any(r => r.Condition is not null))
        {
            throw new NotSupportedException("Routes with a When(...) condition are not translated for the peer engine.");
        }

        _routeAnswers = [.. playbook.Routes.Select(r => r.ToAccountOwner ? "(account owner)" : r.Queue!)];
        if (playbook.Routes.Count > 0)
        {
            workflows.Add(Flow(RouteFlow, [FirstMatch("routes", playbook.Routes.Select(r => Leaf("route:" + r.Name, RouteExpression(r))))]));
        }

        Workflows = workflows;
        _engine = new RulesEngine.RulesEngine([.. workflows], Settings());
    }

    /// <summary>The workflows as given to the engine, for inspection.</summary>
    public IReadOnlyList<Workflow> Workflows { get; }

    /// <summary>Every rule expression in the workflows, nested ones included.</summary>
    public IEnumerable<string> Expressions => Workflows.SelectMany(w => w.Rules).SelectMany(Flatten).Where(r => r.Expression is not null).Select(r => r.Expression);

    /// <summary>Prepares a lead for the engine, once (see <see cref="PeerLead"/>).</summary>
    public static PeerLead Prepare(Lead lead) => new(lead);

    /// <summary>Where the lead goes: a queue, "(account owner)", or "disqualified:CODE".</summary>
    public ValueTask<string> RouteAsync(Lead lead) => RouteAsync(Prepare(lead));

    /// <summary>Where the prepared lead goes: a queue, "(account owner)", or "disqualified:CODE".</summary>
    public async ValueTask<string> RouteAsync(PeerLead peer)
    {
        var parameters = peer.Parameters;
        var definitions = Checked(await _engine.ExecuteAllRulesAsync(Definitions, parameters), _playbook.Definitions.Count);

        // Definitions in order; the last hand-off one met decides; its and its ancestors' disqualifiers first.
        Span<bool> held = stackalloc bool[definitions.Count];
        int best = -1, handoff = -1;
        for (var i = 0; i < held.Length; i++)
        {
            var d = _playbook.Definitions[i];
            held[i] = definitions[i].IsSuccess
                && (d.Extends is null || held[_definitionIndex[d.Extends]])
                && (d.MeetsAny.IsEmpty || AnyHeld(d, held));
            if (held[i])
            {
                best = i;
                handoff = d.HandsOff ? i : handoff;
            }
        }

        var subject = handoff >= 0 ? handoff : best;
        if (subject < 0)
        {
            return "disqualified:" + Disqualifier.NotReadyCode;
        }

        var checks = Checked(await _engine.ExecuteAllRulesAsync(_subjectFlows[subject], parameters), _subjectRuleCounts[subject]);
        if (_disqualifierAnswers[subject].Length > 0 && Matched(checks[0]) is var disqualifier and >= 0)
        {
            return _disqualifierAnswers[subject][disqualifier];
        }

        if (handoff < 0)
        {
            return "disqualified:" + Disqualifier.NotReadyCode;
        }

        if (!checks[^1].IsSuccess)
        {
            return _playbook.Fallback!.Queue;
        }

        string territory = "", segment = "";
        var account = false;
        if (_placeCount > 0)
        {
            var placed = Checked(await _engine.ExecuteAllRulesAsync(Place, [.. parameters, _book]), _placeCount);
            territory = _placeAt.Territory >= 0 && Matched(placed[_placeAt.Territory]) is var t and >= 0 ? _territories[t] : "";
            segment = _placeAt.Employees >= 0 && Matched(placed[_placeAt.Employees]) is var e and >= 0 ? _employeeBands[e]
                : _placeAt.Revenue >= 0 && Matched(placed[_placeAt.Revenue]) is var r and >= 0 ? _revenueBands[r] : "";
            account = _placeAt.Account >= 0 && placed[_placeAt.Account].IsSuccess;
        }

        if (_routeAnswers.Length == 0)
        {
            return _playbook.Fallback!.Queue;
        }

        var facts = new RouteFacts(_playbook.Definitions[handoff].Name, territory, segment, peer.Lead.Source.ToString(), account);
        var routed = Checked(await _engine.ExecuteAllRulesAsync(RouteFlow, new RuleParameter("facts", facts)), 1);
        return Matched(routed[0]) is var route and >= 0 ? _routeAnswers[route] : _playbook.Fallback!.Queue;
    }

    /// <summary>What HandoffRules decided, in the same terms.</summary>
    public static string Target(RoutingDecision decision) => decision.Outcome == LeadOutcome.Disqualified
        ? "disqualified:" + decision.Disqualifier!.Code
        : decision.Route?.ToAccountOwner == true ? "(account owner)" : decision.Queue!.Name;

    private bool AnyHeld(Definition definition, ReadOnlySpan<bool> held)
    {
        foreach (var name in definition.MeetsAny)
        {
            if (held[_definitionIndex[name]])
            {
                return true;
            }
        }

        return false;
    }

    // Under an OrElse parent in performance mode the engine stops at the first child that holds, so
    // the children it returns end with that one: its position is the answer's.
    private static int Matched(RuleResultTree parent)
    {
        if (!parent.IsSuccess)
        {
            return -1;
        }

        var children = (IList<RuleResultTree>)parent.ChildResults;
        return children.Count - 1;
    }

    // RulesEngine reports an expression that fails to compile or throws as a rule that did not
    // succeed; left alone, that would read as "condition false" and make the comparison dishonest.
    private static List<RuleResultTree> Checked(List<RuleResultTree> results, int expected)
    {
        if (results.Count != expected)
        {
            throw new InvalidOperationException($"RulesEngine returned {results.Count} results for {expected} rules.");
        }

        foreach (var result in results)
        {
            Check(result);
        }

        return results;
    }

    private static void Check(RuleResultTree result)
    {
        if (!string.IsNullOrEmpty(result.ExceptionMessage))
        {
            throw new InvalidOperationException($"Rule '{result.Rule.RuleName}' failed in RulesEngine: {result.ExceptionMessage}");
        }

        if (result.ChildResults is { } children)
        {
            foreach (var child in children)
            {
                Check(child);
            }
        }
    }

    private static Workflow Flow(string name, List<Rule> rules) => new() { WorkflowName = name, Rules = rules };

    private static Rule Leaf(string name, string expression) =>
        new() { RuleName = name, Expression = expression, RuleExpressionType = RuleExpressionType.LambdaExpression };

    private static Rule FirstMatch(string name, IEnumerable<Rule> rules) => new() { RuleName = name, Operator = "OrElse", Rules = [.. rules] };

    private static Rule? FirstMatchOrNone(string name, IEnumerable<Rule> rules) => FirstMatch(name, rules) is { Rules: { } children } rule && children.Any() ? rule : null;

    private static IEnumerable<Rule> Flatten(Rule rule) => rule.Rules is null ? [rule] : [rule, .. rule.Rules.SelectMany(Flatten)];

    private IEnumerable<Definition> Lineage(int index)
    {
        for (var d = _playbook.Definitions[index]; d is not null; d = d.Extends is null ? null : _playbook.Definitions[_definitionIndex[d.Extends]])
        {
            yield return d;
        }
    }

    private static string Has(LeadField field) => field switch
    {
        LeadField.Employees => "lead.Employees != null",
        LeadField.AnnualRevenue => "lead.AnnualRevenue != null",
        LeadField.Score or LeadField.Source => "true",
        _ => $"lead.{field} != null && lead.{field} != \"\"",
    };

    private static string Claim(TerritoryClaim claim) =>
        claim.Region is not null ? $"(lead.Country == \"{claim.Country}\" && lead.State == \"{claim.Region}\")"
        : claim.PostalPrefix is not null ? $"(lead.Country == \"{claim.Country}\" && lead.PostalCode != null && lead.PostalCode.StartsWith(\"{claim.PostalPrefix}\"))"
        : $"(lead.Country == \"{claim.Country}\")";

    private static string Band(string field, Band band) =>
        $"{field} != null && {field} >= {band.Min.ToString(CultureInfo.InvariantCulture)}" + (band.Max is { } max ? $" && {field} <= {max.ToString(CultureInfo.InvariantCulture)}" : "");

    private static string RouteExpression(Route route)
    {
        static string AnyOf(string field, IEnumerable<string> values) => "(" + string.Join(" || ", values.Select(v => $"{field} == \"{v}\"")) + ")";
        var parts = new List<string>();
        if (!route.Definitions.IsEmpty)
        {
            parts.Add(AnyOf("facts.Definition", route.Definitions));
        }

        if (!route.Territories.IsEmpty)
        {
            parts.Add(AnyOf("facts.Territory", route.Territories));
        }

        if (!route.Segments.IsEmpty)
        {
            parts.Add(AnyOf("facts.Segment", route.Segments));
        }

        if (!route.Sources.IsEmpty)
        {
            parts.Add(AnyOf("facts.Source", route.Sources.Select(s => s.ToString())));
        }

        if (route.RequiresAccountMatch)
        {
            parts.Add("facts.Account");
        }

        return parts.Count == 0 ? "true" : string.Join(" && ", parts);
    }
}
