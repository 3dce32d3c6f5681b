using System.Globalization;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Simulation.Review;

/// <summary>How many leads reached one rule, now and (when compared) in the baseline.</summary>
/// <param name="Kind">"route", "definition", "disqualifier", "territory", "segment", "account", "queue", "member", "trigger" or "sla".</param>
/// <param name="Name">The rule's name, code or member id.</param>
/// <param name="Hits">Leads that reached it.</param>
public sealed record CoverageEntry(string Kind, string Name, int Hits)
{
    /// <summary>Leads of the baseline that reached it; null when coverage is not compared with a baseline.</summary>
    public int? BaselineHits { get; init; }

    /// <summary>
    /// Why routing cannot reach it by design, when that is so: a queue only escalations send leads to,
    /// a member only of such queues, an inactive member. Null for an ordinary rule.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>True when no lead reached it and nothing explains why: a finding.</summary>
    public bool NeverReached => Hits == 0 && Note is null;

    /// <summary>True when the baseline's leads reached it and the current playbook's reach it no more: this change made it dead.</summary>
    public bool NewlyUnreached => Hits == 0 && BaselineHits > 0;
}

/// <summary>
/// Which rules the simulated leads reach, like <c>opa test --coverage</c>: hit counts per route,
/// definition, disqualifier, territory, segment, account, queue, member, trigger and SLA. A rule no
/// lead reaches is dead weight or a sign the generator's mix misses a case; either way a RevOps
/// engineer wants to know. Compared with the decisions of a baseline playbook for the same leads, it
/// also says which rules the change left unreached.
/// </summary>
/// <remarks>
/// An account counts as reached when a lead matched it and an account route (one that requires an
/// account match or sends leads to the account owner) took the lead; a lead of the account that an
/// earlier route claims does not reach it. A queue counts when leads are routed to it (by a route,
/// the fallback or as an account route's backup), a member when routing gives it a lead, a trigger
/// when it fired, an SLA when its timer started. Escalations move stalled leads, which routing does
/// not simulate: a queue that only escalations send leads to, and its members, carry a
/// <see cref="CoverageEntry.Note"/> instead of counting as never reached, as do inactive members
/// and the accounts of an account book file that no lead of the sample came from.
/// </remarks>
public sealed class RuleCoverage
{
    /// <summary>The kinds of rules counted, in the order a reader thinks about a decision.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["route", "definition", "disqualifier", "territory", "segment", "account", "queue", "member", "trigger", "sla"];

    private RuleCoverage(IReadOnlyList<CoverageEntry> entries, int leads, bool compared)
    {
        Entries = entries;
        Leads = leads;
        Compared = compared;
    }

    /// <summary>Every rule: the ones newly unreached first, then the ones never reached, then by kind and playbook order.</summary>
    public IReadOnlyList<CoverageEntry> Entries { get; }

    /// <summary>Leads simulated.</summary>
    public int Leads { get; }

    /// <summary>True when the entries carry the baseline's hits.</summary>
    public bool Compared { get; }

    /// <summary>The rules no lead reached (those routing cannot reach by design left out).</summary>
    public IEnumerable<CoverageEntry> NeverReached => Entries.Where(e => e.NeverReached);

    /// <summary>The rules the baseline's leads reached and the current playbook's do not: what this change left unreached.</summary>
    public IEnumerable<CoverageEntry> NewlyUnreached => Entries.Where(e => e.NewlyUnreached);

    /// <summary>One line: how much of each kind was reached, and what the change left unreached.</summary>
    public string Summary
    {
        get
        {
            var kinds = Entries.Where(e => e.Note is null).GroupBy(e => e.Kind).OrderBy(g => IndexOf(g.Key)).Select(g => $"{g.Count(e => !e.NeverReached)} of {g.Count()} {Plural(g.Key)}");
            var unreached = NeverReached.Count();
            var newly = NewlyUnreached.Count();
            return $"Coverage over {Leads.ToString("N0", CultureInfo.InvariantCulture)} leads: {string.Join(", ", kinds)} reached; " +
                   (unreached == 0 ? "every rule was reached" : $"{unreached} rule{(unreached == 1 ? " was" : "s were")} never reached") +
                   (!Compared ? "." : newly == 0 ? "; no rule is newly unreached by this change." : $"; {newly} rule{(newly == 1 ? " is" : "s are")} newly unreached by this change.");
        }
    }

    /// <summary>Where a kind comes in <see cref="Kinds"/>: the order coverage is read in.</summary>
    public static int IndexOf(string kind)
    {
        for (var i = 0; i < Kinds.Count; i++)
        {
            if (Kinds[i] == kind)
            {
                return i;
            }
        }

        return Kinds.Count;
    }

    /// <summary>A kind in the plural: "territories", "slas" reads "SLAs".</summary>
    public static string Plural(string kind) => kind switch
    {
        "sla" => "SLAs",
        _ when kind.EndsWith('y') => kind[..^1] + "ies",
        _ => kind + "s",
    };

