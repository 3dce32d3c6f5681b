using System.Collections.Generic;

namespace HandoffRules.Checks;

// The playbook as the checks see it: names, claims, bands and references, each with the site it
// was declared at. The runtime fills it from the built model (sites are readable paths); the
// analyzers fill it from source (sites are syntax locations). A null name or value means "not
// known at compile time": the checks skip what they cannot know instead of guessing.

/// <summary>A name (or other value) written at one site.</summary>
internal sealed class OutlineRef
{
    public OutlineRef(string? value, object? site)
    {
        Value = value is null ? null : Names.Key(value);
        Written = value;
        Site = site;
    }

    /// <summary>The value as the checks compare it (see <see cref="Names.Key"/>), or null when it is not a compile-time constant.</summary>
    public string? Value { get; }

    /// <summary>The value exactly as written, surrounding whitespace and all.</summary>
    public string? Written { get; }

    /// <summary>The value as messages quote it, its surrounding whitespace made visible.</summary>
    public string Shown => Names.Visible(Written);

    public object? Site { get; }
}

/// <summary>Something the playbook declares under a name.</summary>
internal class OutlineItem
{
    public OutlineItem(string? name, object? site)
    {
        Name = name is null ? null : Names.Key(name);
        Written = name;
        Site = site;
    }

    /// <summary>The name as the checks compare it (see <see cref="Names.Key"/>).</summary>
    public string? Name { get; }

    /// <summary>The name exactly as written, surrounding whitespace and all.</summary>
    public string? Written { get; }

    /// <summary>The name as messages quote it, its surrounding whitespace made visible.</summary>
    public string Shown => Names.Visible(Written);

    public object? Site { get; }
}

internal sealed class OutlineDefinition : OutlineItem
{
    public OutlineDefinition(string? name, object? site) : base(name, site) { }

    public OutlineRef? Extends { get; set; }

    public List<OutlineRef> MeetsAny { get; } = new();

    public bool HandsOff { get; set; }

    public OutlineRef? Stage { get; set; }

    /// <summary>Definitions are ordered within a group, like routes (see <see cref="OutlineRoute.Group"/>).</summary>
    public int Group { get; set; }

    public int Order { get; set; }
}

/// <summary>One claim of a territory: a whole country, a state/region in it, or a postal prefix in it.</summary>
internal sealed class OutlineClaim
{
    public OutlineClaim(string? country, string? region, string? postalPrefix, object? site)
    {
        Country = country;
        Region = region;
        PostalPrefix = postalPrefix;
        Site = site;
    }

    public string? Country { get; }

    public string? Region { get; }

    public string? PostalPrefix { get; }

    public object? Site { get; }

    /// <summary>True when every part of the claim is known.</summary>
    public bool IsKnown { get; set; } = true;
}

internal sealed class OutlineTerritory : OutlineItem
{
    public OutlineTerritory(string? name, object? site) : base(name, site) { }

    public List<OutlineClaim> Claims { get; } = new();
}

/// <summary>An inclusive band of a measure; Max null means open-ended.</summary>
internal sealed class OutlineBand
{
    public OutlineBand(long min, long? max, object? site)
    {
        Min = min;
        Max = max;
        Site = site;
    }

    public long Min { get; }

    public long? Max { get; }

    public object? Site { get; }
}

internal sealed class OutlineSegment : OutlineItem
{
    public OutlineSegment(string? name, object? site) : base(name, site) { }

    public OutlineBand? Employees { get; set; }

    public OutlineBand? Revenue { get; set; }

    /// <summary>False when a band bound is not a compile-time constant.</summary>
    public bool BandsKnown { get; set; } = true;
}

internal sealed class OutlineMember : OutlineItem
{
    public OutlineMember(string? name, object? site) : base(name, site) { }

    /// <summary>Null when it is not known at compile time.</summary>
    public bool? Active { get; set; } = true;

    /// <summary>True when the member has a daily cap; null when it is not known at compile time.</summary>
    public bool? Capped { get; set; } = false;
}

