using System.Text.Json.Nodes;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Store;

/// <summary>A lead's current state: the projection the event log keeps up to date.</summary>
public sealed record StoredLead
{
    /// <summary>The lead's id.</summary>
    public required string LeadId { get; init; }

    /// <summary>routed, disqualified or duplicate.</summary>
    public required string Outcome { get; init; }

    /// <summary>The lead status (lifecycle).</summary>
    public string? Status { get; init; }

    /// <summary>The lifecycle stage.</summary>
    public string? Stage { get; init; }

    /// <summary>The queue it is in.</summary>
    public string? Queue { get; init; }

    /// <summary>Its owner.</summary>
    public string? Member { get; init; }

    /// <summary>Its source.</summary>
    public string? Source { get; init; }

    /// <summary>Its segment.</summary>
    public string? Segment { get; init; }

    /// <summary>Its territory.</summary>
    public string? Territory { get; init; }

    /// <summary>When it arrived.</summary>
    public required DateTimeOffset ArrivedAt { get; init; }

    /// <summary>The nurture track it went back to, if it did.</summary>
    public string? NurtureTrack { get; init; }

    /// <summary>
    /// The normalised lead, as JSON when read with <see cref="IHandoffStore.GetLeadAsync"/>; inside a
    /// writer's transaction it may be '' (<see cref="NormalisedLead.AsItsInput"/>) — kept as the input
    /// its intake event holds (schema version 9), which saving the lead keeps as it is, and
    /// <see cref="IHandoffWriter.NormalisedLead"/> rebuilds. A lead saved with '' in the transaction
    /// that logs its intake event is the lead that input normalises to, by its caller's word.
    /// </summary>
    public required string Lead { get; init; }

    /// <summary>The routing decision, as JSON.</summary>
    public required string Decision { get; init; }

    /// <summary>
    /// The decision trace, as JSON when read with <see cref="IHandoffStore.GetLeadAsync"/>; inside a
    /// writer's transaction it may be the store's compact form, or null for a lead the writer read
    /// (<see cref="IHandoffWriter.FindLead"/>): saving a lead writes its trace only when it comes as
    /// JSON or as the processor wrote it (<see cref="WrittenTrace"/>), and otherwise keeps the trace
    /// stored (schema version 16: the trace is kept apart from the row every action writes again).
    /// </summary>
    public string? Trace
    {
        get => _trace ?? _writtenTrace?.Trace;
        init => (_trace, _writtenTrace) = (value, null);
    }

    /// <summary>
    /// The trace as the processor wrote it for a lead it took in, as its steps: a writer compacts it
    /// from them, and <see cref="Trace"/> joins its text only when read. Setting either sets the trace.
    /// </summary>
    internal TraceSteps? WrittenTrace
    {
        get => _writtenTrace;
        init => (_trace, _writtenTrace) = (null, value);
    }

    private readonly string? _trace;
    private readonly TraceSteps? _writtenTrace;

    /// <summary>When the projection last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>An SLA timer of one lead.</summary>
public sealed record StoredTimer(string LeadId, string Sla, string Kind, DateTimeOffset StartedAt, DateTimeOffset DueAt, string State, DateTimeOffset? SettledAt, bool Late)
{
    /// <summary>Running.</summary>
    public const string Pending = "pending";

    /// <summary>Met before the deadline.</summary>
    public const string Met = "met";

    /// <summary>Stopped because the lead left the SDR (rejected, recycled) before the deadline.</summary>
    public const string Stopped = "stopped";

