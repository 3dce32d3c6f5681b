using System.Globalization;
using System.Text;
using HandoffRules.Model;
using HandoffRules.Validation;

namespace HandoffRules.Routing;

/// <summary>
/// A playbook compiled into a routing function. Compile once (validation runs first and errors
/// stop it), then call <see cref="Route"/> for each lead with a <see cref="DistributionState"/>.
/// Routing without a trace allocates nothing; with a <see cref="DecisionTrace"/> it explains every
/// step. The simulation, the host and the tests all route through this class.
/// </summary>
public sealed class Router
{
    private readonly CompiledDefinition[] _definitions;
    private readonly TerritoryIndex _territories;
    private readonly Segment[] _segments;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _accountsByDomain;
    // The same domains by their hash (LeadKeys.Hash), for leads whose domain intake keyed; null when two
    // of the playbook's domains share a hash, and then every lead is matched by its domain's text.
    private readonly Dictionary<uint, (string Domain, int Account)>? _accountsByDomainKey;
    private readonly int[] _accountOwners;
    // Per account: the account whose owner it goes to (itself, or the nearest ancestor with one).
    private readonly int[] _owningAccounts;
    private readonly int[] _accountParents;
    private readonly Dictionary<string, int> _accountIndex;
    // Per account: the territory and segment its leads are routed as (-1: the lead's own).
    private readonly int[] _accountTerritories;
    private readonly int[] _accountSegments;
    // Null when the playbook matches accounts by domain only.
    private readonly AccountNameIndex? _accountNames;
    private readonly CompiledMember[] _members;
    private readonly Dictionary<string, int> _memberIndex;
    private readonly CompiledQueue[] _queues;
    private readonly Dictionary<string, int> _queueIndex;
    private readonly CompiledRoute[] _routes;
    private readonly int[] _everyRoute;
    private readonly int[][] _routesByTerritory;
    private readonly int _fallbackQueue;
    private readonly CompiledTrigger[] _triggers;
    private readonly int[] _alwaysSlas;
    private readonly BusinessClock _defaultClock;

    private Router(PlaybookModel playbook, IReadOnlyList<PlaybookIssue> warnings)
    {
        Playbook = playbook;
        Warnings = warnings;
        var definitionIndex = IndexOf(playbook.Definitions, d => d.Name);
        _definitions = [.. playbook.Definitions.Select(d => new CompiledDefinition(d, definitionIndex, playbook.Definitions))];
        _territories = new TerritoryIndex(playbook.Territories);
        _segments = [.. playbook.Segments];

        // Keys in lower case and compared ordinally: intake lower-cases a lead's domain, so the common
        // lookup hashes as is; a domain in any other case is lowered first (see ResolveAccount).
        var domains = new Dictionary<string, int>(StringComparer.Ordinal);
        _memberIndex = IndexOf(playbook.Members, m => m.Id);
        _accountOwners = new int[playbook.Accounts.Count];
        _owningAccounts = new int[playbook.Accounts.Count];
        var accountIndex = _accountIndex = IndexOf(playbook.Accounts, a => a.Name);
        _accountParents = [.. playbook.Accounts.Select(a => a.Parent is { } parent ? accountIndex[parent] : -1)];
        for (var a = 0; a < playbook.Accounts.Count; a++)
        {
            foreach (var domain in playbook.Accounts[a].Domains)
            {
                domains.TryAdd(domain.ToLowerInvariant(), a);
            }

            _owningAccounts[a] = OwningAccount(playbook, a, accountIndex);
            _accountOwners[a] = _memberIndex[playbook.Accounts[_owningAccounts[a]].Owner!];
        }

        _accountsByDomain = domains.GetAlternateLookup<ReadOnlySpan<char>>();
        _accountsByDomainKey = [];
        foreach (var (domain, account) in domains)
        {
            if (Ascii.IsValid(domain) && !_accountsByDomainKey.TryAdd(LeadKeys.Hash(domain), (domain, account)))
            {
                _accountsByDomainKey = null;
                break;
            }
        }
        _members = [.. playbook.Members.Select(m => new CompiledMember(m))];
        _defaultClock = new BusinessClock(playbook.BusinessHours);
        _queueIndex = IndexOf(playbook.Queues, q => q.Name);
        _queues = [.. playbook.Queues.Select(q => new CompiledQueue(q, _memberIndex, q.Hours is null ? _defaultClock : new BusinessClock(q.Hours)))];

        var territoryIndex = IndexOf(playbook.Territories, t => t.Name);
        var segmentIndex = IndexOf(playbook.Segments, s => s.Name);
        _accountTerritories = [.. playbook.Accounts.Select(a => a.Territory is { } t ? territoryIndex[t] : -1)];
        _accountSegments = [.. playbook.Accounts.Select(a => a.Segment is { } s ? segmentIndex[s] : -1)];
        _accountNames = playbook.AccountNameConfidence is not { } confidence ? null : new AccountNameIndex([.. playbook.Accounts.Select(a => a.Name)], confidence);
        _routes = [.. playbook.Routes.Select(r => new CompiledRoute(r, definitionIndex, territoryIndex, segmentIndex, _queueIndex))];

        // Untraced, a lead only tries the routes that can take its territory (slot 0: no territory),
        // in playbook order; a traced decision walks every route to say why each passed it on.
        _everyRoute = [.. Enumerable.Range(0, _routes.Length)];
        _routesByTerritory = [.. Enumerable.Range(-1, playbook.Territories.Count + 1)
            .Select(t => _everyRoute.Where(r => _routes[r].Territories is not { } mask || (t >= 0 && mask[t])).ToArray())];
        _fallbackQueue = _queueIndex[playbook.Fallback!.Queue];

        var slaIndex = IndexOf(playbook.Slas, s => s.Name);
        _triggers = [.. playbook.Triggers.Select(t => new CompiledTrigger(t, slaIndex))];
        _alwaysSlas = [.. Enumerable.Range(0, playbook.Slas.Count).Where(i => playbook.Slas[i].StartsOnEveryHandoff)];
    }

