namespace HandoffRules.Reporting;

/// <summary>What the findings need beyond the report's own figures, gathered from the leads' summaries.</summary>
internal sealed class FindingEvidence
{
    /// <summary>Per route (by name, in order): its leads, their rejections, and the misroute reasons with counts, most frequent first.</summary>
    public required IReadOnlyList<RouteRejections> Routes { get; init; }

    /// <summary>Per queue (by name, in order): the leads whose first SLA breach fell in it.</summary>
    public required IReadOnlyList<QueueBreaches> Breaches { get; init; }

    /// <summary>Per queue (by name, in order): the leads nobody owned at the window's end.</summary>
    public required IReadOnlyList<UnownedLeads> Unowned { get; init; }

    /// <summary>The window's end: how long an unowned lead has waited is counted to it.</summary>
    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>Leads routed or disqualified in the window.</summary>
    public required int Intake { get; init; }

    /// <summary>Whether a route decided a lead of the window's intake.</summary>
    public required Func<string, bool> RouteHit { get; init; }

    /// <summary>Whether a disqualifier's reason took out a lead of the window's intake.</summary>
    public required Func<string, bool> ReasonHit { get; init; }

    /// <summary>Handed-off leads with a member, per queue and member (as routed).</summary>
    public required Func<string, string, int> RoutedTo { get; init; }

    /// <summary>Handed-off leads with a member, per queue (as routed).</summary>
    public required Func<string, int> RoutedToQueue { get; init; }
}

/// <summary>A route's leads, their rejections, and the misroute rejections' reasons (null: none given) with counts.</summary>
internal sealed record RouteRejections(string Route, int Leads, int Rejections, int Misroutes, IReadOnlyList<(string? Reason, int Count)> Reasons);

/// <summary>
/// A queue's breached leads: how many, and of them those that breached while held with nobody free —
/// how long each waited and how many were held from the hand-off.
/// </summary>
internal sealed record QueueBreaches(string Queue, int Breached, IReadOnlyList<TimeSpan> HeldWaits, int HeldAtHandOff);

/// <summary>A queue's leads without an owner at the window's end: how many, how many of them held, and the oldest.</summary>
internal sealed record UnownedLeads(string Queue, int Count, int Held, string OldestLead, DateTimeOffset OldestSince);