    /// <summary>The deadline passed.</summary>
    public const string Breached = "breached";
}

/// <summary>An alert waiting in the outbox.</summary>
public sealed record OutboxItem(long Id, string Channel, string Target, string Body, string? LeadId, int Attempts);

/// <summary>Where a file input stands: its byte position and the number of its last line.</summary>
/// <param name="Input">The input's path, as configured.</param>
/// <param name="Position">The byte just after the last committed line.</param>
/// <param name="Line">The number of the last committed line.</param>
/// <param name="Identity">The identity ("device:inode") of the file the position is in, when known.</param>
/// <param name="Generation">How many times the input was rotated: lines of each generation are keyed apart.</param>
public sealed record InputCursor(string Input, long Position, long Line, string? Identity = null, int Generation = 0);

/// <summary>A dead letter: an input that could not be used, kept with the reason.</summary>
public sealed record DeadLetter(long Id, string Source, string Position, string Raw, string Reason, DateTimeOffset At);

/// <summary>
/// Counts of everything taken in, for reconciliation. Every input ends in exactly one of these:
/// received = routed + disqualified + duplicates + dead-lettered + actions and CRM events applied +
/// redeliveries + blank lines. Refused webhook calls are counted apart (<see cref="RejectedRequests"/>):
/// they were never taken in.
/// </summary>
public sealed record StoreCounts(int Routed, int Disqualified, int Duplicates, int DeadLettered, int ActionsApplied, int Redeliveries, int RejectedRequests, int OutboxPending, int Rotations = 0, int BlankLines = 0)
{
    /// <summary>Leads and lines ingested (routed, disqualified, duplicate or dead-lettered).</summary>
    public int Ingested => Routed + Disqualified + Duplicates + DeadLettered;

    /// <summary>Every input taken in, each counted once by its outcome.</summary>
    public int Received => Ingested + ActionsApplied + Redeliveries + BlankLines;
}

/// <summary>
/// The one writer of the store: the processor holds it and runs one transaction at a time, so
/// the decision, its events, timers, alerts, the distribution state and the input cursor commit
/// together or not at all.
/// </summary>
public interface IHandoffWriter : IDisposable
{
    /// <summary>Starts a transaction.</summary>
    void Begin();

    /// <summary>Commits it.</summary>
    void Commit();

    /// <summary>
    /// Commits it without waiting for it to be written, where the writer can (a simulation's scratch
    /// store, which writes on a thread of its own and is thrown away if the run stops): the caller goes
    /// on to the next transaction while this one is written, and the writer's reads answer what it
    /// wrote meanwhile. A commit that then fails, or a write before it, is thrown at a later call as
    /// <see cref="CommitBehindFailedException"/>, which no rollback clears. Any other writer commits at once.
    /// </summary>
    void CommitBehind() => Commit();

    /// <summary>Rolls it back.</summary>
    void Rollback();

    /// <summary>The stored distribution state, if any.</summary>
    DistributionSnapshot? LoadDistribution();

    /// <summary>Saves the distribution state.</summary>
    void SaveDistribution(DistributionSnapshot snapshot);

    /// <summary>Where a file input stands.</summary>
    InputCursor? LoadCursor(string input);

    /// <summary>Saves where a file input stands.</summary>
    void SaveCursor(InputCursor cursor);

    /// <summary>The recorded outcome of an input, or null when it was never seen.</summary>
    string? InputOutcome(string source, string sourceId);

    /// <summary>
    /// What taking a lead in asks first, in one question: the recorded outcome of its input (null when
    /// never seen, as <see cref="InputOutcome"/>), and whether a lead with its id is already kept
    /// (false when it has none).
    /// </summary>
    (string? Outcome, bool LeadKept) InputOutcomeAndLead(string source, string sourceId, string? leadId) =>
        (InputOutcome(source, sourceId), leadId is not null && FindLead(leadId) is not null);

    /// <summary>Records an input's outcome under its source id.</summary>
    void RecordInput(string source, string sourceId, string kind, string outcome, string? leadId, DateTimeOffset at);

    /// <summary>Counts an input seen again under a source id already recorded.</summary>
    void CountRedelivery();

    /// <summary>Counts a rotated file input.</summary>
    void CountRotation();

    /// <summary>Counts a blank line of a file input.</summary>
    void CountBlankLine();

    /// <summary>Appends an event to the log.</summary>
    void Append(string leadId, string type, DateTimeOffset at, EventMembers data);

