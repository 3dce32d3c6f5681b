namespace HandoffRules.Model;

/// <summary>
/// How the playbook's words map to HubSpot, the system of record: which property carries the
/// lifecycle stage, the lead status and the reject or recycle reason, the HubSpot value of each
/// stage and status, and the HubSpot owner of each member. A playbook that declares it is synced:
/// the host writes every decision back and takes SDR work made in HubSpot as SDR actions.
/// </summary>
/// <param name="StageProperty">The contact property of the lifecycle stage (default <c>lifecyclestage</c>).</param>
/// <param name="StatusProperty">The contact property of the lead status (default <c>hs_lead_status</c>).</param>
/// <param name="ReasonProperty">The contact property reject and recycle reasons are written to; null to write none.</param>
/// <param name="Stages">Each lifecycle stage's HubSpot value.</param>
/// <param name="Statuses">Each lead status's HubSpot value.</param>
/// <param name="Reasons">Reason codes whose HubSpot value differs from the code; the others are written as their code.</param>
/// <param name="Owners">Members mapped to a HubSpot owner id or e-mail; the others are found by their playbook e-mail.</param>
/// <param name="ClearStageToMoveBack">
/// HubSpot does not move a lifecycle stage backwards: when a decision moves a lead to an earlier
/// stage, the writer clears the property first and then sets it.
/// </param>
public sealed record HubSpotMapping(
    string StageProperty,
    string StatusProperty,
    string? ReasonProperty,
    EquatableArray<HubSpotValue> Stages,
    EquatableArray<HubSpotValue> Statuses,
    EquatableArray<HubSpotValue> Reasons,
    EquatableArray<HubSpotOwner> Owners,
    bool ClearStageToMoveBack)
{
    /// <summary>
    /// How often the host reads account owners from HubSpot's companies while it runs; null when the
    /// account book alone gives owners (see <see cref="HubSpotBuilder.RefreshAccountOwners"/>).
    /// </summary>
    public TimeSpan? AccountOwnerRefresh { get; init; }

    /// <summary>The standard contact property of the lifecycle stage.</summary>
    public const string LifecycleStageProperty = "lifecyclestage";

    /// <summary>The standard contact property of the lead status.</summary>
    public const string LeadStatusProperty = "hs_lead_status";

    /// <summary>The HubSpot value of a lifecycle stage, or null when it is not mapped.</summary>
    public string? StageValue(string stage) => Find(Stages, stage, byName: true);

    /// <summary>The HubSpot value of a lead status, or null when it is not mapped.</summary>
    public string? StatusValue(string status) => Find(Statuses, status, byName: true);

    /// <summary>The lead status a HubSpot value stands for, or null when no status maps to it.</summary>
    public string? StatusOf(string value) => Find(Statuses, value, byName: false);

    /// <summary>The HubSpot value of a reject or recycle reason: its mapped value, or its code.</summary>
    public string ReasonValue(string code) => Find(Reasons, code, byName: true) ?? code;

    /// <summary>The reason code a HubSpot value stands for: the mapped code, or the value itself.</summary>
    public string ReasonOf(string value) => Find(Reasons, value, byName: false) ?? value;

    /// <summary>The HubSpot owner mapping of a member, or null when the member is found by e-mail.</summary>
    public HubSpotOwner? OwnerOf(string memberId)
    {
        foreach (var owner in Owners.AsSpan())
        {
            if (owner.MemberId == memberId)
            {
                return owner;
            }
        }

        return null;
    }

    /// <summary>
    /// The rank of a value in HubSpot's default lifecycle order (subscriber first, other last), or
    /// null for a custom stage, whose order only the HubSpot account knows.
    /// </summary>
    public static int? LifecycleRank(string value)
    {
        var rank = Array.IndexOf(DefaultLifecycleOrder, value);
        return rank < 0 ? null : rank;
    }

    /// <summary>HubSpot's default lifecycle stages, in the order HubSpot moves contacts forward.</summary>
    public static IReadOnlyList<string> DefaultLifecycleStages => DefaultLifecycleOrder;

    private static readonly string[] DefaultLifecycleOrder =
    [
        "subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other",
    ];

    private static string? Find(EquatableArray<HubSpotValue> values, string key, bool byName)
    {
        foreach (var value in values.AsSpan())
        {
            if (byName ? value.Name == key : string.Equals(value.Value, key, StringComparison.OrdinalIgnoreCase))
            {
                return byName ? value.Value : value.Name;
            }
        }

        return null;
    }
}

/// <summary>A playbook name (stage, status or reason code) and the HubSpot property value it is written as.</summary>
public sealed record HubSpotValue(string Name, string Value);

/// <summary>
/// A member's HubSpot owner: by owner id, or by the e-mail HubSpot's owners API knows them by
/// (resolved when the host starts).
/// </summary>
public sealed record HubSpotOwner(string MemberId, string? OwnerId, string? Email);