    /// <summary>The playbook this router was compiled from.</summary>
    public PlaybookModel Playbook { get; }

    /// <summary>Warnings the validator found (errors stop compilation).</summary>
    public IReadOnlyList<PlaybookIssue> Warnings { get; }

    /// <summary>Validates the playbook and compiles it. Throws <see cref="PlaybookValidationException"/> on errors.</summary>
    public static Router Compile(PlaybookModel playbook) => new(playbook, PlaybookValidator.EnsureValid(playbook));

    /// <summary>A fresh distribution state: every queue at its first member, nobody assigned today.</summary>
    public DistributionState NewState() => new(this);

    /// <summary>
    /// Decides where a lead goes at the time of its triggering event, advancing the distribution
    /// state. Every lead gets an outcome: routed (by a route or the fallback) or disqualified.
    /// </summary>
    public RoutingDecision Route(Lead lead, DistributionState state, DecisionTrace? trace = null)
    {
        if (!ReferenceEquals(state.Router, this))
        {
            throw new ArgumentException("The distribution state belongs to another router; create it with NewState() or restore a snapshot into it.", nameof(state));
        }

        return Decide(lead, state, trace);
    }

    /// <summary>
    /// Decides which rule takes a lead — qualification, territory, segment, account, and the route
    /// or the fallback — without assigning it: no member is picked from a queue, no trigger fires
    /// and no SLA starts, and a route to the account owner is taken as if the owner were available.
    /// What changes between two playbooks for the same lead, independent of who is on shift.
    /// </summary>
    public RoutingDecision Classify(Lead lead, DecisionTrace? trace = null) => Decide(lead, null, trace);

    // One decision path for both: with a state the lead is assigned and its clocks start; without
    // one it stops once the rule and the queue are known.
    private RoutingDecision Decide(Lead lead, DistributionState? state, DecisionTrace? trace)
    {
        // A lead that has left the processor's caches (a simulation, a backtest, a batch) costs a miss
        // per line routing reads; asked for together, up front, they overlap (see Lead.Prefetch).
        lead.Prefetch();
        if (trace is not null)
        {
            foreach (var note in lead.Notes)
            {
                trace.Add(TraceStage.Intake, note.Field.ToString(), TraceResult.Note, note.Note);
            }
        }

        var handoff = Align(lead, trace, out var best, out var disqualifier);
        if (disqualifier is not null)
        {
            return Disqualified(lead, disqualifier, _definitions[handoff >= 0 ? handoff : best].Model, trace);
        }

        if (handoff < 0)
        {
            trace?.Add(TraceStage.Definition, Disqualifier.NotReadyCode, TraceResult.Chosen,
                best >= 0 ? $"best definition met is '{_definitions[best].Model.Name}', which does not hand off" : "the lead meets no definition");
            return Disqualified(lead, Disqualifier.NotReady, best >= 0 ? _definitions[best].Model : null, trace);
        }

        var definition = _definitions[handoff];
        trace?.Add(TraceStage.Definition, definition.Model.Name, TraceResult.Chosen, "the lead is handed off under this definition");

        // Route: territory, segment and account are resolved once and shared by every route.
        // An account that sets a territory or segment routes its leads as that, whatever the lead says.
        var account = ResolveAccount(lead);
        var byName = default(NameMatch?);
        if (account < 0 && _accountNames is not null && (!lead.IsSet(LeadText.Domain) || lead.IsFreeMail) && lead.IsSet(LeadText.Company) && !string.IsNullOrWhiteSpace(lead.Company))
        {
            // Off the domain path: only leads without a company domain pay for a name match, and
            // only a traced decision for the near miss it names.
            byName = _accountNames.Match(lead.Company, nearMiss: trace is not null);
            account = byName.Value.Account;
        }

        var claim = ClaimKind.Account;
        var territory = account >= 0 && _accountTerritories[account] >= 0 ? _accountTerritories[account] : _territories.Resolve(lead, out claim);
        var segment = account >= 0 && _accountSegments[account] >= 0 ? _accountSegments[account] : ResolveSegment(lead);
        if (trace is not null)
        {
            TraceContext(lead, territory, claim, segment, account, byName, state, trace);
        }

        CompiledRoute? chosen = null;
        var fallbackReason = FallbackReason.None;
        var queue = -1;
        var member = -1;
        if (!definition.HasContext(lead))
        {
            trace?.Add(TraceStage.Context, definition.Model.Name, TraceResult.Failed, "missing " + string.Join(", ", definition.MissingFields(lead)));
            fallbackReason = FallbackReason.MissingContext;
        }
        else
        {
            trace?.Add(TraceStage.Context, definition.Model.Name, TraceResult.Passed, definition.Context.Length == 0 ? "no context required" : "required context present");
            chosen = SelectRoute(lead, handoff, territory, segment, account, state, trace, out queue, out member);
            if (chosen is null)
            {
                fallbackReason = FallbackReason.NoRouteMatched;
            }
        }

        if (fallbackReason != FallbackReason.None)
        {
            queue = _fallbackQueue;
            trace?.Add(TraceStage.Fallback, Playbook.Fallback!.Queue, TraceResult.Chosen,
                fallbackReason == FallbackReason.MissingContext ? "context an SDR needs is missing" : "no route matched");
        }

        var clocks = default(SlaClocks);
        Trigger? fired = null;
        if (state is not null)
        {
            if (queue >= 0)
            {
                member = Distribute(queue, lead.ArrivedAt, state, -1, trace);
            }

            fired = StartTriggersAndSlas(lead, queue, ref clocks, trace);
        }

        return new RoutingDecision
        {
            Lead = lead,
            Outcome = LeadOutcome.Routed,
            Definition = definition.Model,
            Territory = territory >= 0 ? Playbook.Territories[territory] : null,
            Segment = segment >= 0 ? _segments[segment] : null,
            Account = account >= 0 ? Playbook.Accounts[account] : null,
            Route = chosen?.Model,
            FallbackReason = fallbackReason,
            Queue = queue >= 0 ? _queues[queue].Model : null,
            Member = member >= 0 ? _members[member].Model : null,
            Trigger = fired,
            FirstTouchSla = clocks.FirstTouchSla,
            FirstTouchDue = clocks.FirstTouchDue,
            AcceptanceSla = clocks.AcceptanceSla,
            AcceptanceDue = clocks.AcceptanceDue,
            Trace = trace,
        };
    }