internal sealed class OutlineQueue : OutlineItem
{
    public OutlineQueue(string? name, object? site) : base(name, site) { }

    public List<OutlineRef> Members { get; } = new();

    /// <summary>False when members are added in a way the analysis cannot follow (a loop, a variable).</summary>
    public bool MembersKnown { get; set; } = true;
}

internal sealed class OutlineAccount : OutlineItem
{
    public OutlineAccount(string? name, object? site) : base(name, site) { }

    public List<OutlineRef> Domains { get; } = new();

    /// <summary>Null when the account has no owner of its own (it takes its parent's) or the owner is not known.</summary>
    public OutlineRef? Owner { get; set; }

    /// <summary>The account it is a subsidiary of; null when it has none.</summary>
    public OutlineRef? Parent { get; set; }

    /// <summary>The segment its leads are routed as, whatever their size; null for none.</summary>
    public OutlineRef? Segment { get; set; }

    /// <summary>The territory its leads are routed as, wherever they are; null for none.</summary>
    public OutlineRef? Territory { get; set; }
}

/// <summary>
/// One condition of a route: the names it accepts, or null for "any". Opaque when a value is
/// not known at compile time, in which case the route neither shadows nor is shadowed.
/// </summary>
internal sealed class OutlineCondition
{
    public List<OutlineRef> Values { get; } = new();

    public bool Opaque { get; set; }
}

internal sealed class OutlineRoute : OutlineItem
{
    public OutlineRoute(string? name, object? site) : base(name, site) { }

    /// <summary>
    /// Routes are ordered within a group. The runtime has one. In source, everything Define reaches
    /// — through the playbook's own helper methods, in call order — is one group, and each method
    /// body Define does not reach is a group of its own.
    /// </summary>
    public int Group { get; set; }

    public int Order { get; set; }

    public OutlineCondition? Definitions { get; set; }

    public OutlineCondition? Territories { get; set; }

    public OutlineCondition? Segments { get; set; }

    public OutlineCondition? Sources { get; set; }

    public bool RequiresAccountMatch { get; set; }

    /// <summary>A custom predicate the checks cannot see into.</summary>
    public bool HasPredicate { get; set; }

    public OutlineRef? Queue { get; set; }

    public bool ToAccountOwner { get; set; }

    public OutlineRef? BackupQueue { get; set; }

    /// <summary>True when something about the route could not be read at compile time.</summary>
    public bool Opaque { get; set; }
}

internal sealed class OutlineEscalation : OutlineItem
{
    public OutlineEscalation(string? name, object? site) : base(name, site) { }

    public List<OutlineRef> FromQueues { get; } = new();

    public OutlineRef? ToQueue { get; set; }
}

internal sealed class OutlineSla : OutlineItem
{
    public OutlineSla(string? name, object? site) : base(name, site) { }

    /// <summary>Number of breach actions; null when unknown.</summary>
    public int? BreachActions { get; set; }

    public List<OutlineRef> EscalationRefs { get; } = new();

    /// <summary>True when a breach reassigns the lead to the next member.</summary>
    public bool Reassigns { get; set; }

    /// <summary>Where a breach escalates along the lead's queue (<c>Escalate()</c> without a name).</summary>
    public List<object?> QueueEscalations { get; } = new();
}

internal sealed class OutlineTrigger : OutlineItem
{
    public OutlineTrigger(string? name, object? site) : base(name, site) { }

    public List<OutlineRef> StartsSlas { get; } = new();
}

internal enum ReasonKind
{
    Reject,
    Recycle,
}

internal sealed class OutlineReason : OutlineItem
{
    public OutlineReason(ReasonKind kind, string? code, object? site) : base(code, site) => Kind = kind;

    public ReasonKind Kind { get; }

    public OutlineRef? NurtureTrack { get; set; }

    public bool Misroute { get; set; }

    /// <summary>False when the reason's destination is set in a way the analysis cannot read.</summary>
    public bool DestinationKnown { get; set; } = true;
}

