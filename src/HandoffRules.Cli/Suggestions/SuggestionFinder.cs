using System.Globalization;
using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Reporting;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Simulation.Review;
using HandoffRules.Validation;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// Turns what the event log says into playbook edits, each with its evidence, its diff against the
/// rules sources and its backtest on the same leads: a score threshold for a source SDRs reject far
/// above the rest (the report's source finding), a territory claim for a region whose leads are
/// rejected as misrouted and accepted in another territory's queue, a higher daily cap for a queue
/// whose SLA breaches come from capacity (the report's capacity finding), and the removal of a route
/// no lead reached in 90 days (quarterly rule maintenance).
/// </summary>
internal static class SuggestionFinder
{
    /// <summary>Leads a suggestion needs behind it, as the report's findings do.</summary>
    public const int MinimumEvidence = 5;

    /// <summary>How long a route may go unreached before its removal is suggested.</summary>
    public static readonly TimeSpan Quarter = TimeSpan.FromDays(90);

    private static readonly string[] KindOrder = ["definition", "territory", "capacity", "rule"];

    /// <summary>What a lead was, as routing read it: what the evidence groups by.</summary>
    private sealed record LeadFacts(string? Country, string? State, int Score, LeadSource Source);

    /// <summary>The suggestions for the window's leads, in kind order (definition, territory, capacity, rule), then by subject.</summary>
    /// <param name="playbook">The playbook as it is.</param>
    /// <param name="history">The event log and window.</param>
    /// <param name="source">The rules project's sources, or null when they were not found (no diffs then).</param>
    /// <param name="playbookClass">The playbook class whose DSL calls are edited.</param>
    /// <param name="leads">The number of leads replayed.</param>
    public static IReadOnlyList<Suggestion> Find(PlaybookModel playbook, SuggestionHistory history, RulesSource? source, string playbookClass, out int leads)
    {
        // One pass routes the window as the playbook is and keeps what the evidence needs of each lead.
        var facts = new Dictionary<string, LeadFacts>(StringComparer.Ordinal);
        var current = LeadSimulation.Run(Router.Compile(playbook), history.Leads().Select(input =>
        {
            if (LeadNormalizer.Normalize(input, input.Event?.OccurredAt ?? LeadGenerator.DefaultStart).Lead is { } lead)
            {
                facts[lead.Id] = new LeadFacts(lead.Country, lead.State, lead.Score, lead.Source);
            }

            return input;
        }));
        leads = current.Count;
        if (current.Count == 0)
        {
            return [];
        }

        var firstArrival = current.Min(r => r.ArrivedAt) ?? DateTimeOffset.MinValue;
        var window = HealthReportBuilder.DefaultWindow(history.Events, history.From ?? new DateTimeOffset(firstArrival.UtcDateTime.Date, TimeSpan.Zero), history.To, DateTimeOffset.UtcNow);
        var report = HealthReportBuilder.Build(history.Events, window, playbook);

        var edits = new List<(PlaybookEdit Edit, string Evidence)>();
        edits.AddRange(report.Findings.Where(f => f.Kind == "source").Select(f => ScoreThreshold(playbook, f, current, facts, history.Events)));
        edits.AddRange(Territories(playbook, current, facts, history));
        edits.AddRange(report.Findings.Where(f => f.Kind == "capacity" && playbook.FindQueue(f.Subject) is not null).Select(f => Capacity(playbook, f, current)));
        edits.AddRange(Unreached(playbook, current, history.To));

        var scoreBefore = KnownMisroutes.Score(current, history.Accepted, playbook);
        return [.. edits
            .OrderBy(e => Array.IndexOf(KindOrder, e.Edit.Kind))
            .ThenBy(e => e.Edit.Subject, StringComparer.Ordinal)
            .Select(e => Suggest(e.Edit, e.Evidence, playbook, current, scoreBefore, history, source, playbookClass))];
    }

