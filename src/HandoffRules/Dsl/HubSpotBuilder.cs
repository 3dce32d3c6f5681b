using HandoffRules.Model;

namespace HandoffRules;

/// <summary>
/// Maps the playbook to HubSpot properties and owners. Every lifecycle stage and lead status needs
/// a HubSpot value (HR4004), each once (HR4005).
/// </summary>
public sealed class HubSpotBuilder
{
    private readonly List<HubSpotValue> _stages = [];
    private readonly List<HubSpotValue> _statuses = [];
    private readonly List<HubSpotValue> _reasons = [];
    private readonly List<HubSpotOwner> _owners = [];
    private string _stageProperty = HubSpotMapping.LifecycleStageProperty;
    private string _statusProperty = HubSpotMapping.LeadStatusProperty;
    private string? _reasonProperty;
    private bool _clearStageToMoveBack;
    private TimeSpan? _accountOwnerRefresh;

    internal HubSpotBuilder()
    {
    }

    /// <summary>The contact property of the lifecycle stage (default <c>lifecyclestage</c>).</summary>
    public HubSpotBuilder StageProperty(string property)
    {
        _stageProperty = PlaybookBuilder.Require(property, "The HubSpot stage property");
        return this;
    }

    /// <summary>The contact property of the lead status (default <c>hs_lead_status</c>, or a custom one).</summary>
    public HubSpotBuilder StatusProperty(string property)
    {
        _statusProperty = PlaybookBuilder.Require(property, "The HubSpot status property");
        return this;
    }

    /// <summary>
    /// The contact property reject and recycle reasons are written to (e.g. a custom enumeration
    /// <c>handoff_reject_reason</c>), so HubSpot's reports see them too.
    /// </summary>
    public HubSpotBuilder ReasonProperty(string property)
    {
        _reasonProperty = PlaybookBuilder.Require(property, "The HubSpot reason property");
        return this;
    }

    /// <summary>Maps a lifecycle stage to a HubSpot value (<c>marketingqualifiedlead</c>).</summary>
    public HubSpotBuilder Stage(string stage, string value)
    {
        _stages.Add(new HubSpotValue(PlaybookBuilder.Require(stage, "A mapped lifecycle stage"), PlaybookBuilder.Require(value, $"Stage '{stage}''s HubSpot value")));
        return this;
    }

    /// <summary>Maps a lead status to a HubSpot value (<c>ATTEMPTED_TO_CONTACT</c>).</summary>
    public HubSpotBuilder Status(string status, string value)
    {
        _statuses.Add(new HubSpotValue(PlaybookBuilder.Require(status, "A mapped lead status"), PlaybookBuilder.Require(value, $"Status '{status}''s HubSpot value")));
        return this;
    }

    /// <summary>Writes a reject or recycle reason as another value than its code.</summary>
    public HubSpotBuilder Reason(string code, string value)
    {
        _reasons.Add(new HubSpotValue(PlaybookBuilder.Require(code, "A mapped reason code"), PlaybookBuilder.Require(value, $"Reason '{code}''s HubSpot value")));
        return this;
    }

    /// <summary>Maps a member to a HubSpot owner id.</summary>
    public HubSpotBuilder Owner(string member, string ownerId)
    {
        _owners.Add(new HubSpotOwner(PlaybookBuilder.Require(member, "A mapped member"), PlaybookBuilder.Require(ownerId, $"Member '{member}''s HubSpot owner id"), null));
        return this;
    }

    /// <summary>
    /// Maps a member to the HubSpot owner with that e-mail, looked up when the host starts. Members
    /// mapped neither way are looked up by their playbook e-mail.
    /// </summary>
    public HubSpotBuilder OwnerByEmail(string member, string email)
    {
        _owners.Add(new HubSpotOwner(PlaybookBuilder.Require(member, "A mapped member"), null, PlaybookBuilder.Require(email, $"Member '{member}''s HubSpot e-mail")));
        return this;
    }

    /// <summary>
    /// Lets the writer move a lead to an earlier lifecycle stage (recycled to nurture) by clearing
    /// the stage first, as HubSpot requires; without it such a move is HR4006.
    /// </summary>
    public HubSpotBuilder ClearStageToMoveBack()
    {
        _clearStageToMoveBack = true;
        return this;
    }

    /// <summary>
    /// Lets the host take account owners from HubSpot while it runs, without a redeploy: every
    /// <paramref name="every"/> it reads HubSpot's companies, matches each to an account (by domain,
    /// else by name) and makes the member its owner maps to the account's owner from then on. Each
    /// refresh is recorded in the event log, so every host on the database and every restart routes
    /// by it, and a decision's trace says which owner came from HubSpot and when. An owner that maps
    /// to no member changes nothing: it is counted and logged by id. Without this call the account
    /// book, reviewed and built, is the only source of owners (pull changes into it with
    /// <c>handoff accounts pull --hubspot</c> instead).
    /// </summary>
    /// <param name="every">How often to read HubSpot's companies: at least a minute (a refresh costs a request per 100 companies).</param>
    public HubSpotBuilder RefreshAccountOwners(TimeSpan every)
    {
        _accountOwnerRefresh = every >= TimeSpan.FromMinutes(1)
            ? every
            : throw new PlaybookDefinitionException($"The HubSpot mapping refreshes account owners every {every}; refresh at most once a minute (HubSpot's request budget is shared with the write-backs).");
        return this;
    }

    internal HubSpotMapping Build() =>
        new(_stageProperty, _statusProperty, _reasonProperty, [.. _stages], [.. _statuses], [.. _reasons], [.. _owners], _clearStageToMoveBack)
        {
            AccountOwnerRefresh = _accountOwnerRefresh,
        };
}
