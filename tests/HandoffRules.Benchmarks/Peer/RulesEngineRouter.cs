using System.Globalization;
using HandoffRules.Model;
using HandoffRules.Routing;
using RulesEngine.Models;

namespace HandoffRules.Benchmarks.Peer;

/// <summary>The facts the routing stage of the peer engine reads.</summary>
public sealed record RouteFacts(string Definition, string Territory, string Segment, string Source, bool Account);

/// <summary>
/// The same routing written for Microsoft RulesEngine, the way a team would: workflows of rules
/// with Dynamic LINQ expressions — qualify (definitions, disqualifiers, context), place (territory,
/// segment, account), route — and a little glue that reads their results in order. The rules are
/// translated from the same playbook model; the definition and disqualifier conditions are the
/// playbook's own text, except where it calls into code Dynamic LINQ cannot reach (a private set of
/// competitor domains), which is written out here.
/// </summary>
public sealed class RulesEngineRouter
{
    private readonly PlaybookModel _playbook;
    private readonly RulesEngine.RulesEngine _engine;
    private readonly Dictionary<string, int> _definitionIndex;

    // Everything the glue needs that does not depend on the lead is worked out here, once, as a
    // careful team would: where each rule's result sits (RulesEngine returns results in rule
    // order), each definition's disqualifiers and context checks with its parents', and the answers.
    private readonly int[] _definitionAt;
    private readonly (int At, string Answer)[][] _disqualifiersAt;
    private readonly int[][] _contextAt;
    private readonly (string Kind, string Name)[] _placeRules;
    private readonly string[] _routeAnswers;
    private readonly int[] _ruleCounts;

    public RulesEngineRouter(PlaybookModel playbook, IReadOnlyDictionary<string, string>? conditions = null)
    {
        _playbook = playbook;
        _definitionIndex = playbook.Definitions.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        conditions ??= new Dictionary<string, string>();
        string Condition(string key, LeadPredicate predicate) => conditions.TryGetValue(key, out var text) ? text : predicate.Text;

        var qualify = new List<Rule>();
        foreach (var definition in playbook.Definitions)
        {
            var criteria = definition.Criteria.Select(c => "(" + Condition(definition.Name, c) + ")").DefaultIfEmpty("true");
            qualify.Add(new Rule { RuleName = "definition:" + definition.Name, Expression = string.Join(" && ", criteria) });
            foreach (var disqualifier in definition.Disqualifiers)
            {
                qualify.Add(new Rule { RuleName = "disqualifier:" + disqualifier.Code, Expression = Condition(disqualifier.Code, disqualifier.Condition) });
            }

            var context = definition.RequiredContext.Select(Has).DefaultIfEmpty("true");
            qualify.Add(new Rule { RuleName = "context:" + definition.Name, Expression = string.Join(" && ", context) });
        }

        var place = new List<Rule>();
        foreach (var territory in playbook.Territories)
        {
            place.Add(new Rule { RuleName = "territory:" + territory.Name, Expression = string.Join(" || ", territory.Claims.Select(Claim)) });
        }

        foreach (var segment in playbook.Segments)
        {
            if (segment.Employees is { } employees)
            {
                place.Add(new Rule { RuleName = "employees:" + segment.Name, Expression = Band("lead.Employees", employees) });
            }

            if (segment.Revenue is { } revenue)
            {
                place.Add(new Rule { RuleName = "revenue:" + segment.Name, Expression = Band("lead.AnnualRevenue", revenue) });
            }
        }

        foreach (var account in playbook.Accounts)
        {
            place.Add(new Rule
            {
                RuleName = "account:" + account.Name,
                Expression = "lead.Domain != null && (" + string.Join(" || ", account.Domains.Select(d => $"lead.Domain == \"{d}\" || lead.Domain.EndsWith(\".{d}\")")) + ")",
            });
        }

        if (playbook.Routes.Any(r => r.Condition is not null))
        {
            throw new NotSupportedException("Routes with a When(...) condition are not translated for the peer engine.");
        }

        var route = playbook.Routes.Select(r => new Rule { RuleName = "route:" + r.Name, Expression = RouteExpression(r) }).ToList();
        Workflow Flow(string name, List<Rule> rules) => new() { WorkflowName = name, Rules = rules.Select(r => { r.RuleExpressionType = RuleExpressionType.LambdaExpression; return r; }).ToList() };
        _engine = new RulesEngine.RulesEngine(
            [Flow("qualify", qualify), Flow("place", place), Flow("route", route)],
            new ReSettings { CustomTypes = [typeof(Lead), typeof(LeadEvent), typeof(LeadEventType), typeof(LeadSource), typeof(StringComparison), typeof(string)] });

        var qualifyAt = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < qualify.Count; i++)
        {
            qualifyAt.TryAdd(qualify[i].RuleName, i);
        }

