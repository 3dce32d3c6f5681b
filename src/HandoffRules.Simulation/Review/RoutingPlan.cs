using System.Globalization;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>
/// The impact of a playbook change, the way <c>terraform plan</c> shows one: the same leads routed
/// by the baseline decisions and by the current playbook, compared lead by lead on every field a
/// policy change can move (outcome, definition, disqualifier, territory, segment, account, route,
/// fallback, queue, trigger, SLAs and their deadlines). A lead moves when its destination changes
/// (queue or owner, or disqualification and its reason). A lead that only gets another member of
/// the same queue is a distribution effect — round robin shifting as other leads come and go — and
/// is kept apart from policy changes.
/// </summary>
public sealed class RoutingPlan
{
    /// <summary>The version of the JSON shape; it changes only when a field changes meaning or goes away.</summary>
    public const int FormatVersion = 2;

    private const int TopChanges = 5;

    // Every field a policy change can move, in the order a reader thinks about a decision. Member is
    // last and not a policy field: who in a queue gets a lead is distribution's business.
    private static readonly (string Name, Func<DecisionRecord, string?> Value, bool Deadline)[] Fields =
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

    private RoutingPlan()
    {
    }

    /// <summary>Leads compared.</summary>
    public int Leads { get; private init; }

    /// <summary>Leads whose destination changed, by lead id.</summary>
    public IReadOnlyList<LeadMove> Moves { get; private init; } = [];

    /// <summary>Leads with a policy change: any field but the member differs.</summary>
    public int PolicyChanges { get; private init; }

    /// <summary>Leads that stay in their queue with another member and change nothing else.</summary>
    public int MemberChanges => DistributionMoves.Count;

    /// <summary>The member-only changes, by lead id: a side effect of distribution.</summary>
    public IReadOnlyList<MemberMove> DistributionMoves { get; private init; } = [];

    /// <summary>Leads with any change at all (policy or member).</summary>
    public int Changed { get; private init; }

    /// <summary>Leads that keep their destination but change otherwise, per field (in words: "territory", "first touch due").</summary>
    public IReadOnlyList<Tally> ChangedWithoutMoving { get; private init; } = [];

    /// <summary>Per decision field: how many leads it changed for, fields that changed for none left out.</summary>
    public IReadOnlyList<FieldChange> FieldChanges { get; private init; } = [];

    /// <summary>The policy changes grouped by what happened to the leads, largest group first.</summary>
    public IReadOnlyList<ChangeGroup> Groups { get; private init; } = [];

    /// <summary>Moves counted from → to.</summary>
    public IReadOnlyList<MoveCount> Matrix { get; private init; } = [];

    /// <summary>Leads per queue (and account owners) before and after; changed rows only.</summary>
    public IReadOnlyList<LoadChange> QueueLoad { get; private init; } = [];

    /// <summary>Leads per member before and after; changed rows only.</summary>
    public IReadOnlyList<LoadChange> MemberLoad { get; private init; } = [];

    /// <summary>Hits per route before and after, for every route of either side.</summary>
    public IReadOnlyList<LoadChange> RouteHits { get; private init; } = [];

    /// <summary>Leads the fallback takes now and did not before.</summary>
    public IReadOnlyList<LeadMove> NewlyToFallback { get; private init; } = [];

    /// <summary>Leads disqualified now that were not (or with another reason).</summary>
    public IReadOnlyList<LeadMove> NewlyDisqualified { get; private init; } = [];

    /// <summary>Routes that matched leads before and match none now.</summary>
    public IReadOnlyList<string> DeadRoutes { get; private init; } = [];

    /// <summary>
    /// Rules of the current playbook, of every kind coverage counts (route, definition, disqualifier,
    /// territory, segment, account, queue, member, trigger, SLA), that the baseline's leads reached and
    /// the current playbook's reach no more; their <see cref="CoverageEntry.BaselineHits"/> say how many before.
    /// </summary>
    public IReadOnlyList<CoverageEntry> NewlyUnreached { get; private init; } = [];

    /// <summary>Routes of the current playbook no lead reaches, on either side.</summary>
    public IReadOnlyList<string> UnreachedRoutes { get; private init; } = [];

    /// <summary>Routes that gained leads.</summary>
    public int RoutesGaining => RouteHits.Count(r => r.Change > 0);

    /// <summary>Routes that lost leads.</summary>
    public int RoutesLosing => RouteHits.Count(r => r.Change < 0);

    /// <summary>True when any decision differs, a member-only change included.</summary>
    public bool HasChanges => Changed > 0;

