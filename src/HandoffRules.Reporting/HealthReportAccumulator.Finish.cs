namespace HandoffRules.Reporting;

/// <summary>The report from the summaries, once the log has been read.</summary>
public sealed partial class HealthReportAccumulator
{
    /// <summary>The report of every event added so far.</summary>
    public HealthReport Finish()
    {
        var handedOff = _leads.Values.Where(l => l.HandedOff).ToList();
        var figures = new LeadFigure[handedOff.Count];
        for (var i = 0; i < handedOff.Count; i++)
        {
            var lead = handedOff[i];
            figures[i] = Measure(lead.Outcome, lead.RoutedAt, long.MaxValue, lead.Queue, lead.Queue);
        }

        // Every part below only reads the summaries and the figures, so the owners' stretches and
        // the findings' evidence are taken on a second core while this one takes the rest; each part
        // is the same whichever finishes first (docs/benchmarks.md has the figures).
        var owners = Task.Run(() => (
            ByQueue: Split(Stretches(handedOff, figures, byQueue: true), "(account owner)"),
            ByMember: Split(Stretches(handedOff, figures, byQueue: false), "(unassigned)"),
            Evidence: Evidence(handedOff)));
        var report = new HealthReport
        {
            Window = _window,
            Playbook = _playbook?.Name,
            Ingested = _ingested,
            Duplicates = _duplicates,
            Disqualified = _disqualified,
            Overall = Overall(figures),
            BySource = Split(handedOff, figures, l => l.Source, "(unknown)"),
            BySegment = Split(handedOff, figures, l => l.Segment, "(unknown)"),
            // The rule that made the routing decision: its misroute column is misroutes by rule.
            ByRoute = Split(handedOff, figures, l => l.Route, "(none)"),
            ByPlaybookVersion = _byPlaybookVersion ? Split(handedOff, figures, l => l.Version, HealthReportBuilder.NoPlaybookVersion) : [],
            Holds = Holds(),
            Slas = Slas(handedOff),
            RejectReasons = RejectReasons(),
            Trend = Trend(handedOff, figures),
            FirstTouch = TouchBuckets(figures),
        };
        var (byQueue, byMember, evidence) = owners.GetAwaiter().GetResult();
        report = report with { ByQueue = byQueue, ByMember = byMember };
        return report with { Findings = FindingRules.Derive(report, evidence, _playbook) };
    }

    private HealthFigures Overall(LeadFigure[] figures)
    {
        var tally = new FigureTally(percentiles: true, business: _fallbackClock is not null, figures.Length);
        foreach (var figure in figures)
        {
            tally.Add(figure);
        }

        return tally.Figures();
    }

    // A split (and the findings' evidence) tallies by name id, not by name: a lead costs no string
    // lookup. Leads without a value count under the placeholder's name, merged with a value of that
    // very name if one was seen (NameTable.Find), as they would be by name; -1 stands for the
    // placeholder when none was (KeyOf, NameOf).
    private SplitFigures[] Split(List<LeadSummary> leads, LeadFigure[] figures, Func<LeadSummary, int> key, string none)
    {
        var (tallies, placeholder) = (new Dictionary<int, FigureTally>(), _names.Find(none));
        for (var i = 0; i < leads.Count; i++)
        {
            Tally(tallies, key(leads[i]), placeholder).Add(figures[i]);
        }

        return Ordered(tallies, none);
    }

    private SplitFigures[] Split(IEnumerable<LeadFigure> stretches, string none)
    {
        var (tallies, placeholder) = (new Dictionary<int, FigureTally>(), _names.Find(none));
        foreach (var stretch in stretches)
        {
            Tally(tallies, stretch.Key, placeholder).Add(stretch);
        }

        return Ordered(tallies, none);
    }

    private FigureTally Tally(Dictionary<int, FigureTally> tallies, int id, int placeholder)
    {
        var key = KeyOf(id, placeholder);
        if (!tallies.TryGetValue(key, out var tally))
        {
            tally = new FigureTally(percentiles: true, business: _fallbackClock is not null);
            tallies.Add(key, tally);
        }

        return tally;
    }

    private static int KeyOf(int id, int placeholder) => id == NameTable.None ? placeholder : id;

    private string NameOf(int key, string none) => key == -1 ? none : _names.Name(key)!;

    // What was tallied by key, each with its name, in the order of the names.
    private IEnumerable<(string Name, T Value)> ByName<T>(Dictionary<int, T> byKey, string none) =>
        byKey.Select(e => (Name: NameOf(e.Key, none), e.Value)).OrderBy(e => e.Name, StringComparer.Ordinal);

    private SplitFigures[] Ordered(Dictionary<int, FigureTally> tallies, string none) =>
        [.. tallies
            .Select(t => new SplitFigures(NameOf(t.Key, none), t.Value.Figures()))
            .OrderByDescending(s => s.Figures.HandedOff)
            .ThenBy(s => s.Key, StringComparer.Ordinal)];

    // Each lead's stretches under one queue (or member) each: a lead that never changed owner is one
    // stretch, itself; one that did, its current stretch and those that closed (kept together, every
    // lead's: a split's counts and percentiles are the same in any order).
    private IEnumerable<LeadFigure> Stretches(List<LeadSummary> leads, LeadFigure[] figures, bool byQueue)
    {
        for (var i = 0; i < leads.Count; i++)
        {
            var lead = leads[i];
            var stretches = byQueue ? lead.QueueStretches : lead.MemberStretches;
            yield return stretches is null
                ? figures[i] with { Key = byQueue ? lead.Queue : lead.Member }
                : Measure(stretches.Outcome, stretches.Start, long.MaxValue, stretches.Queue, byQueue ? stretches.Queue : stretches.Member);
        }

        foreach (var closed in byQueue ? _closedQueueStretches : _closedMemberStretches)
        {
            yield return closed;
        }
    }