    /// <summary>
    /// Appends a lead's intake event, its parts already written as JSON: the same event as
    /// <see cref="Append"/> of the decision's members followed by the input's, without building
    /// that object only to write it out again (the one event every lead logs).
    /// </summary>
    /// <param name="leadId">The lead's id.</param>
    /// <param name="type">routed, disqualified or duplicate.</param>
    /// <param name="at">When the lead arrived.</param>
    /// <param name="decision">The decision record as JSON (<c>DecisionRecord.ToJson</c>).</param>
    /// <param name="input">The lead as it was received, as JSON.</param>
    void AppendIntake(string leadId, string type, DateTimeOffset at, string decision, string input);

    /// <summary>
    /// Events of one type logged under no lead (lead id ""), after position <paramref name="afterSeq"/>,
    /// in log order: how the processor reads members' availability, with its own uncommitted changes.
    /// </summary>
    IReadOnlyList<HandoffEvent> EventsWithoutLead(string type, long afterSeq);

    /// <summary>The lead's projection, or null; its <see cref="StoredLead.Lead"/> as stored, its <see cref="StoredLead.Trace"/> not read (see there).</summary>
    StoredLead? FindLead(string leadId);

    /// <summary>The lead's normalised lead, as <see cref="IHandoffStore.GetLeadAsync"/> shows it, or null for no such lead.</summary>
    Lead? NormalisedLead(string leadId);

    /// <summary>Writes the lead's projection; its trace only when it comes with one to write (see <see cref="StoredLead.Trace"/>).</summary>
    void SaveLead(StoredLead lead);

    /// <summary>Starts an SLA timer, or starts again one that ended; false when one of that SLA is still running for the lead (it keeps its deadline).</summary>
    bool StartTimer(StoredTimer timer);

    /// <summary>
    /// Starts an SLA timer of a lead taken in within this transaction, which has none yet: as
    /// <see cref="StartTimer"/> does, without the answer, so a store that sends its writes ahead
    /// (PostgreSQL) does not wait for one.
    /// </summary>
    void StartTimerOfNewLead(StoredTimer timer);

    /// <summary>The lead's timers.</summary>
    IReadOnlyList<StoredTimer> Timers(string leadId);

    /// <summary>Settles a timer (met or breached).</summary>
    void SettleTimer(string leadId, string sla, string state, DateTimeOffset at, bool late);

    /// <summary>The earlier lead a duplicate key points to, with when it was seen.</summary>
    (string LeadId, string? Queue, string? Member, DateTimeOffset At)? FindDuplicateKey(string key);

    /// <summary>Remembers a duplicate key for a lead.</summary>
    void SaveDuplicateKey(string key, string leadId, string? queue, string? member, DateTimeOffset at);

    /// <summary>
    /// What <see cref="FindDuplicateKey"/> finds for each of a lead's keys, in their order (null for a
    /// key no lead has): a store may look all of them up in one statement.
    /// </summary>
    (string LeadId, string? Queue, string? Member, DateTimeOffset At)?[] FindDuplicateKeys(IReadOnlyList<string> keys) =>
        [.. keys.Select(FindDuplicateKey)];

    /// <summary>Remembers a lead's duplicate keys (distinct), as <see cref="SaveDuplicateKey"/> does each: a store may write all of them in one statement.</summary>
    void SaveDuplicateKeys(IReadOnlyList<string> keys, string leadId, string? queue, string? member, DateTimeOffset at)
    {
        foreach (var key in keys)
        {
            SaveDuplicateKey(key, leadId, queue, member, at);
        }
    }

    /// <summary>Keeps an input that could not be used, with the reason.</summary>
    void DeadLetter(string source, string position, string raw, string reason, DateTimeOffset at);

    /// <summary>Queues an alert for delivery.</summary>
    void Enqueue(string channel, string target, string body, string? leadId, DateTimeOffset at);

    /// <summary>Starts, changes or ends a lead's hold (one per lead: a new hold replaces an ended one).</summary>
    void SaveHold(StoredHold hold);

