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

    internal RoutingPlan()
    {
    }

    /// <summary>Leads compared.</summary>
    public int Leads { get; internal init; }

    /// <summary>Leads whose destination changed, by lead id.</summary>
    public IReadOnlyList<LeadMove> Moves { get; internal init; } = [];

    /// <summary>Leads with a policy change: any field but the member differs.</summary>
    public int PolicyChanges { get; internal init; }

    /// <summary>Leads that stay in their queue with another member and change nothing else.</summary>
    public int MemberChanges => DistributionMoves.Count;

    /// <summary>The member-only changes, by lead id: a side effect of distribution.</summary>
    public IReadOnlyList<MemberMove> DistributionMoves { get; internal init; } = [];

    /// <summary>Leads with any change at all (policy or member).</summary>
    public int Changed { get; internal init; }

    /// <summary>Leads that keep their destination but change otherwise, per field (in words: "territory", "first touch due").</summary>
    public IReadOnlyList<Tally> ChangedWithoutMoving { get; internal init; } = [];

    /// <summary>Per decision field: how many leads it changed for, fields that changed for none left out.</summary>
    public IReadOnlyList<FieldChange> FieldChanges { get; internal init; } = [];

    /// <summary>The policy changes grouped by what happened to the leads, largest group first.</summary>
    public IReadOnlyList<ChangeGroup> Groups { get; internal init; } = [];

    /// <summary>Moves counted from → to.</summary>
    public IReadOnlyList<MoveCount> Matrix { get; internal init; } = [];

    /// <summary>Leads per queue (and account owners) before and after; changed rows only.</summary>
    public IReadOnlyList<LoadChange> QueueLoad { get; internal init; } = [];

    /// <summary>Leads per member before and after; changed rows only.</summary>
    public IReadOnlyList<LoadChange> MemberLoad { get; internal init; } = [];

    /// <summary>Hits per route before and after, for every route of either side.</summary>
    public IReadOnlyList<LoadChange> RouteHits { get; internal init; } = [];

    /// <summary>Leads the fallback takes now and did not before.</summary>
    public IReadOnlyList<LeadMove> NewlyToFallback { get; internal init; } = [];

    /// <summary>Leads disqualified now that were not (or with another reason).</summary>
    public IReadOnlyList<LeadMove> NewlyDisqualified { get; internal init; } = [];

    /// <summary>Routes that matched leads before and match none now.</summary>
    public IReadOnlyList<string> DeadRoutes { get; internal init; } = [];

    /// <summary>
    /// Rules of the current playbook, of every kind coverage counts (route, definition, disqualifier,
    /// territory, segment, account, queue, member, trigger, SLA), that the baseline's leads reached and
    /// the current playbook's reach no more; their <see cref="CoverageEntry.BaselineHits"/> say how many before.
    /// </summary>
    public IReadOnlyList<CoverageEntry> NewlyUnreached { get; internal init; } = [];

    /// <summary>Routes of the current playbook no lead reaches, on either side.</summary>
    public IReadOnlyList<string> UnreachedRoutes { get; internal init; } = [];

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
    /// <remarks>The lists are compared lead by lead with a <see cref="PlanComparison"/>; a replay that routes the leads itself feeds one directly.</remarks>
    /// <exception cref="ArgumentException">The two sides are not the same leads.</exception>
    public static RoutingPlan Compare(IReadOnlyList<DecisionRecord> baseline, IReadOnlyList<DecisionRecord> current, PlaybookModel playbook)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var before = new Dictionary<string, int>(baseline.Count, StringComparer.Ordinal);
        for (var i = 0; i < baseline.Count; i++)
        {
            before.Add(baseline[i].LeadId, i);
        }

        if (before.Count != current.Count || current.Any(r => !before.ContainsKey(r.LeadId)))
        {
            throw new ArgumentException($"The baseline has {before.Count:N0} decisions and the current run {current.Count:N0}; plan compares the same leads.");
        }

        var comparison = new PlanComparison(playbook);
        foreach (var (now, at) in current.Select((r, i) => (r, i)).OrderBy(x => x.r.LeadId, StringComparer.Ordinal))
        {
            var then = before[now.LeadId];
            comparison.Add(baseline[then], now, then, at);
        }

        return comparison.Plan();
    }

    /// <summary>Where a decision sent the lead, as a plan prints it.</summary>
    public static string Destination(DecisionRecord record) => record.Outcome switch
    {
        HandoffOutcome.Routed => record.Queue ?? "owner " + record.Member,
        HandoffOutcome.Disqualified => "disqualified " + record.Reason,
        HandoffOutcome.Duplicate => "duplicate of " + record.DuplicateOf,
        _ => record.Outcome,
    };

    /// <summary>A field's name in words: "first_touch_due" reads "first touch due".</summary>
    internal static string Words(string field) => field.Replace('_', ' ');

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