    // Every lead's holds, not only those handed off in the window: a lead routed last week may still be waiting.
    private HoldFigures Holds()
    {
        var (held, heldAtEnd) = (0, 0);
        (long Waited, string LeadId)? longest = null;
        foreach (var lead in _leads.Values)
        {
            foreach (var (start, end) in lead.AllHolds(_holds))
            {
                heldAtEnd += end is null ? 1 : 0;
                if (start < _from || start >= _end)
                {
                    continue;
                }

                held++;
                var waited = (end ?? _end) - start;
                if (longest is not { } l || waited > l.Waited || (waited == l.Waited && string.CompareOrdinal(lead.LeadId, l.LeadId) < 0))
                {
                    longest = (waited, lead.LeadId);
                }
            }
        }

        return new HoldFigures
        {
            Held = held,
            Offered = _offered,
            Expired = _holdsExpired,
            HeldAtEnd = heldAtEnd,
            LongestHold = longest is { } hold ? TimeSpan.FromTicks(hold.Waited) : null,
            LongestHeldLead = longest?.LeadId,
        };
    }

    private SlaFigures[] Slas(List<LeadSummary> leads)
    {
        var slas = new Dictionary<string, (int Started, int Breached, int Late)>(StringComparer.Ordinal);
        foreach (var lead in leads)
        {
            for (var i = 0; i < lead.Outcome.TimerCount; i++)
            {
                var (sla, breached, late) = LeadOutcome.Timer(lead.Outcome.TimerAt(i));
                var name = _names.Name(sla)!;
                var (s, b, l) = slas.GetValueOrDefault(name);
                slas[name] = (s + 1, b + (breached ? 1 : 0), l + (breached && late ? 1 : 0));
            }
        }

        return [.. slas.Select(s => new SlaFigures(s.Key, s.Value.Started, s.Value.Breached, s.Value.Late)).OrderBy(s => s.Sla, StringComparer.Ordinal)];
    }

    private RejectReasonFigures[] RejectReasons()
    {
        // Without lead activity in the window before — or when the log starts in its second half, as
        // a simulated week's early local-time arrivals do — its counts are unknown, not zero.
        var previous = _window.Previous;
        var previousData = _firstActivity != long.MaxValue
            && new DateTimeOffset(_firstActivity, TimeSpan.Zero) < previous.From + (previous.To - previous.From) / 2
            && _previousActivity;
        var reasons = _rejectedNow.Keys.Concat(_rejectedBefore.Keys).ToHashSet(StringComparer.Ordinal);
        if (_unnamedRejection)
        {
            reasons.Add("?");
        }

        return [.. reasons
            .Select(reason => new RejectReasonFigures(
                reason,
                _rejectedNow.GetValueOrDefault(reason),
                previousData ? _rejectedBefore.GetValueOrDefault(reason) : null,
                [.. _rejectedBy.Where(b => b.Key.Reason == reason)
                    .Select(b => (b.Key.Source, b.Key.Segment, b.Value))
                    .OrderByDescending(x => x.Value).ThenBy(x => x.Source, StringComparer.Ordinal).ThenBy(x => x.Segment, StringComparer.Ordinal)]))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)];
    }

    // Days for windows up to a month, weeks beyond.
    private TrendPoint[] Trend(List<LeadSummary> leads, LeadFigure[] figures)
    {
        var step = _window.To - _window.From <= TimeSpan.FromDays(31) ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);
        var starts = new List<DateTimeOffset>();
        for (var start = _window.From; start < _window.To; start += step)
        {
            starts.Add(start);
        }

        var tallies = starts.Select(_ => new FigureTally(percentiles: false, business: false)).ToArray();
        for (var i = 0; i < leads.Count; i++)
        {
            tallies[(int)((leads[i].RoutedAt - _from) / step.Ticks)].Add(figures[i]);
        }

        return [.. starts.Select((start, i) =>
        {
            var f = tallies[i].Figures();
            var answered = f.Accepted + f.Rejected + f.Expired;
            const int enough = TrendPoint.MinimumEvidence;
            return new TrendPoint(start, f.HandedOff,
                answered >= enough ? f.AcceptanceRate : null,
                f.HandedOff >= enough ? f.RecycleRate : null,
                f.SlaStarted >= enough ? f.SlaBreachRate : null,
                answered);
        })];
    }

    private static TouchBucket[] TouchBuckets(LeadFigure[] figures)
    {
        (string Label, TimeSpan Upper)[] bounds =
        [
            ("under 5 min", TimeSpan.FromMinutes(5)), ("5–15 min", TimeSpan.FromMinutes(15)), ("15–60 min", TimeSpan.FromHours(1)),
            ("1–4 h", TimeSpan.FromHours(4)), ("4–24 h", TimeSpan.FromDays(1)), ("over 24 h", TimeSpan.MaxValue),
        ];
        var counts = new int[bounds.Length + 1];
        foreach (var figure in figures)
        {
            if (!figure.Touched)
            {
                counts[^1]++;
                continue;
            }

            // Read in place: this runs for every lead handed off.
            var elapsed = LeadFigure.Ticks(figure.Wall);
            var bucket = 0;
            while (elapsed >= bounds[bucket].Upper.Ticks)
            {
                bucket++;
            }

            counts[bucket]++;
        }

        return [.. bounds.Select((b, i) => new TouchBucket(b.Label, counts[i])), new TouchBucket("untouched", counts[^1])];
    }
}
