namespace HandoffRules.Model;

/// <summary>How a queue picks a member for a lead.</summary>
public enum Distribution
{
    /// <summary>Each eligible member in turn.</summary>
    RoundRobin,

    /// <summary>In proportion to each member's weight (smooth weighted round robin).</summary>
    Weighted,
}

/// <summary>A member's place in a queue, with a weight for weighted distribution.</summary>
public sealed record QueueMember(string MemberId, int Weight);

/// <summary>
/// A queue of members that leads are routed to, and how leads are distributed among them. A queue
/// may keep its own business hours (an EMEA queue runs on London time) for its SLA clocks.
/// </summary>
public sealed record Queue(string Name, Distribution Distribution, EquatableArray<QueueMember> Members, BusinessHours? Hours);