    /// <summary>The one-line total.</summary>
    public string Summary
    {
        get
        {
            if (!HasChanges)
            {
                return $"No changes. {N(Leads)} leads route exactly as in the baseline.";
            }

            var stayed = PolicyChanges - Moves.Count;
            var fields = ChangedWithoutMoving.Select(f => $"{f.Key} {N(f.Count)}");
            return $"Plan: {N(Moves.Count)} of {N(Leads)} leads move" +
                   (stayed > 0 ? $", {N(stayed)} more change without moving ({string.Join(", ", fields)})" : "") +
                   $", {RoutesGaining} route{(RoutesGaining == 1 ? "" : "s")} gain, {RoutesLosing} lose, " +
                   $"{NewlyUnreached.Count} rule{(NewlyUnreached.Count == 1 ? "" : "s")} newly unreached" +
                   (MemberChanges > 0 ? $"; {N(MemberChanges)} more change member within their queue (distribution, not policy)." : ".");
        }
    }

    /// <summary>Compares decisions for the same leads: the baseline against the current playbook's.</summary>
    /// <exception cref="ArgumentException">The two sides are not the same leads.</exception>
    public static RoutingPlan Compare(IReadOnlyList<DecisionRecord> baseline, IReadOnlyList<DecisionRecord> current, PlaybookModel playbook)
    {
        var before = baseline.ToDictionary(r => r.LeadId, StringComparer.Ordinal);
        if (before.Count != current.Count || current.Any(r => !before.ContainsKey(r.LeadId)))
        {
            throw new ArgumentException($"The baseline has {before.Count:N0} decisions and the current run {current.Count:N0}; plan compares the same leads.");
        }

        var moves = new List<LeadMove>();
        var distribution = new List<MemberMove>();
        var policy = new List<PolicyChange>();
        var perField = Fields.Select(_ => new List<(string From, string To)>()).ToArray();
        foreach (var now in current.OrderBy(r => r.LeadId, StringComparer.Ordinal))
        {
            var then = before[now.LeadId];
            var changed = new List<string>();
            var deadlines = new List<string>();
            for (var f = 0; f < Fields.Length; f++)
            {
                var (name, value, deadline) = Fields[f];
                var (a, b) = (value(then), value(now));
                if (a == b)
                {
                    continue;
                }

                (string From, string To) change = deadline ? Shift(then, now, name) : (a ?? "-", b ?? "-");
                perField[f].Add(change);
                if (deadline)
                {
                    deadlines.Add(name);
                }
                else
                {
                    changed.Add($"{Words(name)} {change.From} → {change.To}");
                }
            }

            if (changed.Count + deadlines.Count > 0)
            {
                policy.Add(new PolicyChange(then, now, [.. changed], [.. deadlines]));
            }
            else if (then.Member != now.Member)
            {
                distribution.Add(new MemberMove(now.LeadId, Destination(now), then.Member, now.Member));
            }

            if (Destination(then) != Destination(now))
            {
                moves.Add(new LeadMove(now.LeadId, Destination(then), then.Rule, Destination(now), now.Rule));
            }
        }

        var routeNames = playbook.Routes.Select(r => r.Name).Append("fallback").ToList();
        var routeHits = Loads(baseline, current, r => r.Outcome == HandoffOutcome.Routed ? r.Route : null, routeNames, keepUnchanged: true);
        return new RoutingPlan
        {
            Leads = current.Count,
            Moves = moves,
            PolicyChanges = policy.Count,
            DistributionMoves = distribution,
            Changed = policy.Count + distribution.Count,
            ChangedWithoutMoving = [.. policy
                .Where(p => Destination(p.Then) == Destination(p.Now))
                .SelectMany(p => p.Changes.Select(c => c[..c.IndexOf(' ', StringComparison.Ordinal)]).Concat(p.Deadlines.Select(Words)))
                .CountBy(f => f, StringComparer.Ordinal)
                .Select(p => new Tally(p.Key, p.Value))
                .OrderBy(t => Array.FindIndex(Fields, f => Words(f.Name) == t.Key))],
            FieldChanges = [.. Fields.Select((f, i) => new FieldChange(f.Name, perField[i].Count, [.. perField[i]
                    .CountBy(c => c)
                    .OrderByDescending(p => p.Value).ThenBy(p => p.Key.From, StringComparer.Ordinal).ThenBy(p => p.Key.To, StringComparer.Ordinal)
                    .Take(TopChanges)
                    .Select(p => new ValueChange(p.Key.From, p.Key.To, p.Value))]))
                .Where(f => f.Leads > 0)],
            Groups = Group(policy, playbook),
            Matrix = [.. moves.CountBy(m => (m.From, m.To)).Select(p => new MoveCount(p.Key.From, p.Key.To, p.Value))
                .OrderByDescending(m => m.Leads).ThenBy(m => m.From, StringComparer.Ordinal).ThenBy(m => m.To, StringComparer.Ordinal)],
            QueueLoad = Loads(baseline, current, r => r.Outcome == HandoffOutcome.Routed ? Destination(r) : null, [], keepUnchanged: false),
            MemberLoad = Loads(baseline, current, r => r.Outcome is HandoffOutcome.Routed ? r.Member : null, [], keepUnchanged: false),
            RouteHits = routeHits,
            NewlyToFallback = [.. moves.Where(m => m.ToRule == "fallback" && m.FromRule != "fallback")],
            NewlyDisqualified = [.. moves.Where(m => m.To.StartsWith("disqualified", StringComparison.Ordinal))],
            DeadRoutes = [.. routeHits.Where(r => r.Before > 0 && r.After == 0).Select(r => r.Name)],
            NewlyUnreached = [.. RuleCoverage.Of(playbook, current, baseline).NewlyUnreached],
            UnreachedRoutes = [.. routeHits.Where(r => r.After == 0 && r.Name != "fallback" && playbook.Routes.Any(p => p.Name == r.Name)).Select(r => r.Name)],
        };
    }

