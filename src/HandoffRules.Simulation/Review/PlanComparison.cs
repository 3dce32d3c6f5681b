using System.Globalization;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>
/// A <see cref="RoutingPlan"/> worked out lead by lead: fed each lead's baseline decision and the
/// current playbook's as the two come out of a replay, it keeps counts and what the plan lists of the
/// leads that change (their ids, destinations and groups), never the decisions themselves. Memory
/// follows the change, not the number of leads: a backtest over a long history that changes few
/// leads holds little more than the playbook's routes, queues and members.
/// </summary>
/// <remarks>
/// The plan is the same whatever order the leads come in: what it lists by lead is ordered by lead
/// id, and load rows (queues, members, routes) in the order their names first came up, the
/// baseline's before the current playbook's.
/// </remarks>
public sealed class PlanComparison
{
    private const int TopChanges = 5;

    // Every field a policy change can move, in the order a reader thinks about a decision. Member is
    // last and not a policy field: who in a queue gets a lead is distribution's business.
    internal static readonly (string Name, Func<DecisionRecord, string?> Value, bool Deadline)[] Fields =
    [
        ("outcome", r => r.Outcome, false),
        ("definition", r => r.Definition, false),
        ("disqualifier", r => r.Reason, false),
        ("duplicate_of", r => r.DuplicateOf, false),
        ("territory", r => r.Territory, false),
        ("segment", r => r.Segment, false),
        ("account", r => r.Account, false),
        ("route", r => r.Route, false),
        ("fallback", r => r.Fallback, false),
        ("queue", r => r.Queue, false),
        ("trigger", r => r.Trigger, false),
        ("first_touch_sla", r => r.FirstTouchSla, false),
        ("first_touch_due", r => Due(r.FirstTouchDue), true),
        ("acceptance_sla", r => r.AcceptanceSla, false),
        ("acceptance_due", r => Due(r.AcceptanceDue), true),
    ];