    // Align: evaluate every definition once, in order; a lead takes the last hand-off one it meets,
    // and the disqualifiers of that definition (or of the best one met) can still take it out.
    private int Align(Lead lead, DecisionTrace? trace, out int best, out Disqualifier? disqualifier)
    {
        Span<bool> held = _definitions.Length <= 64 ? stackalloc bool[_definitions.Length] : new bool[_definitions.Length];
        best = -1;
        var handoff = -1;
        for (var i = 0; i < _definitions.Length; i++)
        {
            held[i] = _definitions[i].Holds(lead, held, trace);
            if (held[i])
            {
                best = i;
                if (_definitions[i].Model.HandsOff)
                {
                    handoff = i;
                }
            }
        }

        disqualifier = null;
        var subject = handoff >= 0 ? handoff : best;
        if (subject >= 0)
        {
            foreach (var candidate in _definitions[subject].Disqualifiers)
            {
                if (candidate.Condition.Evaluate(lead))
                {
                    trace?.Add(TraceStage.Disqualifier, candidate.Code, TraceResult.Chosen, $"{candidate.Label} ({candidate.Condition.Text})");
                    disqualifier = candidate;
                    break;
                }

                trace?.Add(TraceStage.Disqualifier, candidate.Code, TraceResult.Passed, "does not apply");
            }
        }

        return handoff;
    }

    // The first route that takes the lead, in playbook order; null when none does. A route to the
    // account owner gives the owner (or, when the owner is unavailable, its backup queue).
    private CompiledRoute? SelectRoute(Lead lead, int handoff, int territory, int segment, int account, DistributionState? state, DecisionTrace? trace, out int queue, out int member)
    {
        (queue, member) = (-1, -1);
        var candidates = trace is null ? _routesByTerritory[territory + 1] : _everyRoute;
        foreach (var r in candidates)
        {
            var route = _routes[r];
            if (!route.Matches(lead, handoff, territory, segment, account, trace, this))
            {
                continue;
            }

            if (!route.ToOwner)
            {
                trace?.Add(TraceStage.Route, route.Model.Name, TraceResult.Chosen, $"to queue '{_queues[route.Queue].Model.Name}'");
                queue = route.Queue;
                return route;
            }

            var owner = OwnerOf(account, lead.ArrivedAt, state, out _, out _);
            if (state is null)
            {
                trace?.Add(TraceStage.Route, route.Model.Name, TraceResult.Chosen, $"to account owner {_members[owner].Model.Id} (availability not checked)");
                member = owner;
                return route;
            }

            var eligibility = Check(owner, lead.ArrivedAt, state, ignoreHours: true, out var day);
            if (eligibility == Eligibility.Eligible)
            {
                state.CountAssignment(owner, day);
                trace?.Add(TraceStage.Route, route.Model.Name, TraceResult.Chosen, $"to account owner {_members[owner].Model.Id}");
                member = owner;
                return route;
            }

            if (route.BackupQueue >= 0)
            {
                trace?.Add(TraceStage.Route, route.Model.Name, TraceResult.Chosen, $"account owner {_members[owner].Model.Id} is {Explain(owner, eligibility, lead.ArrivedAt, day, state)}; to backup queue '{_queues[route.BackupQueue].Model.Name}'");
                queue = route.BackupQueue;
                return route;
            }

            trace?.Add(TraceStage.Route, route.Model.Name, TraceResult.Failed, $"account owner {_members[owner].Model.Id} is {Explain(owner, eligibility, lead.ArrivedAt, day, state)} and the route has no backup queue");
        }

        return null;
    }

    /// <summary>
    /// Picks the next eligible member of a queue at a time, advancing the state — what a
    /// reassignment after an SLA breach or a misroute does. Null when nobody is eligible.
    /// </summary>
    public Member? PickMember(string queue, DateTimeOffset at, DistributionState state, string? excludeMemberId = null, DecisionTrace? trace = null)
    {
        var q = QueueIndex(queue);
        if (q < 0)
        {
            throw new ArgumentException($"Playbook '{Playbook.Name}' has no queue '{queue}'.", nameof(queue));
        }

        var member = Distribute(q, at, state, excludeMemberId is null ? -1 : MemberIndex(excludeMemberId), trace);
        return member >= 0 ? _members[member].Model : null;
    }