    /// <summary>Where a decision sent the lead, as a plan prints it.</summary>
    public static string Destination(DecisionRecord record) => record.Outcome switch
    {
        HandoffOutcome.Routed => record.Queue ?? "owner " + record.Member,
        HandoffOutcome.Disqualified => "disqualified " + record.Reason,
        HandoffOutcome.Duplicate => "duplicate of " + record.DuplicateOf,
        _ => record.Outcome,
    };

    // Leads with the same destination and rule on both sides and the same field changes belong
    // together; deadlines shift by a different amount for each lead, so they do not split a group.
    // Duplicates follow their original lead: one group, whichever lead they duplicate.
    private static ChangeGroup[] Group(List<PolicyChange> policy, PlaybookModel playbook) =>
        [.. policy
            .GroupBy(p => (From: GroupDestination(p.Then), FromRule: p.Then.Rule, To: GroupDestination(p.Now), ToRule: p.Now.Rule, Changes: string.Join("\n", p.Changes)))
            .Select(g =>
            {
                var leads = g.ToList();
                var changes = g.Key.Changes.Length == 0 ? new List<string>() : [.. g.Key.Changes.Split('\n')];
                changes.AddRange(leads.SelectMany(l => l.Deadlines).CountBy(d => d, StringComparer.Ordinal)
                    .OrderBy(p => Array.FindIndex(Fields, f => f.Name == p.Key))
                    .Select(p => p.Value == leads.Count ? Words(p.Key) : $"{Words(p.Key)} ({N(p.Value)} of them)"));
                var common = Common([.. leads.Select(l => l.Now)]);
                return new ChangeGroup(leads.Count, g.Key.From, g.Key.FromRule, g.Key.To, g.Key.ToRule, changes, common,
                    PlanReasons.Why(g.Key.FromRule, g.Key.ToRule, g.Key.From, g.Key.To, leads[0].Then, leads[0].Now, changes, playbook),
                    [.. leads.Select(l => l.Now.LeadId)]);
            })
            .OrderByDescending(g => g.Leads).ThenBy(g => g.From, StringComparer.Ordinal).ThenBy(g => g.To, StringComparer.Ordinal)
            .ThenBy(g => string.Join("\n", g.Changes), StringComparer.Ordinal)];

    private static string GroupDestination(DecisionRecord record) =>
        record.Outcome == HandoffOutcome.Duplicate ? "duplicate of an earlier lead" : Destination(record);

    private static Trait[] Common(List<DecisionRecord> leads)
    {
        (string Field, Func<DecisionRecord, string?> Value)[] traits =
        [
            ("territory", r => r.Territory), ("segment", r => r.Segment), ("source", r => r.Source), ("definition", r => r.Definition),
        ];
        return [.. traits
            .Select(t => (t.Field, Values: leads.Select(t.Value).Distinct().ToList()))
            .Where(t => t.Values is [{ }])
            .Select(t => new Trait(t.Field, t.Values[0]!))];
    }

    private sealed record PolicyChange(DecisionRecord Then, DecisionRecord Now, string[] Changes, string[] Deadlines);

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

    /// <summary>A field's name in words: "first_touch_due" reads "first touch due".</summary>
    internal static string Words(string field) => field.Replace('_', ' ');

    private static LoadChange[] Loads(IReadOnlyList<DecisionRecord> baseline, IReadOnlyList<DecisionRecord> current, Func<DecisionRecord, string?> key, IEnumerable<string> always, bool keepUnchanged)
    {
        var before = baseline.Select(key).OfType<string>().CountBy(k => k, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var after = current.Select(key).OfType<string>().CountBy(k => k, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var names = always.Concat(before.Keys).Concat(after.Keys).Distinct(StringComparer.Ordinal).ToList();
        return [.. names
            .Select(n => new LoadChange(n, before.GetValueOrDefault(n), after.GetValueOrDefault(n)))
            .Where(l => keepUnchanged || l.Change != 0)];
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