internal sealed class OutlineActionStatus
{
    public OutlineActionStatus(string action, OutlineRef status, OutlineRef? stage)
    {
        Action = action;
        Status = status;
        Stage = stage;
    }

    public string Action { get; }

    public OutlineRef Status { get; }

    public OutlineRef? Stage { get; }
}

internal sealed class OutlineTransition
{
    public OutlineTransition(OutlineRef from, OutlineRef to)
    {
        From = from;
        To = to;
    }

    public OutlineRef From { get; }

    public OutlineRef To { get; }
}

internal sealed class OutlineLifecycle
{
    public List<OutlineItem> Stages { get; } = new();

    public List<OutlineItem> Statuses { get; } = new();

    public List<OutlineTransition> Transitions { get; } = new();

    public List<OutlineActionStatus> ActionStatuses { get; } = new();

    public OutlineRef? InitialStatus { get; set; }

    /// <summary>False when the playbook declares no lifecycle and gets the standard one.</summary>
    public bool Declared { get; set; } = true;

    /// <summary>The stage names references are checked against.</summary>
    public IEnumerable<string?> StageNames => Declared ? Stages.ConvertAll(s => s.Name) : StandardLifecycle.Stages;

    /// <summary>The status names references are checked against.</summary>
    public IEnumerable<string?> StatusNames => Declared ? Statuses.ConvertAll(s => s.Name) : StandardLifecycle.Statuses;
}

/// <summary>The whole playbook as the shared checks read it.</summary>
internal sealed class PlaybookOutline
{
    public PlaybookOutline(string name, object? site)
    {
        Name = name;
        Site = site;
    }

    public string Name { get; }

    /// <summary>Where whole-playbook findings (a missing fallback) are reported.</summary>
    public object? Site { get; }

    public List<OutlineDefinition> Definitions { get; } = new();

    public OutlineLifecycle Lifecycle { get; } = new();

    public List<OutlineTerritory> Territories { get; } = new();

    public List<OutlineSegment> Segments { get; } = new();

    public List<OutlineMember> Members { get; } = new();

    public List<OutlineQueue> Queues { get; } = new();

    public List<OutlineAccount> Accounts { get; } = new();

    public List<OutlineRoute> Routes { get; } = new();

    /// <summary>The fallback's declaration; null when the playbook has none.</summary>
    public OutlineItem? Fallback { get; set; }

    public OutlineRef? FallbackQueue { get; set; }

    public List<OutlineEscalation> Escalations { get; } = new();

    public List<OutlineTrigger> Triggers { get; } = new();

    public List<OutlineSla> Slas { get; } = new();

    public List<OutlineReason> Reasons { get; } = new();

    public List<OutlineItem> NurtureTracks { get; } = new();

    /// <summary>The HubSpot mapping; null when the playbook does not sync with HubSpot.</summary>
    public OutlineHubSpot? HubSpot { get; set; }

    /// <summary>Values the analyzers found invalid or could not read (HR1005, HR1002).</summary>
    public List<CheckFinding> ReadFindings { get; } = new();

    /// <summary>
    /// False when the analysis could not see the whole playbook (a builder passed to code it
    /// cannot follow): whole-playbook checks such as the missing fallback are then skipped.
    /// </summary>
    public bool Complete { get; set; } = true;
}

/// <summary>One problem found by a check, at a site, with any related sites.</summary>
internal sealed class CheckFinding
{
    public CheckFinding(CheckRule rule, object? site, object?[] additionalSites, params string[] arguments)
    {
        Rule = rule;
        Site = site;
        AdditionalSites = additionalSites;
        Arguments = arguments;
    }

    public CheckRule Rule { get; }

    public object? Site { get; }

    public object?[] AdditionalSites { get; }

    public string[] Arguments { get; }

    public string Message => string.Format(System.Globalization.CultureInfo.InvariantCulture, Rule.MessageFormat, Arguments);
}