    private readonly PlaybookModel _playbook;
    private readonly List<LeadMove> _moves = [];
    private readonly List<MemberMove> _distribution = [];
    private readonly Dictionary<(string From, string To), int>[] _perField = [.. Fields.Select(_ => new Dictionary<(string From, string To), int>())];
    private readonly int[] _fieldLeads = new int[Fields.Length];
    private readonly Dictionary<string, WithoutMoving> _withoutMoving = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string FromRule, string To, string ToRule, string Changes), Group> _groups = [];
    private readonly Loads _queueLoad = new();
    private readonly Loads _memberLoad = new();
    private readonly Loads _routeHits = new();
    private readonly RuleHits _reachedBefore;
    private readonly RuleHits _reachedNow;

    // One copy of each destination, rule and member name, however many leads carry it.
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _leads;
    private int _policy;

    /// <summary>Starts a comparison for the playbook under review.</summary>
    /// <param name="playbook">The current playbook: why leads changed and which rules are newly unreached are read from it.</param>
    public PlanComparison(PlaybookModel playbook)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        _playbook = playbook;
        _reachedBefore = new RuleHits(playbook);
        _reachedNow = new RuleHits(playbook);
    }

    /// <summary>Leads compared so far.</summary>
    public int Leads => _leads;

    /// <summary>Compares one lead's decisions: the baseline's and the current playbook's.</summary>
    /// <param name="baseline">What the baseline decided for the lead.</param>
    /// <param name="current">What the current playbook decides for it.</param>
    public void Add(DecisionRecord baseline, DecisionRecord current) => Add(baseline, current, _leads, _leads);

    /// <summary>
    /// The same, for leads whose two decisions came at different places of two lists: the places
    /// order the load rows as the lists' own orders would.
    /// </summary>
    internal void Add(DecisionRecord then, DecisionRecord now, int thenAt, int nowAt)
    {
        ArgumentNullException.ThrowIfNull(then);
        ArgumentNullException.ThrowIfNull(now);
        var at = new Place(now.LeadId, _leads);
        _leads++;
        _reachedBefore.Add(then);
        _reachedNow.Add(now);
        _queueLoad.Add(then.Outcome == HandoffOutcome.Routed ? RoutingPlan.Destination(then) : null, now.Outcome == HandoffOutcome.Routed ? RoutingPlan.Destination(now) : null, thenAt, nowAt);
        _memberLoad.Add(then.Outcome == HandoffOutcome.Routed ? then.Member : null, now.Outcome == HandoffOutcome.Routed ? now.Member : null, thenAt, nowAt);
        _routeHits.Add(then.Outcome == HandoffOutcome.Routed ? then.Route : null, now.Outcome == HandoffOutcome.Routed ? now.Route : null, thenAt, nowAt);

        List<string>? changed = null;
        List<string>? deadlines = null;
        List<int>? fields = null;
        for (var f = 0; f < Fields.Length; f++)
        {
            var (name, value, deadline) = Fields[f];
            var (a, b) = (value(then), value(now));
            if (a == b)
            {
                continue;
            }

            (string From, string To) change = deadline ? Shift(then, now, name) : (a ?? "-", b ?? "-");
            _fieldLeads[f]++;
            _perField[f][change] = _perField[f].GetValueOrDefault(change) + 1;
            (fields ??= []).Add(f);
            if (deadline)
            {
                (deadlines ??= []).Add(name);
            }
            else
            {
                (changed ??= []).Add($"{RoutingPlan.Words(name)} {change.From} → {change.To}");
            }
        }

        var (fromDestination, toDestination) = (RoutingPlan.Destination(then), RoutingPlan.Destination(now));
        if (fields is not null)
        {
            _policy++;
            if (fromDestination == toDestination)
            {
                foreach (var f in fields)
                {
                    // A field's first word, as the summary has always counted the fields it lists.
                    var key = Fields[f].Deadline ? RoutingPlan.Words(Fields[f].Name) : FirstWord(RoutingPlan.Words(Fields[f].Name));
                    _withoutMoving[key] = _withoutMoving.TryGetValue(key, out var seen)
                        ? seen with { Leads = seen.Leads + 1, First = Place.Min(seen.First, at) }
                        : new WithoutMoving(1, at, f);
                }
            }

            var key2 = (Name(GroupDestination(then)), Name(then.Rule), Name(GroupDestination(now)), Name(now.Rule), Name(changed is null ? "" : string.Join("\n", changed)));
            if (!_groups.TryGetValue(key2, out var group))
            {
                _groups[key2] = group = new Group(at, then, now);
            }

            group.Add(now, at, then, deadlines);
        }
        else if (then.Member != now.Member)
        {
            _distribution.Add(new MemberMove(now.LeadId, Name(toDestination), NameOrNull(then.Member), NameOrNull(now.Member)));
        }

        if (fromDestination != toDestination)
        {
            _moves.Add(new LeadMove(now.LeadId, Name(fromDestination), Name(then.Rule), Name(toDestination), Name(now.Rule)));
        }
    }

    /// <summary>The plan of the leads compared so far.</summary>
    public RoutingPlan Plan()
    {
        var moves = _moves.OrderBy(m => m.LeadId, StringComparer.Ordinal).ToList();
        var routeNames = _playbook.Routes.Select(r => r.Name).Append("fallback").ToList();
        var routeHits = _routeHits.Changes(routeNames, keepUnchanged: true);
        return new RoutingPlan
        {
            Leads = _leads,
            Moves = moves,
            PolicyChanges = _policy,
            DistributionMoves = [.. _distribution.OrderBy(m => m.LeadId, StringComparer.Ordinal)],
            Changed = _policy + _distribution.Count,
            ChangedWithoutMoving = [.. _withoutMoving
                .OrderBy(p => Array.FindIndex(Fields, f => RoutingPlan.Words(f.Name) == p.Key))
                .ThenBy(p => p.Value.First)
                .ThenBy(p => p.Value.Field)
                .Select(p => new Tally(p.Key, p.Value.Leads))],
            FieldChanges = [.. Fields.Select((f, i) => new FieldChange(f.Name, _fieldLeads[i], [.. _perField[i]
                    .OrderByDescending(p => p.Value).ThenBy(p => p.Key.From, StringComparer.Ordinal).ThenBy(p => p.Key.To, StringComparer.Ordinal)
                    .Take(TopChanges)
                    .Select(p => new ValueChange(p.Key.From, p.Key.To, p.Value))]))
                .Where(f => f.Leads > 0)],
            Groups = [.. _groups
                .Select(g => (Group: g.Value.ToChangeGroup(g.Key, _playbook), g.Value.First))
                .OrderByDescending(g => g.Group.Leads).ThenBy(g => g.Group.From, StringComparer.Ordinal).ThenBy(g => g.Group.To, StringComparer.Ordinal)
                .ThenBy(g => string.Join("\n", g.Group.Changes), StringComparer.Ordinal)
                .ThenBy(g => g.First)
                .Select(g => g.Group)],
            Matrix = [.. moves.CountBy(m => (m.From, m.To)).Select(p => new MoveCount(p.Key.From, p.Key.To, p.Value))
                .OrderByDescending(m => m.Leads).ThenBy(m => m.From, StringComparer.Ordinal).ThenBy(m => m.To, StringComparer.Ordinal)],
            QueueLoad = _queueLoad.Changes([], keepUnchanged: false),
            MemberLoad = _memberLoad.Changes([], keepUnchanged: false),
            RouteHits = routeHits,
            NewlyToFallback = [.. moves.Where(m => m.ToRule == "fallback" && m.FromRule != "fallback")],
            NewlyDisqualified = [.. moves.Where(m => m.To.StartsWith("disqualified", StringComparison.Ordinal))],
            DeadRoutes = [.. routeHits.Where(r => r.Before > 0 && r.After == 0).Select(r => r.Name)],
            NewlyUnreached = [.. RuleCoverage.Of(_playbook, _reachedNow, _reachedBefore).NewlyUnreached],
            UnreachedRoutes = [.. routeHits.Where(r => r.After == 0 && r.Name != "fallback" && _playbook.Routes.Any(p => p.Name == r.Name)).Select(r => r.Name)],
        };
    }

    private string Name(string text)
    {
        if (_names.TryGetValue(text, out var shared))
        {
            return shared;
        }

        _names.Add(text);
        return text;
    }

    private string? NameOrNull(string? text) => text is null ? null : Name(text);

    private static string FirstWord(string words) => words.IndexOf(' ', StringComparison.Ordinal) is >= 0 and var space ? words[..space] : words;

    private static string GroupDestination(DecisionRecord record) =>
        record.Outcome == HandoffOutcome.Duplicate ? "duplicate of an earlier lead" : RoutingPlan.Destination(record);

    private static (string From, string To) Shift(DecisionRecord then, DecisionRecord now, string field)
    {
        var (a, b) = field == "first_touch_due" ? (then.FirstTouchDue, now.FirstTouchDue) : (then.AcceptanceDue, now.AcceptanceDue);
        return (a, b) switch
        {
            (null, _) => ("-", "set"),
            (_, null) => ("due", "-"),
            _ when b > a => ("due", "later by " + Span(b.Value - a.Value)),
            _ => ("due", "earlier by " + Span(a.Value - b.Value)),
        };
    }

    private static string Span(TimeSpan span) => span.TotalMinutes < 90
        ? span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min"
        : span.TotalHours < 48 ? span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h" : span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + " d";

    private static string? Due(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    // Where a lead comes in the plan's order: by lead id, then in the order the leads came.
    private readonly record struct Place(string LeadId, int Seq) : IComparable<Place>
    {
        public int CompareTo(Place other)
        {
            var byId = string.CompareOrdinal(LeadId, other.LeadId);
            return byId != 0 ? byId : Seq.CompareTo(other.Seq);
        }

        public static Place Min(Place a, Place b) => a.CompareTo(b) <= 0 ? a : b;
    }

    // A field changed for leads that kept their destination: how many, and the first of them.
    private sealed record WithoutMoving(int Leads, Place First, int Field);

    // Leads treated the same way by the change: their ids, how their deadlines moved, what they all
    // share, and the first of them (by lead id), whose decisions say why they changed.
    private sealed class Group(Place first, DecisionRecord firstThen, DecisionRecord firstNow)
    {
        private static readonly Func<DecisionRecord, string?>[] Traits = [r => r.Territory, r => r.Segment, r => r.Source, r => r.Definition];
        private static readonly string[] TraitNames = ["territory", "segment", "source", "definition"];

        private readonly List<string> _leadIds = [];
        private readonly Dictionary<string, int> _deadlines = new(StringComparer.Ordinal);

        // Per trait: the one value every lead so far had, or Mixed once two differ.
        private readonly string?[] _shared = new string?[Traits.Length];
        private readonly bool[] _mixed = new bool[Traits.Length];

        public Place First { get; private set; } = first;

        private DecisionRecord FirstThen { get; set; } = firstThen;

        private DecisionRecord FirstNow { get; set; } = firstNow;

        public void Add(DecisionRecord now, Place at, DecisionRecord then, List<string>? deadlines)
        {
            for (var t = 0; t < Traits.Length; t++)
            {
                var value = Traits[t](now);
                if (_leadIds.Count == 0)
                {
                    _shared[t] = value;
                }
                else if (!_mixed[t] && _shared[t] != value)
                {
                    _mixed[t] = true;
                }
            }

            _leadIds.Add(now.LeadId);
            if (at.CompareTo(First) < 0)
            {
                (First, FirstThen, FirstNow) = (at, then, now);
            }

            foreach (var deadline in deadlines ?? [])
            {
                _deadlines[deadline] = _deadlines.GetValueOrDefault(deadline) + 1;
            }
        }

        public ChangeGroup ToChangeGroup((string From, string FromRule, string To, string ToRule, string Changes) key, PlaybookModel playbook)
        {
            var leads = _leadIds.Count;
            var changes = key.Changes.Length == 0 ? new List<string>() : [.. key.Changes.Split('\n')];
            changes.AddRange(_deadlines
                .OrderBy(p => Array.FindIndex(Fields, f => f.Name == p.Key))
                .Select(p => p.Value == leads ? RoutingPlan.Words(p.Key) : $"{RoutingPlan.Words(p.Key)} ({N(p.Value)} of them)"));
            Trait[] common = [.. TraitNames.Select((name, t) => (name, t)).Where(x => !_mixed[x.t] && _shared[x.t] is not null).Select(x => new Trait(x.name, _shared[x.t]!))];
            return new ChangeGroup(leads, key.From, key.FromRule, key.To, key.ToRule, changes, common,
                PlanReasons.Why(key.FromRule, key.ToRule, key.From, key.To, FirstThen, FirstNow, changes, playbook),
                [.. _leadIds.Order(StringComparer.Ordinal)]);
        }
    }

    // Leads per name (queue, member, route) on each side, with where each name first came up.
    private sealed class Loads
    {
        private readonly Dictionary<string, (int Leads, int First)> _before = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (int Leads, int First)> _after = new(StringComparer.Ordinal);

        public void Add(string? then, string? now, int thenAt, int nowAt)
        {
            Count(_before, then, thenAt);
            Count(_after, now, nowAt);
        }

        public LoadChange[] Changes(IEnumerable<string> always, bool keepUnchanged) =>
            [.. always
                .Concat(_before.OrderBy(p => p.Value.First).Select(p => p.Key))
                .Concat(_after.OrderBy(p => p.Value.First).Select(p => p.Key))
                .Distinct(StringComparer.Ordinal)
                .Select(n => new LoadChange(n, _before.GetValueOrDefault(n).Leads, _after.GetValueOrDefault(n).Leads))
                .Where(l => keepUnchanged || l.Change != 0)];

        private static void Count(Dictionary<string, (int Leads, int First)> counts, string? name, int at)
        {
            if (name is null)
            {
                return;
            }

            counts[name] = counts.TryGetValue(name, out var seen) ? (seen.Leads + 1, Math.Min(seen.First, at)) : (1, at);
        }
    }
}