        var definitions = playbook.Definitions.Count;
        _definitionAt = [.. playbook.Definitions.Select(d => qualifyAt["definition:" + d.Name])];
        _disqualifiersAt = [.. Enumerable.Range(0, definitions).Select(i => Lineage(i).Reverse().SelectMany(d => d.Disqualifiers).Select(d => d.Code).Distinct()
            .Select(code => (qualifyAt["disqualifier:" + code], "disqualified:" + code)).ToArray())];
        _contextAt = [.. Enumerable.Range(0, definitions).Select(i => Lineage(i).Select(d => qualifyAt["context:" + d.Name]).ToArray())];
        _placeRules = [.. place.Select(r => r.RuleName.Split(':', 2) is [var kind, var name] ? (kind, name) : throw new InvalidOperationException(r.RuleName))];
        _routeAnswers = [.. playbook.Routes.Select(r => r.ToAccountOwner ? "(account owner)" : r.Queue!)];
        _ruleCounts = [qualify.Count, place.Count, route.Count];
    }

    /// <summary>Where the lead goes: a queue, "(account owner)", or "disqualified:CODE".</summary>
    public async ValueTask<string> RouteAsync(Lead lead)
    {
        var leadParameter = new RuleParameter("lead", lead);
        var qualified = Checked(await _engine.ExecuteAllRulesAsync("qualify", leadParameter), _ruleCounts[0]);

        // Definitions in order; the last hand-off one met decides; its and its ancestors' disqualifiers first.
        var held = new bool[_playbook.Definitions.Count];
        int best = -1, handoff = -1;
        for (var i = 0; i < held.Length; i++)
        {
            var d = _playbook.Definitions[i];
            held[i] = qualified[_definitionAt[i]].IsSuccess
                && (d.Extends is null || held[_definitionIndex[d.Extends]])
                && (d.MeetsAny.IsEmpty || d.MeetsAny.Any(m => held[_definitionIndex[m]]));
            if (held[i])
            {
                best = i;
                handoff = d.HandsOff ? i : handoff;
            }
        }

        var subject = handoff >= 0 ? handoff : best;
        if (subject >= 0)
        {
            foreach (var (at, answer) in _disqualifiersAt[subject])
            {
                if (qualified[at].IsSuccess)
                {
                    return answer;
                }
            }
        }

        if (handoff < 0)
        {
            return "disqualified:" + Disqualifier.NotReadyCode;
        }

        foreach (var at in _contextAt[handoff])
        {
            if (!qualified[at].IsSuccess)
            {
                return _playbook.Fallback!.Queue;
            }
        }

        var placed = Checked(await _engine.ExecuteAllRulesAsync("place", leadParameter), _ruleCounts[1]);
        string territory = "", employees = "", revenue = "";
        var account = false;
        for (var i = 0; i < placed.Count; i++)
        {
            if (!placed[i].IsSuccess)
            {
                continue;
            }

            var (kind, name) = _placeRules[i];
            switch (kind)
            {
                case "territory" when territory.Length == 0:
                    territory = name;
                    break;
                case "employees" when employees.Length == 0:
                    employees = name;
                    break;
                case "revenue" when revenue.Length == 0:
                    revenue = name;
                    break;
                case "account":
                    account = true;
                    break;
            }
        }

        var facts = new RouteFacts(_playbook.Definitions[handoff].Name, territory, employees.Length > 0 ? employees : revenue, lead.Source.ToString(), account);
        var routed = Checked(await _engine.ExecuteAllRulesAsync("route", new RuleParameter("facts", facts)), _ruleCounts[2]);
        for (var i = 0; i < routed.Count; i++)
        {
            if (routed[i].IsSuccess)
            {
                return _routeAnswers[i];
            }
        }

        return _playbook.Fallback!.Queue;
    }

    /// <summary>What HandoffRules decided, in the same terms.</summary>
    public static string Target(RoutingDecision decision) => decision.Outcome == LeadOutcome.Disqualified
        ? "disqualified:" + decision.Disqualifier!.Code
        : decision.Route?.ToAccountOwner == true ? "(account owner)" : decision.Queue!.Name;

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
            if (!string.IsNullOrEmpty(result.ExceptionMessage))
            {
                throw new InvalidOperationException($"Rule '{result.Rule.RuleName}' failed in RulesEngine: {result.ExceptionMessage}");
            }
        }

        return results;
    }

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