    /// <summary>A queue's open holds (held or expired), longest held first, from after <paramref name="after"/> in that order (from the first when null).</summary>
    IReadOnlyList<StoredHold> OpenHolds(string queue, StoredHold? after, int limit);

    /// <summary>Holds not yet past their maximum hold (state held) whose maximum hold runs out by <paramref name="at"/>, earliest first.</summary>
    IReadOnlyList<StoredHold> HoldsRunningOut(DateTimeOffset at, int limit);

    /// <summary>Ends a lead's open hold, if it has one, as released: another path gave the lead an owner or closed it.</summary>
    void ReleaseHold(string leadId, DateTimeOffset at);

    /// <summary>Moves a lead's open hold, if it has one, to the queue the lead now waits in.</summary>
    void MoveHold(string leadId, string queue);

    /// <summary>
    /// Routed, open leads in a queue with no owner and no open hold — left without one by a
    /// reassignment or an escalation that found nobody — with the owner they were taken from, if any.
    /// </summary>
    IReadOnlyList<(StoredLead Lead, string? PreviousOwner)> UnheldLeads(int limit);

    /// <summary>
    /// The value the host last queued for a field of its HubSpot write-backs to a contact, the field
    /// a path whose steps are separated by dots (<c>properties.hs_lead_status</c>, <c>owner</c>), or
    /// null: how the host recognises its own writes when HubSpot reports them back as property changes.
    /// </summary>
    string? LastHubSpotWrite(string contactId, string field);

    /// <summary>
    /// The data of the lead's last <c>lead.property_changed</c> event for that property, or null:
    /// how a status set in HubSpot finds the reason set beside it, and a reason the status that waits for it.
    /// </summary>
    JsonObject? LastPropertyChange(string leadId, string propertyName);
}

/// <summary>
/// The durable store: SQLite by default; the interface is what a server database implements for
/// teams running several instances.
/// </summary>
public interface IHandoffStore
{
    /// <summary>Creates or upgrades the schema.</summary>
    Task InitializeAsync(CancellationToken cancellation);

    /// <summary>Opens the single writer.</summary>
    IHandoffWriter OpenWriter();

    /// <summary>A lead's projection, or null.</summary>
    Task<StoredLead?> GetLeadAsync(string leadId, CancellationToken cancellation);

    /// <summary>A lead's timers.</summary>
    Task<IReadOnlyList<StoredTimer>> GetTimersAsync(string leadId, CancellationToken cancellation);

    /// <summary>Events, of one lead or in a window, in log order.</summary>
    Task<IReadOnlyList<HandoffEvent>> GetEventsAsync(string? leadId, DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellation);

    /// <summary>Routed leads per queue and member that are not settled yet (no accept, reject or recycle).</summary>
    Task<IReadOnlyList<(string Queue, string? Member, string? Status, int Leads)>> GetOpenLoadAsync(CancellationToken cancellation);

    /// <summary>Pending timers due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<StoredTimer>> GetDueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellation);

    /// <summary>Undelivered alerts due for an attempt, oldest first, at most ten per target (channel and address).</summary>
    Task<IReadOnlyList<OutboxItem>> GetDueOutboxAsync(DateTimeOffset now, int limit, CancellationToken cancellation);

    /// <summary>Marks an alert delivered.</summary>
    Task MarkDeliveredAsync(long id, DateTimeOffset at, CancellationToken cancellation);

    /// <summary>Records a failed attempt and when to try again.</summary>
    Task MarkAttemptFailedAsync(long id, DateTimeOffset nextAttempt, string problem, CancellationToken cancellation);

    /// <summary>Records a request refused at the door.</summary>
    Task RecordRejectedRequestAsync(string path, string reason, string? remote, byte[] body, DateTimeOffset at, CancellationToken cancellation);

    /// <summary>True when an input with this source id was processed.</summary>
    Task<bool> WasProcessedAsync(string source, string sourceId, CancellationToken cancellation);