    /// <summary>
    /// True when <see cref="PickMember"/> would find someone in the queue at this time (nobody
    /// excluded): a member who is active, not away, not paused and under cap. Working hours do not
    /// count, as when nobody is on shift the rotation's next available member takes the lead. Nothing
    /// is picked and the state is left as it was. False for a queue the playbook does not have.
    /// </summary>
    /// <param name="queue">The queue's name.</param>
    /// <param name="at">The time to look at.</param>
    /// <param name="state">The distribution state: caps, availability.</param>
    public bool CanOffer(string queue, DateTimeOffset at, DistributionState state)
    {
        var q = QueueIndex(queue);
        if (q < 0)
        {
            return false;
        }

        foreach (var m in _queues[q].Members)
        {
            if (Check(m, at, state, ignoreHours: true, out _) == Eligibility.Eligible)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What a repeat of a lead whose hand-off is still open sets off for its current owner: the
    /// trigger of the new event and the SLAs that trigger starts, on the business clock of the lead's
    /// queue. No route is chosen and no member picked — the lead stays where it is.
    /// </summary>
    /// <param name="lead">The repeat (a new form fill, a demo request) of the open lead.</param>
    /// <param name="queue">The open lead's queue now (null for an account owner's lead).</param>
    /// <param name="memberId">The open lead's owner now, if any.</param>
    /// <param name="trace">Filled with the trigger and the SLAs, when given.</param>
    public RoutingDecision Repeat(Lead lead, string? queue, string? memberId, DecisionTrace? trace = null)
    {
        var q = queue is null ? -1 : QueueIndex(queue);
        var m = memberId is null ? -1 : MemberIndex(memberId);
        var clocks = default(SlaClocks);
        var fired = TriggerFor(lead.Event);

        if (fired is not null)
        {
            trace?.Add(TraceStage.Trigger, fired.Model.Name, TraceResult.Chosen, $"a repeat of an open lead: {string.Join(", ", fired.Model.Actions)} for its owner {memberId ?? "(none yet)"}");
            var clock = q >= 0 ? _queues[q].Clock : _defaultClock;
            foreach (var s in fired.Slas)
            {
                clocks.Start(Playbook.Slas[s], clock, lead.ArrivedAt, trace);
            }
        }

        return new RoutingDecision
        {
            Lead = lead,
            Outcome = LeadOutcome.Routed,
            Queue = q >= 0 ? _queues[q].Model : null,
            Member = m >= 0 ? _members[m].Model : null,
            Trigger = fired?.Model,
            FirstTouchSla = clocks.FirstTouchSla,
            FirstTouchDue = clocks.FirstTouchDue,
            AcceptanceSla = clocks.AcceptanceSla,
            AcceptanceDue = clocks.AcceptanceDue,
            Trace = trace,
        };
    }

    /// <summary>
    /// Why a member cannot be handed a lead at a time — "inactive", "out of office", "at daily
    /// cap", or an availability set by operations ("away until 2026-12-04 17:00 UTC, set by
    /// ana.ruiz", "paused …") — by the same checks distribution makes, working hours aside (a lead
    /// handed over after hours waits for the morning); null when the member can take it. Does not
    /// change the state.
    /// </summary>
    public string? WhyUnavailable(string memberId, DateTimeOffset at, DistributionState state)
    {
        var m = MemberIndex(memberId);
        if (m < 0)
        {
            throw new ArgumentException($"Playbook '{Playbook.Name}' has no member '{memberId}'.", nameof(memberId));
        }

        var eligibility = Check(m, at, state, ignoreHours: true, out var day);
        return eligibility == Eligibility.Eligible ? null : Explain(m, eligibility, at, day, state);
    }

    /// <summary>The member's own calendar day (their time zone) at an instant: the day a daily cap counts.</summary>
    public DateOnly DayOf(string memberId, DateTimeOffset at)
    {
        var m = MemberIndex(memberId);
        if (m < 0)
        {
            throw new ArgumentException($"Playbook '{Playbook.Name}' has no member '{memberId}'.", nameof(memberId));
        }

        return DateOnly.FromDateTime(_members[m].Zone.ToLocal(at));
    }

    /// <summary>The business clock the SLAs of a queue run on (the playbook's when the queue has none).</summary>
    public BusinessClock ClockFor(string? queue)
    {
        var q = queue is null ? -1 : QueueIndex(queue);
        return q >= 0 ? _queues[q].Clock : _defaultClock;
    }

    /// <summary>The escalation for a queue: the one naming it, else one for any queue; null when none applies.</summary>
    public Escalation? EscalationFor(string? queue, string? named = null)
    {
        Escalation? any = null;
        foreach (var escalation in Playbook.Escalations)
        {
            if (named is not null)
            {
                if (escalation.Name == named)
                {
                    return escalation;
                }

                continue;
            }

            if (escalation.FromQueues.IsEmpty)
            {
                any ??= escalation;
            }
            else if (queue is not null && escalation.FromQueues.Contains(queue))
            {
                return escalation;
            }
        }

        return any;
    }

    internal int QueueIndex(string name) => _queueIndex.TryGetValue(name, out var index) ? index : -1;

    internal int MemberIndex(string id) => _memberIndex.TryGetValue(id, out var index) ? index : -1;

    internal string DefinitionName(int index) => _definitions[index].Model.Name;

    internal string TerritoryName(int index) => index >= 0 ? Playbook.Territories[index].Name : "(none)";

    internal string SegmentName(int index) => index >= 0 ? _segments[index].Name : "(unknown)";

    private static RoutingDecision Disqualified(Lead lead, Disqualifier disqualifier, Definition? definition, DecisionTrace? trace) => new()
    {
        Lead = lead,
        Outcome = LeadOutcome.Disqualified,
        Definition = definition,
        Disqualifier = disqualifier,
        Trace = trace,
    };

    // The first trigger, in playbook order, that reacts to the event.
    private CompiledTrigger? TriggerFor(LeadEvent leadEvent)
    {
        foreach (var trigger in _triggers)
        {
            if (trigger.Matches(leadEvent))
            {
                return trigger;
            }
        }

        return null;
    }

    private Trigger? StartTriggersAndSlas(Lead lead, int queue, ref SlaClocks clocks, DecisionTrace? trace)
    {
        var fired = TriggerFor(lead.Event);

        if (fired is not null)
        {
            trace?.Add(TraceStage.Trigger, fired.Model.Name, TraceResult.Chosen, string.Join(", ", fired.Model.Actions));
        }

        var clock = queue >= 0 ? _queues[queue].Clock : _defaultClock;
        foreach (var s in _alwaysSlas)
        {
            clocks.Start(Playbook.Slas[s], clock, lead.ArrivedAt, trace);
        }

        if (fired is not null)
        {
            foreach (var s in fired.Slas)
            {
                clocks.Start(Playbook.Slas[s], clock, lead.ArrivedAt, trace);
            }
        }

        return fired?.Model;
    }

    private int ResolveSegment(Lead lead)
    {
        if (lead.Employees is { } employees)
        {
            for (var s = 0; s < _segments.Length; s++)
            {
                if (_segments[s].Employees?.Contains(employees) == true)
                {
                    return s;
                }
            }
        }

        if (lead.AnnualRevenue is { } revenue)
        {
            for (var s = 0; s < _segments.Length; s++)
            {
                if (_segments[s].Revenue?.Contains(revenue) == true)
                {
                    return s;
                }
            }
        }

        return -1;
    }

    // A subdomain belongs to its account too: eu.northwind.com matches northwind.com.
    // The same steps by the keys intake worked out: an integer lookup per step; the text is read only
    // when a hash is found, to tell a match from two domains that share a hash.
    private int ResolveAccountByKey(Lead lead, DomainKeys keys)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (_accountsByDomainKey!.TryGetValue(keys[i], out var entry) && ParentDomain(lead.Domain!, i).Equals(entry.Domain, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Account;
            }
        }

        return -1;
    }

    // The domain with its first `levels` labels taken off: "eu.northwind.com", 1 → "northwind.com".
    private static ReadOnlySpan<char> ParentDomain(string domain, int levels)
    {
        var span = domain.AsSpan();
        for (var i = 0; i < levels; i++)
        {
            span = span[(span.IndexOf('.') + 1)..];
        }

        return span;
    }

    private int ResolveAccount(Lead lead)
    {
        // No accounts, no lookup: an alternate-key lookup in an empty dictionary allocates.
        ref readonly var view = ref lead.View;
        if (view.LengthCode(LeadText.Domain) == 0 || _accountOwners.Length == 0)
        {
            return -1;
        }

        if (view.DomainKeys.Count > 0 && _accountsByDomainKey is not null)
        {
            return ResolveAccountByKey(lead, view.DomainKeys);
        }

        var text = lead.Domain!;
        if (!Ascii.IsValid(text) || text.AsSpan().ContainsAnyInRange('A', 'Z'))
        {
            text = text.ToLowerInvariant();
        }

        var domain = text.AsSpan();
        while (true)
        {
            if (_accountsByDomain.TryGetValue(domain, out var account))
            {
                return account;
            }

            var dot = domain.IndexOf('.');
            if (dot < 0 || domain[(dot + 1)..].IndexOf('.') < 0)
            {
                return -1;
            }

            domain = domain[(dot + 1)..];
        }
    }

    private void TraceContext(Lead lead, int territory, ClaimKind claim, int segment, int account, NameMatch? byName, DistributionState? state, DecisionTrace trace)
    {
        var place = lead.Country is null ? "no country" : lead.State is null ? lead.Country : $"{lead.Country}-{lead.State}";
        trace.Add(TraceStage.Territory, TerritoryName(territory), territory >= 0 ? TraceResult.Passed : TraceResult.Failed,
            claim == ClaimKind.Account ? $"set by account '{Playbook.Accounts[account].Name}' ({place})"
            : territory >= 0 ? $"{place} matched by {claim switch { ClaimKind.PostalPrefix => "postal prefix", ClaimKind.Region => "region", _ => "country" }}" : $"{place} is in no territory");
        var size = lead.Employees is { } e ? $"{e} employees" : lead.AnnualRevenue is { } r ? $"revenue {r:N0} (employees unknown)" : "employees and revenue unknown";
        trace.Add(TraceStage.Segment, SegmentName(segment), segment >= 0 ? TraceResult.Passed : TraceResult.Failed,
            account >= 0 && _accountSegments[account] >= 0 ? $"set by account '{Playbook.Accounts[account].Name}' ({size})" : size);
        if (account >= 0)
        {
            var model = Playbook.Accounts[account];
            var owner = _members[OwnerOf(account, lead.ArrivedAt, state, out var refreshed, out var owning)].Model.Id;
            var from = owning != account ? $" (from parent account '{Playbook.Accounts[owning].Name}')" : "";
            var origin = model.Origin is { } o ? $"; {o}" : "";
            if (refreshed is not null)
            {
                // Where the owner came from, when it is not the reviewed book: the CRM, and when.
                from += $" from HubSpot (owner {refreshed.OwnerId}, refreshed {Availability.Shown(refreshed.RefreshedAt)})";
            }
            else if (Playbook.HubSpot?.AccountOwnerRefresh is not null)
            {
                from += Playbook.Accounts[owning].Origin is { } book ? $" from {book}" : " from the playbook's code";
                origin = "";
            }

            var how = byName is { } name
                ? $"company name matches the account's (confidence {name.Confidence.ToString("0.00", CultureInfo.InvariantCulture)} ≥ {Playbook.AccountNameConfidence!.Value.ToString("0.00", CultureInfo.InvariantCulture)}; {(lead.Domain is null ? "no domain" : "free-mail domain")})"
                : $"domain {lead.Domain}{HowDomainMatched(lead.Domain!, model)}";
            trace.Add(TraceStage.Account, model.Name, TraceResult.Passed, $"{how}, owner {owner}{from}{origin}");
        }
        else if (byName is { } miss)
        {
            trace.Add(TraceStage.Account, "(none)", TraceResult.Failed, miss switch
            {
                { Ambiguous: true } => "company name matches several accounts equally: no match",
                { Closest: >= 0 } => $"company name is closest to account '{Playbook.Accounts[miss.Closest].Name}' (confidence {miss.Confidence.ToString("0.00", CultureInfo.InvariantCulture)} < {Playbook.AccountNameConfidence!.Value.ToString("0.00", CultureInfo.InvariantCulture)}): no match",
                _ => "company name is like no account's: no match",
            });
        }
        else
        {
            trace.Add(TraceStage.Account, "(none)", TraceResult.Failed, lead.Domain is null ? "no domain" : $"domain {lead.Domain} is in no account");
        }
    }

    // Members on shift first; when nobody is, the next available member in rotation takes the lead
    // and its SLA clock runs on business hours, so an overnight lead waits for the morning shift
    // rather than for a member who happens to be awake.
    private int Distribute(int q, DateTimeOffset at, DistributionState state, int exclude, DecisionTrace? trace)
    {
        var member = Distribute(q, at, state, exclude, ignoreHours: false, trace);
        if (member < 0 && _queues[q].Members.Length > 0)
        {
            trace?.Add(TraceStage.Distribution, _queues[q].Model.Name, TraceResult.Note, "nobody is on shift; the next available member in rotation takes it");
            member = Distribute(q, at, state, exclude, ignoreHours: true, trace);
        }

        if (member < 0)
        {
            trace?.Add(TraceStage.Distribution, _queues[q].Model.Name, TraceResult.Failed,
                $"no available member (inactive, away or at cap); held in the queue, offered again as soon as a member is free, escalated after {(int)Playbook.MaxHold.TotalHours}:{Playbook.MaxHold.Minutes:00} business time (maximum hold)");
        }

        return member;
    }

    private int Distribute(int q, DateTimeOffset at, DistributionState state, int exclude, bool ignoreHours, DecisionTrace? trace)
    {
        var queue = _queues[q];
        var count = queue.Members.Length;
        if (count == 0)
        {
            return -1;
        }

        if (queue.Model.Distribution == Distribution.RoundRobin)
        {
            var start = state.RoundRobinNext[q];
            for (var k = 0; k < count; k++)
            {
                var slot = (start + k) % count;
                var m = queue.Members[slot];
                var eligibility = Check(m, exclude, at, state, ignoreHours, out var day);
                if (eligibility == Eligibility.Eligible)
                {
                    state.RoundRobinNext[q] = (slot + 1) % count;
                    var assigned = state.CountAssignment(m, day);
                    trace?.Add(TraceStage.Distribution, _members[m].Model.Id, TraceResult.Chosen, $"round robin in '{queue.Model.Name}', {assigned}{CapText(m, at, day, state)} on {day:yyyy-MM-dd}");
                    return m;
                }

                trace?.Add(TraceStage.Distribution, _members[m].Model.Id, TraceResult.Failed, Explain(m, eligibility, at, day, state));
            }
        }
        else
        {
            Span<bool> eligible = count <= 128 ? stackalloc bool[count] : new bool[count];
            Span<int> days = count <= 128 ? stackalloc int[count] : new int[count];
            var total = 0;
            for (var slot = 0; slot < count; slot++)
            {
                var m = queue.Members[slot];
                var eligibility = Check(m, exclude, at, state, ignoreHours, out var day);
                eligible[slot] = eligibility == Eligibility.Eligible;
                days[slot] = day.DayNumber;
                if (eligible[slot])
                {
                    total += queue.Weights[slot];
                }
                else
                {
                    trace?.Add(TraceStage.Distribution, _members[m].Model.Id, TraceResult.Failed, Explain(m, eligibility, at, day, state));
                }
            }

            if (total > 0)
            {
                // Smooth weighted round robin: deterministic, and spreads a heavy member's turns out.
                var credits = state.WeightedCredit[q];
                var pick = -1;
                for (var slot = 0; slot < count; slot++)
                {
                    if (!eligible[slot])
                    {
                        continue;
                    }

                    credits[slot] += queue.Weights[slot];
                    if (pick < 0 || credits[slot] > credits[pick])
                    {
                        pick = slot;
                    }
                }

                credits[pick] -= total;
                var m = queue.Members[pick];
                var day = DateOnly.FromDayNumber(days[pick]);
                var assigned = state.CountAssignment(m, day);
                trace?.Add(TraceStage.Distribution, _members[m].Model.Id, TraceResult.Chosen, $"weighted ({queue.Weights[pick]} of {total}) in '{queue.Model.Name}', {assigned}{CapText(m, at, day, state)} on {day:yyyy-MM-dd}");
                return m;
            }
        }

        return -1;
    }

    private string CapText(int m, DateTimeOffset at, DateOnly day, DistributionState state) => CapOn(m, at, day, state) is { } cap ? $"/{cap}" : "";

    // The cap of the member's day: one set by operations for that day, else the playbook's daily cap.
    private int? CapOn(int m, DateTimeOffset at, DateOnly day, DistributionState state) => InEffect(m, at, state)?.CapOn(day) ?? _members[m].Model.DailyCap;

    // The availability operations set for the member, in effect at the decision's time; null when none.
    private Availability? InEffect(int m, DateTimeOffset at, DistributionState state) =>
        state.Availability is { IsEmpty: false } log ? log.InEffect(_members[m].Model.Id, at) : null;

    private Eligibility Check(int m, int exclude, DateTimeOffset at, DistributionState state, bool ignoreHours, out DateOnly day)
    {
        var eligibility = Check(m, at, state, ignoreHours, out day);
        return m == exclude ? Eligibility.Excluded : eligibility;
    }

    private Eligibility Check(int m, DateTimeOffset at, DistributionState state, bool ignoreHours, out DateOnly day)
    {
        var member = _members[m];
        var local = member.Zone.ToLocal(at);
        day = DateOnly.FromDateTime(local);
        if (!member.Model.Active)
        {
            return Eligibility.Inactive;
        }

        if (member.Model.IsOutOfOffice(day))
        {
            return Eligibility.OutOfOffice;
        }

        var set = InEffect(m, at, state);
        if (set is not null)
        {
            if (set.Paused)
            {
                return Eligibility.Paused;
            }

            if (set.IsAway(at))
            {
                return Eligibility.Away;
            }
        }

        if (!ignoreHours && !member.Model.Hours.Contains(local))
        {
            return Eligibility.OutsideHours;
        }

        if ((set?.CapOn(day) ?? member.Model.DailyCap) is { } cap && state.CountFor(m, day) >= cap)
        {
            return Eligibility.AtCap;
        }

        return Eligibility.Eligible;
    }

    // What a trace and a refused reassignment say: the playbook's reasons in its words; an availability
    // operations set, with until when and who set it (a member or a key's name, never the key).
    private string Explain(int m, Eligibility eligibility, DateTimeOffset at, DateOnly day, DistributionState state)
    {
        var set = eligibility is Eligibility.Paused or Eligibility.Away or Eligibility.AtCap ? InEffect(m, at, state) : null;
        return eligibility switch
        {
            Eligibility.Paused when set is not null => $"paused since {Availability.Shown(set.SetAt)}, set by {set.SetBy}",
            Eligibility.Away when set?.AwayTo is { } until => $"away until {Availability.Shown(until)}, set by {set.SetBy}",
            Eligibility.AtCap when set?.CapOn(day) is { } cap => $"at daily cap ({cap} on {day:yyyy-MM-dd}, set by {set.SetBy})",
            _ => Describe(eligibility),
        };
    }

    private static string Describe(Eligibility eligibility) => eligibility switch
    {
        Eligibility.Inactive => "inactive",
        Eligibility.OutOfOffice => "out of office",
        Eligibility.Paused => "paused",
        Eligibility.Away => "away",
        Eligibility.OutsideHours => "outside working hours",
        Eligibility.AtCap => "at daily cap",
        Eligibility.Excluded => "the current owner",
        _ => "eligible",
    };

    // For the trace only: which of the account's domains the lead's matched, and how — the steps
    // ResolveAccount takes (the domain itself, then each parent domain), named.
    private static string HowDomainMatched(string leadDomain, Account account)
    {
        var domain = leadDomain.ToLowerInvariant();
        while (true)
        {
            foreach (var own in account.Domains)
            {
                if (string.Equals(own, domain, StringComparison.OrdinalIgnoreCase))
                {
                    var subdomain = domain.Length != leadDomain.Length ? $"subdomain of {domain}" : null;
                    var alias = !string.Equals(own, account.Domains[0], StringComparison.OrdinalIgnoreCase) ? $"an alias of {account.Domains[0]}" : null;
                    return subdomain is null && alias is null ? "" : $" ({string.Join(", ", new[] { subdomain, alias }.Where(p => p is not null))})";
                }
            }

            var dot = domain.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                return "";
            }

            domain = domain[(dot + 1)..];
        }
    }

