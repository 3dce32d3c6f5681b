namespace HandoffRules.Model;

/// <summary>
/// The canonical, immutable model of a playbook: plain records built by the DSL, read by the
/// validator, compiled by the router, and printed, compared and diffed by the tools.
/// </summary>
/// <remarks>
/// <c>MaxHold</c> is how long a lead may wait in a queue with nobody to take it (every member at
/// cap, away or inactive) before it is escalated, in business time of the queue.
/// </remarks>
public sealed record PlaybookModel(
    string Name,
    EquatableArray<Definition> Definitions,
    Lifecycle Lifecycle,
    EquatableArray<Territory> Territories,
    EquatableArray<Segment> Segments,
    EquatableArray<Member> Members,
    EquatableArray<Queue> Queues,
    EquatableArray<Account> Accounts,
    EquatableArray<Route> Routes,
    Fallback? Fallback,
    EquatableArray<Escalation> Escalations,
    EquatableArray<Trigger> Triggers,
    EquatableArray<Sla> Slas,
    EquatableArray<RejectReason> RejectReasons,
    EquatableArray<RecycleReason> RecycleReasons,
    EquatableArray<NurtureTrack> NurtureTracks,
    BusinessHours BusinessHours,
    DuplicateRule DuplicateRule,
    TimeSpan MaxHold)
{
    /// <summary>The maximum hold of a playbook that declares none: half a business day, a first-touch SLA's usual span.</summary>
    public static TimeSpan DefaultMaxHold { get; } = TimeSpan.FromHours(4);

    /// <summary>How the playbook maps to HubSpot; null when it does not sync with HubSpot.</summary>
    public HubSpotMapping? HubSpot { get; init; }

    /// <summary>
    /// The confidence (0–1) a company-name match of a lead without a company domain (free mail or
    /// none) must reach to count; null when accounts are matched by domain only.
    /// </summary>
    public double? AccountNameConfidence { get; init; }

    /// <summary>The data files (account books, postal lists) the playbook read, in the order it read them.</summary>
    public EquatableArray<PlaybookFile> Files { get; init; }

    /// <summary>The queue of that name, or null.</summary>
    public Queue? FindQueue(string name) => Find(Queues, static q => q.Name, name);

    /// <summary>The member with that id, or null.</summary>
    public Member? FindMember(string id) => Find(Members, static m => m.Id, id);

    /// <summary>The reject reason with that code, or null.</summary>
    public RejectReason? FindRejectReason(string code) => Find(RejectReasons, static r => r.Code, code);

    /// <summary>The recycle reason with that code, or null.</summary>
    public RecycleReason? FindRecycleReason(string code) => Find(RecycleReasons, static r => r.Code, code);

    /// <summary>The SLA of that name, or null.</summary>
    public Sla? FindSla(string name) => Find(Slas, static s => s.Name, name);

    /// <summary>The business hours a queue's SLA clocks run on.</summary>
    public BusinessHours HoursFor(Queue? queue) => queue?.Hours ?? BusinessHours;

    // By a key read with a static lambda: a lambda comparing with the wanted key captured it, and was
    // allocated on every look-up (the host looks up queues, members and SLAs for every lead).
    private static T? Find<T>(EquatableArray<T> items, Func<T, string> key, string wanted)
        where T : class
    {
        foreach (var item in items.AsSpan())
        {
            if (key(item) == wanted)
            {
                return item;
            }
        }

        return null;
    }
}