    /// <summary>Where a file input stands, or null when it was never read.</summary>
    Task<InputCursor?> GetCursorAsync(string input, CancellationToken cancellation);

    /// <summary>Dead letters, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync(CancellationToken cancellation);

    /// <summary>Counts for reconciliation and health.</summary>
    Task<StoreCounts> CountAsync(CancellationToken cancellation);

    /// <summary>
    /// Alerts and write-backs not delivered yet: <see cref="StoreCounts.OutboxPending"/> alone, for what
    /// is asked again and again (the outbox's backlog every second, the readiness probe), where the full
    /// counts would read the whole inputs table each time.
    /// </summary>
    Task<int> CountOutboxPendingAsync(CancellationToken cancellation);

    /// <summary>Why the store cannot be written to now (its file is gone, it does not answer), or null when it can: the readiness check.</summary>
    Task<string?> CheckAsync(CancellationToken cancellation);

    /// <summary>True when a lead waits in a queue without an owner: an open hold, or a lead not held yet.</summary>
    Task<bool> HasHeldLeadsAsync(CancellationToken cancellation);

    /// <summary>
    /// Gives up an outbox item its target refused for good (HubSpot's 404 or 400): it leaves the
    /// backlog and is kept, with the refusal, as a dead-lettered delivery.
    /// </summary>
    Task GiveUpOutboxAsync(long id, DateTimeOffset at, string problem, CancellationToken cancellation);

    /// <summary>The outbox items given up, with why, oldest first.</summary>
    Task<IReadOnlyList<(OutboxItem Item, string Problem)>> GetGivenUpOutboxAsync(CancellationToken cancellation);

    /// <summary>Every playbook version a host started with on this store, first started first.</summary>
    Task<IReadOnlyList<PlaybookVersion>> GetPlaybooksAsync(CancellationToken cancellation);

    /// <summary>Records that a host started with this playbook version (again, if it ran before).</summary>
    Task RecordPlaybookAsync(PlaybookVersion playbook, DateTimeOffset at, CancellationToken cancellation);

    /// <summary>
    /// Whether this host is the only one writing the database (SQLite's store lock keeps every other
    /// host out): the processor's in-memory distribution state is then what the store holds after
    /// every commit, and need not be read back before each batch.
    /// </summary>
    bool SoleWriter => false;

    /// <summary>
    /// Claims a file input (by the key its cursor is kept under) for this host, so one host at a time
    /// reads it; null when another host holds it. The claim lasts until it is disposed or this host dies.
    /// </summary>
    Task<InputClaim?> TryClaimInputAsync(string input, CancellationToken cancellation);
}

/// <summary>A lead held in a queue with nobody to take it.</summary>
/// <param name="LeadId">The lead.</param>
/// <param name="Queue">The queue it waits in.</param>
/// <param name="HeldAt">When the hold started.</param>
/// <param name="Until">When the playbook's maximum hold runs out (business time of the queue).</param>
/// <param name="State">One of the constants below.</param>
/// <param name="ExcludedMember">The member it was taken from by a reassignment, not offered it again.</param>
/// <param name="EndedAt">When the hold ended, if it has.</param>
public sealed record StoredHold(string LeadId, string Queue, DateTimeOffset HeldAt, DateTimeOffset Until, string State, string? ExcludedMember, DateTimeOffset? EndedAt)
{
    /// <summary>Waiting for a member, within the maximum hold.</summary>
    public const string Held = "held";

    /// <summary>Past the maximum hold and escalated (or no escalation covered the queue), still without an owner: still offered.</summary>
    public const string Expired = "expired";

    /// <summary>Ended: a member who became free took it.</summary>
    public const string Offered = "offered";

    /// <summary>Ended: escalated after the maximum hold to a member of the escalation's queue.</summary>
    public const string Escalated = "escalated";

    /// <summary>Ended by another path (a reassignment, an SLA escalation, a rejection), whose own event records it.</summary>
    public const string Released = "released";
}
