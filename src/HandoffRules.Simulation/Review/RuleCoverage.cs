using System.Globalization;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>How many leads reached one rule.</summary>
/// <param name="Kind">"route", "definition", "disqualifier", "territory" or "segment".</param>
/// <param name="Name">The rule's name or code.</param>
/// <param name="Hits">Leads that reached it.</param>
public sealed record CoverageEntry(string Kind, string Name, int Hits)
{
    /// <summary>True when no lead reached it: a finding.</summary>
    public bool NeverReached => Hits == 0;
}

/// <summary>
/// Which rules the simulated leads reach: hit counts per route, definition, disqualifier,
/// territory and segment, like <c>opa test --coverage</c>. A rule no lead reaches is dead weight or
/// a sign the generator's mix misses a case; either way a RevOps engineer wants to know.
/// </summary>
public sealed class RuleCoverage
{
    private RuleCoverage(IReadOnlyList<CoverageEntry> entries, int leads)
    {
        Entries = entries;
        Leads = leads;
    }

    /// <summary>Every rule, the ones never reached first, then by kind and playbook order.</summary>
    public IReadOnlyList<CoverageEntry> Entries { get; }

    /// <summary>Leads simulated.</summary>
    public int Leads { get; }

    /// <summary>The rules no lead reached.</summary>
    public IEnumerable<CoverageEntry> NeverReached => Entries.Where(e => e.NeverReached);

    /// <summary>One line: how much of each kind was reached.</summary>
    public string Summary
    {
        get
        {
            var kinds = Entries.GroupBy(e => e.Kind).Select(g => $"{g.Count(e => !e.NeverReached)} of {g.Count()} {Plural(g.Key)}");
            var unreached = NeverReached.Count();
            return $"Coverage over {Leads.ToString("N0", CultureInfo.InvariantCulture)} leads: {string.Join(", ", kinds)} reached; " +
                   (unreached == 0 ? "every rule was reached." : $"{unreached} rule{(unreached == 1 ? " was" : "s were")} never reached.");
        }
    }

    private static string Plural(string kind) => kind.EndsWith('y') ? kind[..^1] + "ies" : kind + "s";

    /// <summary>Counts what the records reached, for every rule of the playbook.</summary>
    public static RuleCoverage Of(PlaybookModel playbook, IReadOnlyList<DecisionRecord> records)
    {
        var routed = records.Where(r => r.Outcome == HandoffOutcome.Routed).ToList();
        var disqualified = records.Where(r => r.Outcome == HandoffOutcome.Disqualified).ToList();
        var codes = playbook.Definitions.SelectMany(d => d.Disqualifiers).Select(d => d.Code).Append(Disqualifier.NotReadyCode).Distinct();

        var entries = new List<CoverageEntry>();
        entries.AddRange(playbook.Routes.Select(r => new CoverageEntry("route", r.Name, routed.Count(d => d.Route == r.Name))));
        entries.Add(new CoverageEntry("route", "fallback", routed.Count(d => d.Route == "fallback")));
        entries.AddRange(playbook.Definitions.Select(d => new CoverageEntry("definition", d.Name, records.Count(r => r.Definition == d.Name))));
        entries.AddRange(codes.Select(c => new CoverageEntry("disqualifier", c, disqualified.Count(d => d.Reason == c))));
        entries.AddRange(playbook.Territories.Select(t => new CoverageEntry("territory", t.Name, routed.Count(d => d.Territory == t.Name))));
        entries.AddRange(playbook.Segments.Select(s => new CoverageEntry("segment", s.Name, routed.Count(d => d.Segment == s.Name))));

        // Stable: never-reached first, then the playbook's own order within each kind.
        var ordered = entries.Select((e, i) => (e, i)).OrderBy(x => x.e.NeverReached ? 0 : 1).ThenBy(x => x.i).Select(x => x.e).ToList();
        return new RuleCoverage(ordered, records.Count);
    }
}
