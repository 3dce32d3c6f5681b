using System.Globalization;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>A lead whose destination changed: where it went before and where it goes now.</summary>
public sealed record LeadMove(string LeadId, string From, string FromRule, string To, string ToRule);

/// <summary>How many leads moved from one destination to another.</summary>
public sealed record MoveCount(string From, string To, int Leads);

/// <summary>A count before and after the change.</summary>
public sealed record LoadChange(string Name, int Before, int After)
{
    /// <summary>After minus before.</summary>
    public int Change => After - Before;
}

/// <summary>
/// The impact of a playbook change, the way <c>terraform plan</c> shows one: the same leads routed
/// by the baseline decisions and by the current playbook, compared lead by lead. A lead moves when
/// its destination changes (queue or owner, or disqualification and its reason); a new member in
/// the same queue is a load change, not a move.
/// </summary>
public sealed class RoutingPlan
{
    /// <summary>The version of the JSON shape; it changes only when a field changes meaning or goes away.</summary>
    public const int FormatVersion = 1;

    private RoutingPlan()
    {
    }

    /// <summary>Leads compared.</summary>
    public int Leads { get; private init; }

    /// <summary>Leads whose destination changed, by lead id.</summary>
    public IReadOnlyList<LeadMove> Moves { get; private init; } = [];

    /// <summary>Leads that stay in their queue with another member.</summary>
    public int MemberChanges { get; private init; }

    /// <summary>Leads with any change at all (destination, member, rule, deadlines).</summary>
    public int Changed { get; private init; }

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

    /// <summary>Routes of the current playbook no lead reaches, on either side.</summary>
    public IReadOnlyList<string> UnreachedRoutes { get; private init; } = [];

    /// <summary>Routes that gained leads.</summary>
    public int RoutesGaining => RouteHits.Count(r => r.Change > 0);

    /// <summary>Routes that lost leads.</summary>
    public int RoutesLosing => RouteHits.Count(r => r.Change < 0);

    /// <summary>True when any decision differs.</summary>
    public bool HasChanges => Changed > 0;

    /// <summary>The one-line total.</summary>
    public string Summary => !HasChanges
        ? $"No changes. {N(Leads)} leads route exactly as in the baseline."
        : $"Plan: {N(Moves.Count)} of {N(Leads)} leads move, {RoutesGaining} route{(RoutesGaining == 1 ? "" : "s")} gain, {RoutesLosing} lose, " +
          $"{DeadRoutes.Count} rule{(DeadRoutes.Count == 1 ? "" : "s")} now unreachable" +
          (MemberChanges > 0 ? $"; {N(MemberChanges)} more change member within their queue." : ".");

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
        var memberChanges = 0;
        var changed = 0;
        foreach (var now in current.OrderBy(r => r.LeadId, StringComparer.Ordinal))
        {
            var then = before[now.LeadId];
            if (!Same(then, now))
            {
                changed++;
            }

            if (Destination(then) != Destination(now))
            {
                moves.Add(new LeadMove(now.LeadId, Destination(then), then.Rule, Destination(now), now.Rule));
            }
            else if (then.Member != now.Member)
            {
                memberChanges++;
            }
        }

        var routeNames = playbook.Routes.Select(r => r.Name).Append("fallback").ToList();
        var routeHits = Loads(baseline, current, r => r.Outcome == HandoffOutcome.Routed ? r.Route : null, routeNames, keepUnchanged: true);
        return new RoutingPlan
        {
            Leads = current.Count,
            Moves = moves,
            MemberChanges = memberChanges,
            Changed = changed,
            Matrix = [.. moves.CountBy(m => (m.From, m.To)).Select(p => new MoveCount(p.Key.From, p.Key.To, p.Value))
                .OrderByDescending(m => m.Leads).ThenBy(m => m.From, StringComparer.Ordinal).ThenBy(m => m.To, StringComparer.Ordinal)],
            QueueLoad = Loads(baseline, current, r => r.Outcome == HandoffOutcome.Routed ? Destination(r) : null, [], keepUnchanged: false),
            MemberLoad = Loads(baseline, current, r => r.Outcome is HandoffOutcome.Routed ? r.Member : null, [], keepUnchanged: false),
            RouteHits = routeHits,
            NewlyToFallback = [.. moves.Where(m => m.ToRule == "fallback" && m.FromRule != "fallback")],
            NewlyDisqualified = [.. moves.Where(m => m.To.StartsWith("disqualified", StringComparison.Ordinal))],
            DeadRoutes = [.. routeHits.Where(r => r.Before > 0 && r.After == 0).Select(r => r.Name)],
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

    private static bool Same(DecisionRecord a, DecisionRecord b) =>
        a.Outcome == b.Outcome && a.Reason == b.Reason && a.Route == b.Route && a.Queue == b.Queue && a.Member == b.Member
        && a.Definition == b.Definition && a.FirstTouchDue == b.FirstTouchDue && a.AcceptanceDue == b.AcceptanceDue && a.DuplicateOf == b.DuplicateOf;

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
