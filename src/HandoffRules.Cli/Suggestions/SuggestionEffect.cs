using System.Globalization;
using HandoffRules.Records;
using HandoffRules.Simulation.Review;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// A suggested edit backtested on the history: the same leads routed by the playbook as it is and as
/// edited, compared on what a review asks about — known misroutes, load per member, fallback rate
/// and SLA exposure (leads that would start an SLA held in a queue with no member free).
/// </summary>
internal sealed record SuggestionEffect(
    int Leads,
    IReadOnlyList<string> Moved,
    int KnownMisroutes,
    int FixedBefore,
    int FixedAfter,
    IReadOnlyList<string> Fixed,
    int MovedAwayBefore,
    int MovedAwayAfter,
    IReadOnlyList<string> MovedAway,
    IReadOnlyList<LoadChange> MemberLoad,
    int RoutedBefore,
    int RoutedAfter,
    int FallbackBefore,
    int FallbackAfter,
    int DisqualifiedBefore,
    int DisqualifiedAfter,
    int ExposedBefore,
    int ExposedAfter)
{
    /// <summary>Leads routed to the fallback ÷ leads routed, as is.</summary>
    public double FallbackRateBefore => RoutedBefore == 0 ? 0 : (double)FallbackBefore / RoutedBefore;

    /// <summary>Leads routed to the fallback ÷ leads routed, edited.</summary>
    public double FallbackRateAfter => RoutedAfter == 0 ? 0 : (double)FallbackAfter / RoutedAfter;

    /// <summary>Compares the two routings of the same leads, in the same order.</summary>
    public static SuggestionEffect Measure(IReadOnlyList<DecisionRecord> before, KnownMisroutes scoreBefore, IReadOnlyList<DecisionRecord> after, KnownMisroutes scoreAfter)
    {
        var moved = before.Zip(after)
            .Where(p => p.First.Outcome != p.Second.Outcome || p.First.Queue != p.Second.Queue || p.First.Member != p.Second.Member || p.First.Reason != p.Second.Reason)
            .Select(p => p.Second.LeadId)
            .Order(StringComparer.Ordinal)
            .ToList();
        var (was, now) = (Load(before), Load(after));
        var load = was.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
            .Select(m => new LoadChange(m, was.GetValueOrDefault(m), now.GetValueOrDefault(m)))
            .Where(l => l.Change != 0)
            .ToList();
        return new SuggestionEffect(
            after.Count,
            moved,
            scoreAfter.Misroutes,
            scoreBefore.Fixed.Count,
            scoreAfter.Fixed.Count,
            [.. scoreAfter.Fixed.Except(scoreBefore.Fixed, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            scoreBefore.MovedAway.Count,
            scoreAfter.MovedAway.Count,
            [.. scoreAfter.MovedAway.Except(scoreBefore.MovedAway, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            load,
            before.Count(Routed),
            after.Count(Routed),
            before.Count(r => Routed(r) && r.Fallback is not null),
            after.Count(r => Routed(r) && r.Fallback is not null),
            before.Count(r => r.Outcome == HandoffOutcome.Disqualified),
            after.Count(r => r.Outcome == HandoffOutcome.Disqualified),
            before.Count(Exposed),
            after.Count(Exposed));
    }

    /// <summary>The backtest in lines, the same in every output format.</summary>
    public IEnumerable<string> Lines()
    {
        yield return $"{N(Moved.Count)} of {N(Leads)} leads decided differently" + (Moved.Count == 0 ? "" : $": {string.Join(", ", Moved.Take(10))}{(Moved.Count > 10 ? ", …" : "")}");
        yield return $"known misroutes: fixes {N(FixedAfter)} of {N(KnownMisroutes)} (as is: {N(FixedBefore)}); moves {N(MovedAwayAfter - MovedAwayBefore)} lead{(MovedAwayAfter - MovedAwayBefore == 1 ? "" : "s")} accepted where {(MovedAwayAfter - MovedAwayBefore == 1 ? "it was" : "they were")}";
        yield return "load per member: " + (MemberLoad.Count == 0 ? "unchanged" : string.Join(", ", MemberLoad.Select(l => $"{l.Name} {N(l.Before)} → {N(l.After)}")));
        yield return $"fallback rate: {P(FallbackRateBefore)} → {P(FallbackRateAfter)}";
        yield return $"disqualified: {N(DisqualifiedBefore)} → {N(DisqualifiedAfter)}";
        yield return $"SLA exposure (leads held with an SLA started and no member free): {N(ExposedBefore)} → {N(ExposedAfter)}";
    }

    private static bool Routed(DecisionRecord r) => r.Outcome == HandoffOutcome.Routed;

    private static bool Exposed(DecisionRecord r) => Routed(r) && r.Queue is not null && r.Member is null && (r.FirstTouchSla is not null || r.AcceptanceSla is not null);

    private static Dictionary<string, int> Load(IEnumerable<DecisionRecord> records) =>
        records.Where(r => Routed(r) && r.Member is not null).GroupBy(r => r.Member!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(double rate) => rate.ToString("0.0%", CultureInfo.InvariantCulture);
}