    private static Suggestion Suggest(PlaybookEdit edit, string evidence, PlaybookModel playbook, List<DecisionRecord> current, KnownMisroutes scoreBefore, SuggestionHistory history, RulesSource? source, string playbookClass)
    {
        var (changes, why) = source is null ? (null, "the rules project's sources were not found: pass --rules <project folder>") : edit.Locate(source, playbookClass);
        var diff = changes is null ? null : RulesSource.Diff(changes);
        if (edit is DescriptionOnlyEdit)
        {
            return new Suggestion(edit, evidence, null, why, null, []);
        }

        // An edit the checks refuse would fail the build: it is shown with the errors, not backtested.
        var edited = edit.Apply(playbook);
        var known = PlaybookValidator.Validate(playbook).Select(i => i.ToString()).ToHashSet(StringComparer.Ordinal);
        var issues = PlaybookValidator.Validate(edited).Where(i => !known.Contains(i.ToString())).ToList();
        if (issues.Any(i => i.Severity == IssueSeverity.Error))
        {
            return new Suggestion(edit, evidence, diff, why, null, [.. issues.Select(i => i.ToString())]);
        }

        var after = LeadSimulation.Run(Router.Compile(edited), history.Leads());
        var effect = SuggestionEffect.Measure(current, scoreBefore, after, KnownMisroutes.Score(after, history.Accepted, edited));
        return new Suggestion(edit, evidence, diff, why, effect, [.. issues.Select(i => i.ToString())]);
    }