    // The account's owner: one refreshed from the CRM (for the account, or for the parent it takes
    // its owner from) ahead of the book's; without refreshes, the book's, worked out at compile time.
    private int OwnerOf(int account, DateTimeOffset at, DistributionState? state, out RefreshedOwner? refreshed, out int owning)
    {
        refreshed = null;
        owning = _owningAccounts[account];
        if (state?.AccountOwners is not { IsEmpty: false } log)
        {
            return _accountOwners[account];
        }

        for (var a = account; a >= 0; a = _accountParents[a])
        {
            if (log.InEffect(Playbook.Accounts[a].Name, at) is { } set && _memberIndex.TryGetValue(set.MemberId, out var member))
            {
                (refreshed, owning) = (set, a);
                return member;
            }

            if (Playbook.Accounts[a].Owner is not null)
            {
                break;
            }
        }

        return _accountOwners[account];
    }

    /// <summary>
    /// The member who owns an account now: an owner refreshed from the CRM in <paramref name="state"/>,
    /// else the book's (or its parent's, for a subsidiary without one); null for an account the playbook does not have.
    /// </summary>
    public string? AccountOwner(string account, DateTimeOffset at, DistributionState state) =>
        _accountIndex.TryGetValue(account, out var a) ? _members[OwnerOf(a, at, state, out _, out _)].Model.Id : null;