    /// <summary>Counts what the records reached, for every rule of the playbook.</summary>
    public static RuleCoverage Of(PlaybookModel playbook, IReadOnlyList<DecisionRecord> records) => Of(playbook, records, baseline: null);

    /// <summary>
    /// Counts what the records reached for every rule of the playbook and, when a baseline is given
    /// (the decisions of the playbook before the change, for the same leads), what its records reached.
    /// A rule the baseline reached that is gone from the playbook is not listed: the diff shows its removal.
    /// </summary>
    public static RuleCoverage Of(PlaybookModel playbook, IReadOnlyList<DecisionRecord> records, IReadOnlyList<DecisionRecord>? baseline)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Of(playbook, Counted(playbook, records), baseline is null ? null : Counted(playbook, baseline));
    }

    /// <summary>
    /// Coverage from hits counted as decisions went by: <paramref name="hits"/> for the playbook under
    /// review and, when compared, <paramref name="baseline"/> for the baseline's decisions of the same leads.
    /// </summary>
    /// <param name="playbook">The playbook under review: its rules are the entries.</param>
    /// <param name="hits">What its decisions reached; its <see cref="RuleHits.Leads"/> are the leads counted.</param>
    /// <param name="baseline">What the baseline's decisions reached, or null when not compared.</param>
    public static RuleCoverage Of(PlaybookModel playbook, RuleHits hits, RuleHits? baseline)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(hits);
        var (now, before) = (hits, baseline);
        var notes = Notes(playbook);
        // An account book is the CRM's data, not policy: a sample of leads reaches a few of its
        // hundreds of accounts, and the rest are not dead rules.
        var bookAccounts = playbook.Accounts.Where(a => a.Origin is not null).GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Origin!.Path, StringComparer.Ordinal);

        var entries = new List<CoverageEntry>();
        void Add(string kind, IEnumerable<string> names)
        {
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                var reached = now.Count(kind, name);
                entries.Add(new CoverageEntry(kind, name, reached)
                {
                    BaselineHits = before?.Count(kind, name),
                    Note = notes.GetValueOrDefault((kind, name))
                        ?? (kind == "account" && reached == 0 && bookAccounts.TryGetValue(name, out var book) ? $"from account book {book}: no lead of this sample came from it" : null),
                });
            }
        }

        Add("route", playbook.Routes.Select(r => r.Name).Append("fallback"));
        Add("definition", playbook.Definitions.Select(d => d.Name));
        Add("disqualifier", playbook.Definitions.SelectMany(d => d.Disqualifiers).Select(d => d.Code).Append(Disqualifier.NotReadyCode));
        Add("territory", playbook.Territories.Select(t => t.Name));
        Add("segment", playbook.Segments.Select(s => s.Name));
        Add("account", playbook.Accounts.Select(a => a.Name));
        Add("queue", playbook.Queues.Select(q => q.Name));
        Add("member", playbook.Members.Select(m => m.Id));
        Add("trigger", playbook.Triggers.Select(t => t.Name));
        Add("sla", playbook.Slas.Select(s => s.Name));

        // Stable: newly unreached first, never reached next, then the playbook's own order within each kind.
        var ordered = entries.Select((e, i) => (e, i))
            .OrderBy(x => x.e.NewlyUnreached ? 0 : x.e.NeverReached ? 1 : 2)
            .ThenBy(x => x.i)
            .Select(x => x.e)
            .ToList();
        return new RuleCoverage(ordered, hits.Leads, baseline is not null);
    }

    // What routing cannot reach by design, and why in words.
    private static Dictionary<(string Kind, string Name), string> Notes(PlaybookModel playbook)
    {
        var routed = playbook.Routes.SelectMany(r => new[] { r.Queue, r.BackupQueue }).Append(playbook.Fallback?.Queue).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var escalated = playbook.Escalations.Select(e => e.ToQueue).ToHashSet(StringComparer.Ordinal);
        var owners = playbook.Routes.Any(r => r.ToAccountOwner) ? playbook.Accounts.Select(a => a.Owner).ToHashSet(StringComparer.Ordinal) : [];
        var notes = new Dictionary<(string, string), string>();
        foreach (var queue in playbook.Queues.Where(q => !routed.Contains(q.Name) && escalated.Contains(q.Name)))
        {
            notes[("queue", queue.Name)] = "escalation target: stalled leads reach it, routing does not";
        }

        foreach (var member in playbook.Members)
        {
            var queues = playbook.Queues.Where(q => q.Members.Any(m => m.MemberId == member.Id)).Select(q => q.Name).ToList();
            if (!member.Active)
            {
                notes[("member", member.Id)] = "inactive: distribution skips them";
            }
            else if (!owners.Contains(member.Id) && queues.Count > 0 && queues.All(q => !routed.Contains(q) && escalated.Contains(q)))
            {
                notes[("member", member.Id)] = "only in escalation targets: stalled leads reach them, routing does not";
            }
        }

        return notes;
    }

    private static RuleHits Counted(PlaybookModel playbook, IReadOnlyList<DecisionRecord> records)
    {
        var hits = new RuleHits(playbook);
        foreach (var record in records)
        {
            hits.Add(record);
        }

        return hits;
    }
}