    // A minimum score for the source under the definitions its rejected leads were handed off under.
    private static (PlaybookEdit, string) ScoreThreshold(PlaybookModel playbook, Finding finding, List<DecisionRecord> current, Dictionary<string, LeadFacts> facts, IReadOnlyList<HandoffEvent> events)
    {
        var leads = current.Where(r => r.Source == finding.Subject && r.Outcome == HandoffOutcome.Routed).ToDictionary(r => r.LeadId, StringComparer.Ordinal);
        var answers = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => leads.ContainsKey(e.LeadId)))
        {
            // A misroute rejection says nothing of the lead's quality: only its final answer counts.
            if (e.Type == HandoffEventTypes.Accepted || (e.Type == HandoffEventTypes.Rejected && !e.Flag("misroute")))
            {
                answers[e.LeadId] = e.Type == HandoffEventTypes.Accepted;
            }
        }

        var accepted = answers.Where(a => a.Value && facts.ContainsKey(a.Key)).Select(a => facts[a.Key].Score).ToList();
        var rejected = answers.Where(a => !a.Value && facts.ContainsKey(a.Key)).Select(a => (Id: a.Key, facts[a.Key].Score)).ToList();

        // The highest score that costs at most a tenth of the source's accepted leads; worth it when it
        // holds back more rejected leads than it costs accepted ones.
        var threshold = accepted.Distinct().Order().LastOrDefault(t => accepted.Count(s => s < t) <= accepted.Count / 10);
        var lost = accepted.Count(s => s < threshold);
        var heldBack = rejected.Count(r => r.Score < threshold);
        if (!Enum.TryParse<LeadSource>(finding.Subject, out var leadSource) || accepted.Count == 0 || heldBack <= lost)
        {
            return (new DescriptionOnlyEdit("definition", finding.Subject, $"tighten the definitions {finding.Subject} leads qualify under, or score the source lower",
                "no score threshold holds back more of the source's rejected leads than it costs accepted ones"), finding.Evidence);
        }

        var definitions = playbook.Definitions.Select(d => d.Name)
            .Where(d => rejected.Any(r => leads[r.Id].Definition == d))
            .ToList();
        return (new ScoreThresholdEdit(leadSource, threshold, definitions),
            $"{finding.Evidence} A score of {N(threshold)} keeps {N(accepted.Count - lost)} of the {N(accepted.Count)} accepted {finding.Subject} leads and holds back {N(heldBack)} of the {N(rejected.Count)} rejected ones.");
    }

    // Known misroutes grouped by the lead's region, the territory that routes it and the territory of
    // the queue where it was accepted.
    private static IEnumerable<(PlaybookEdit, string)> Territories(PlaybookModel playbook, List<DecisionRecord> current, Dictionary<string, LeadFacts> facts, SuggestionHistory history)
    {
        var reasons = history.Events.Where(e => e.Type == HandoffEventTypes.Rejected && e.Flag("misroute"))
            .GroupBy(e => e.LeadId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Text("reason") ?? "?").First(), StringComparer.Ordinal);
        var misroutes = new List<(string Country, string Region, string? From, string To, string LeadId, string Reason, string Member)>();
        foreach (var record in current)
        {
            if (!history.Accepted.TryGetValue(record.LeadId, out var truth) || !truth.AfterMisroute
                || !facts.TryGetValue(record.LeadId, out var lead) || lead.Country is null || lead.State is null)
            {
                continue;
            }

            var queues = playbook.Queues.Where(q => q.Members.Any(m => m.MemberId == truth.Member)).Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
            if (playbook.Routes.FirstOrDefault(r => r.Queue is not null && queues.Contains(r.Queue) && r.Territories.Count > 0) is not { } route
                || route.Territories[0] == record.Territory)
            {
                continue;
            }

            // Taken from the territory that claims the region by name; one that claims the whole country keeps it.
            var from = playbook.Territories.FirstOrDefault(t => t.Name == record.Territory)?.Claims.Any(c => c.Country == lead.Country && c.Region == lead.State) == true ? record.Territory : null;
            misroutes.Add((lead.Country, lead.State, from, route.Territories[0], record.LeadId, reasons.GetValueOrDefault(record.LeadId, "?"), truth.Member));
        }

        foreach (var group in misroutes.GroupBy(m => (m.Country, m.Region, m.From, m.To)).OrderBy(g => $"{g.Key.Country}-{g.Key.Region}", StringComparer.Ordinal))
        {
            if (group.Count() < MinimumEvidence)
            {
                continue;
            }

            var ids = group.Select(m => m.LeadId).Order(StringComparer.Ordinal).ToList();
            var because = string.Join(", ", group.GroupBy(m => m.Reason).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {N(g.Count())}"));
            var members = string.Join(", ", group.Select(m => m.Member).Distinct().Order(StringComparer.Ordinal));
            yield return (new TerritoryClaimEdit(group.Key.Country, group.Key.Region, group.Key.From, group.Key.To),
                $"{N(ids.Count)} leads from {group.Key.Country}-{group.Key.Region} " +
                (group.Key.From is null ? "" : $"routed by territory '{group.Key.From}' ") +
                $"were rejected as misrouted ({because}) and accepted by {members}, who works the queue of territory '{group.Key.To}': {string.Join(", ", ids.Take(10))}{(ids.Count > 10 ? ", …" : "")}.");
        }
    }

    // The cap that would have taken the queue's busiest day among its capped members.
    private static (PlaybookEdit, string) Capacity(PlaybookModel playbook, Finding finding, List<DecisionRecord> current)
    {
        var queue = playbook.FindQueue(finding.Subject)!;
        var capped = queue.Members.Select(m => playbook.FindMember(m.MemberId)).Where(m => m is { Active: true, DailyCap: not null }).Select(m => m!).ToList();
        var days = current.Where(r => r.Outcome == HandoffOutcome.Routed && r.Queue == queue.Name && r.ArrivedAt is not null)
            .GroupBy(r => r.ArrivedAt!.Value.UtcDateTime.Date)
            .Select(g => (Day: g.Key, Leads: g.Count()))
            .OrderByDescending(d => d.Leads).ThenBy(d => d.Day)
            .ToList();
        var active = queue.Members.Count(m => playbook.FindMember(m.MemberId)?.Active == true);
        if (capped.Count == 0 || days.Count == 0 || active == 0)
        {
            return (new DescriptionOnlyEdit("capacity", queue.Name, $"add members or working hours to '{queue.Name}', or give it an overflow escalation",
                "none of the queue's members has a daily cap to raise"), finding.Evidence);
        }

        var from = capped.Max(m => m.DailyCap!.Value);
        var to = Math.Max(from + 1, (int)Math.Ceiling((double)days[0].Leads / active));
        return (new DailyCapEdit(queue.Name, [.. capped.Select(m => m.Id)], from, to),
            $"{finding.Evidence} Its busiest day, {days[0].Day:yyyy-MM-dd}, brought {N(days[0].Leads)} leads for {N(active)} members.");
    }

    // Routes the playbook as it is sends no lead to over the last 90 days of a log that covers them.
    private static IEnumerable<(PlaybookEdit, string)> Unreached(PlaybookModel playbook, List<DecisionRecord> current, DateTimeOffset? to)
    {
        var arrivals = current.Where(r => r.ArrivedAt is not null).Select(r => r.ArrivedAt!.Value).ToList();
        if (arrivals.Count == 0)
        {
            yield break;
        }

        var end = to ?? arrivals.Max();
        var since = end - Quarter;
        if (arrivals.Min() > since)
        {
            yield break;
        }

        var recent = current.Where(r => r.ArrivedAt >= since).ToList();
        foreach (var route in playbook.Routes.Where(r => !recent.Any(d => d.Route == r.Name)))
        {
            yield return (new RouteRemovalEdit(route.Name, since),
                $"0 of the {N(recent.Count)} leads that arrived since {since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} reached route '{route.Name}' (the log goes back to {arrivals.Min().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}).");
        }
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