    // A subsidiary without an owner of its own goes to its parent's, up the hierarchy; the validator
    // has made sure every chain ends at an owner, with no loop.
    private static int OwningAccount(PlaybookModel playbook, int account, Dictionary<string, int> accounts)
    {
        var current = account;
        while (playbook.Accounts[current].Owner is null)
        {
            current = accounts[playbook.Accounts[current].Parent!];
        }

        return current;
    }

    private static Dictionary<string, int> IndexOf<T>(EquatableArray<T> items, Func<T, string> name)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            index.TryAdd(name(items[i]), i);
        }

        return index;
    }

    // When several SLAs of one kind start for a lead, the earliest deadline is the one it is held to.
    private struct SlaClocks
    {
        public Sla? FirstTouchSla { get; private set; }

        public DateTimeOffset? FirstTouchDue { get; private set; }

        public Sla? AcceptanceSla { get; private set; }

        public DateTimeOffset? AcceptanceDue { get; private set; }

        public void Start(Sla sla, BusinessClock clock, DateTimeOffset at, DecisionTrace? trace)
        {
            var due = clock.Add(at, sla.Within);
            trace?.Add(TraceStage.Sla, sla.Name, TraceResult.Note, $"{sla.Kind} due {due:yyyy-MM-dd HH:mm} UTC ({sla.Within:h\\:mm} business time, {clock.Hours.TimeZone})");
            if (sla.Kind == SlaKind.FirstTouch && (FirstTouchDue is null || due < FirstTouchDue))
            {
                (FirstTouchSla, FirstTouchDue) = (sla, due);
            }
            else if (sla.Kind == SlaKind.Acceptance && (AcceptanceDue is null || due < AcceptanceDue))
            {
                (AcceptanceSla, AcceptanceDue) = (sla, due);
            }
        }
    }

    private enum Eligibility
    {
        Eligible,
        Inactive,
        OutOfOffice,
        Paused,
        Away,
        OutsideHours,
        AtCap,
        Excluded,
    }

    private sealed class CompiledDefinition
    {
        public CompiledDefinition(Definition model, Dictionary<string, int> index, EquatableArray<Definition> all)
        {
            Model = model;
            Extends = model.Extends is null ? -1 : index[model.Extends];
            MeetsAny = [.. model.MeetsAny.Select(n => index[n])];

            // Inherited disqualifiers and context come first: the broad policy before the specific.
            var disqualifiers = new List<Disqualifier>();
            var context = new List<LeadField>();
            for (var d = model; d is not null; d = d.Extends is null ? null : all[index[d.Extends]])
            {
                disqualifiers.InsertRange(0, d.Disqualifiers);
                context.InsertRange(0, d.RequiredContext);
            }

            Disqualifiers = [.. disqualifiers.DistinctBy(d => d.Code)];
            Context = [.. context.Distinct()];
            Criteria = [.. model.Criteria];

            // What the trace says of the definition depends on the definition alone: said once here,
            // not formatted again for every lead.
            _extendsFails = $"extends '{model.Extends}', which does not hold";
            _meetsNone = $"meets none of {string.Join(", ", model.MeetsAny)}";
            _criterionFails = [.. Criteria.Select(c => $"does not hold: {c.Text}")];
            _holds = model.Criteria.IsEmpty ? "holds" : string.Join(" and ", model.Criteria.Select(c => c.Text));
        }

        private readonly string _extendsFails;
        private readonly string _meetsNone;
        private readonly string[] _criterionFails;
        private readonly string _holds;

        public Definition Model { get; }

        public int Extends { get; }

        public int[] MeetsAny { get; }

        public Disqualifier[] Disqualifiers { get; }

        public LeadField[] Context { get; }

        public LeadPredicate[] Criteria { get; }

        public bool Holds(Lead lead, ReadOnlySpan<bool> held, DecisionTrace? trace)
        {
            if (Extends >= 0 && !held[Extends])
            {
                trace?.Add(TraceStage.Definition, Model.Name, TraceResult.Failed, _extendsFails);
                return false;
            }

            if (MeetsAny.Length > 0)
            {
                var any = false;
                foreach (var d in MeetsAny)
                {
                    any |= held[d];
                }

                if (!any)
                {
                    trace?.Add(TraceStage.Definition, Model.Name, TraceResult.Failed, _meetsNone);
                    return false;
                }
            }

            for (var i = 0; i < Criteria.Length; i++)
            {
                if (!Criteria[i].Evaluate(lead))
                {
                    trace?.Add(TraceStage.Definition, Model.Name, TraceResult.Failed, _criterionFails[i]);
                    return false;
                }
            }

            trace?.Add(TraceStage.Definition, Model.Name, TraceResult.Passed, _holds);
            return true;
        }

        public bool HasContext(Lead lead)
        {
            foreach (var field in Context)
            {
                if (!lead.Has(field))
                {
                    return false;
                }
            }

            return true;
        }

        public IEnumerable<LeadField> MissingFields(Lead lead) => Context.Where(f => !lead.Has(f));
    }

    private sealed class CompiledMember(Member model)
    {
        public Member Model { get; } = model;

        public ZoneClock Zone { get; } = new(TimeZoneInfo.FindSystemTimeZoneById(model.TimeZone));
    }

    private sealed class CompiledQueue(Queue model, Dictionary<string, int> memberIndex, BusinessClock clock)
    {
        public Queue Model { get; } = model;

        public int[] Members { get; } = [.. model.Members.Select(m => memberIndex[m.MemberId])];

        public int[] Weights { get; } = [.. model.Members.Select(m => m.Weight)];

        public BusinessClock Clock { get; } = clock;
    }

    private sealed class CompiledTrigger(Trigger model, Dictionary<string, int> slaIndex)
    {
        public Trigger Model { get; } = model;

        public int[] Slas { get; } = [.. model.Actions.Where(a => a.Kind == TriggerActionKind.StartSla).Select(a => slaIndex[a.Target])];

        public bool Matches(LeadEvent leadEvent) =>
            leadEvent.Type == Model.On
            && (Model.DetailPrefix is null || (leadEvent.Detail is not null && leadEvent.Detail.StartsWith(Model.DetailPrefix, StringComparison.OrdinalIgnoreCase)));
    }

    private sealed class CompiledRoute
    {
        public CompiledRoute(Route model, Dictionary<string, int> definitions, Dictionary<string, int> territories, Dictionary<string, int> segments, Dictionary<string, int> queues)
        {
            Model = model;
            Definitions = Mask(model.Definitions, definitions);
            Territories = Mask(model.Territories, territories);
            Segments = Mask(model.Segments, segments);
            foreach (var source in model.Sources)
            {
                SourceMask |= 1 << (int)source;
            }

            Queue = model.Queue is null ? -1 : queues[model.Queue];
            BackupQueue = model.BackupQueue is null ? -1 : queues[model.BackupQueue];

            // The parts of the trace's reasons that depend on the route alone, said once.
            _definitions = string.Join(", ", model.Definitions);
            _territories = string.Join(", ", model.Territories);
            _segments = string.Join(", ", model.Segments);
            _sources = string.Join(", ", model.Sources);
            _conditionFails = model.Condition is { } condition ? $"does not hold: {condition.Text}" : "";
        }

        private readonly string _definitions;
        private readonly string _territories;
        private readonly string _segments;
        private readonly string _sources;
        private readonly string _conditionFails;

        public Route Model { get; }

        public bool[]? Definitions { get; }

        public bool[]? Territories { get; }

        public bool[]? Segments { get; }

        public int SourceMask { get; }

        public int Queue { get; }

        public int BackupQueue { get; }

        public bool ToOwner => Model.ToAccountOwner;

        public bool Matches(Lead lead, int definition, int territory, int segment, int account, DecisionTrace? trace, Router router)
        {
            string? failed = null;
            if (Definitions is not null && !Definitions[definition])
            {
                failed = trace is null ? "" : $"definition '{router.DefinitionName(definition)}' not in [{_definitions}]";
            }
            else if (Territories is not null && (territory < 0 || !Territories[territory]))
            {
                failed = trace is null ? "" : $"territory {router.TerritoryName(territory)} not in [{_territories}]";
            }
            else if (Segments is not null && (segment < 0 || !Segments[segment]))
            {
                failed = trace is null ? "" : $"segment {router.SegmentName(segment)} not in [{_segments}]";
            }
            else if (SourceMask != 0 && (SourceMask & (1 << (int)lead.Source)) == 0)
            {
                failed = trace is null ? "" : $"source {lead.Source} not in [{_sources}]";
            }
            else if (Model.RequiresAccountMatch && account < 0)
            {
                failed = trace is null ? "" : "no named account matched";
            }
            else if (Model.Condition is { } condition && !condition.Evaluate(lead))
            {
                failed = _conditionFails;
            }

            if (failed is not null)
            {
                trace?.Add(TraceStage.Route, Model.Name, TraceResult.Failed, failed);
                return false;
            }

            return true;
        }

        private static bool[]? Mask(EquatableArray<string> names, Dictionary<string, int> index)
        {
            if (names.IsEmpty)
            {
                return null;
            }

            var mask = new bool[index.Count];
            foreach (var name in names)
            {
                mask[index[name]] = true;
            }

            return mask;
        }
    }
}
