using System.Text.Json;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Intake;
using HandoffRules.Model;

namespace HandoffRules.Host.Inputs;

/// <summary>
/// One unit of work for the processor. Inputs from files, webhooks, the API and the SLA timers all
/// become work on one bounded queue, so one writer applies them in order.
/// </summary>
/// <param name="Source">Where the input came from ("jsonl", "hubspot", "api", "timers").</param>
/// <param name="Position">Where in the source ("leads.jsonl line 17", "event 1843000001").</param>
public abstract record HandoffWork(string Source, string Position)
{
    /// <summary>Set by callers that wait for the outcome (webhooks, the API).</summary>
    public TaskCompletionSource<WorkResult>? Completion { get; init; }

    /// <summary>For file inputs: where the input stands once this work is committed.</summary>
    public InputCursor? Cursor { get; init; }

    /// <summary>The idempotency key the input is recorded under (see <see cref="InputKey"/>); null when it has none and is applied every time.</summary>
    public virtual string? Key => null;

    /// <summary>Creates a completion for a caller that waits.</summary>
    public static TaskCompletionSource<WorkResult> Waiting() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A lead to take in.</summary>
/// <param name="Source">Where it came from.</param>
/// <param name="SourceId">The lead's id at its source (or, without one, the input's line key).</param>
/// <param name="Position">Where in the source.</param>
/// <param name="Lead">The lead as it arrived.</param>
/// <param name="ReceivedAt">When it was received.</param>
public sealed record LeadWork(string Source, string SourceId, string Position, LeadInput Lead, DateTimeOffset ReceivedAt) : HandoffWork(Source, Position)
{
    /// <inheritdoc />
    public override string Key => InputKey.Lead(SourceId);

    /// <summary>What keeping the lead takes from its input alone, made by the thread that read it; null when nobody made it (the processor then does).</summary>
    public PreparedIntake? Prepared { get; init; }
}

/// <summary>
/// A lead line taken in once, on the thread that read it, so the processor's one thread does not:
/// the input's JSON as its intake event keeps it, and the lead normalised from that very text read
/// back — what <see cref="Store.NormalisedLead.Rebuild"/> gives back from the stored input. The
/// processor routes this lead, so the lead a row keeps as its input is the lead that was routed, and
/// its row keeps it as that input ('') without writing the lead's JSON only to compare it.
/// </summary>
public sealed record PreparedIntake
{
    private PreparedIntake(string input, DateTimeOffset receivedAt, IntakeResult intake) =>
        (Input, ReceivedAt, Intake) = (input, receivedAt, intake);

    /// <summary>The input's JSON.</summary>
    public string Input { get; }

    /// <summary>When it was received: the time that stands in for a missing event time.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>What normalising <see cref="Input"/>, read back, gave.</summary>
    public IntakeResult Intake { get; }

    /// <summary>Prepares a lead received at <paramref name="receivedAt"/>.</summary>
    /// <exception cref="JsonException">The lead's JSON does not read back (an input the serializer cannot round-trip).</exception>
    public static PreparedIntake Of(LeadInput lead, DateTimeOffset receivedAt)
    {
        var input = JsonSerializer.Serialize(lead, Processing.HandoffSession.LeadJson);
        return new PreparedIntake(input, receivedAt, Store.NormalisedLead.Normalize(input, receivedAt));
    }
}

/// <summary>An SDR's action on a lead.</summary>
/// <param name="Source">Where it came from.</param>
/// <param name="SourceId">Its idempotency key, when the caller gave one.</param>
/// <param name="Position">Where in the source.</param>
/// <param name="LeadId">The lead.</param>
/// <param name="Action">What the SDR did.</param>
/// <param name="Actor">The member the caller is authenticated as; null for an integration or a file, which may act on any lead.</param>
/// <param name="By">The member who did it, as the input says.</param>
/// <param name="Reason">The standard reason (reject, recycle) or the reason in words (reassign).</param>
/// <param name="To">The member to reassign to; the queue's next eligible member when absent.</param>
/// <param name="At">When it happened.</param>
public sealed record ActionWork(string Source, string? SourceId, string Position, string LeadId, SdrAction Action, string? Actor, string? By, string? Reason, string? To, DateTimeOffset At) : HandoffWork(Source, Position)
{
    /// <inheritdoc />
    public override string? Key => SourceId is null ? null : InputKey.Action(Actor, LeadId, Action, SourceId);

    /// <summary>Apply it even to a member who could not take the lead by the usual rules (integration keys only).</summary>
    public bool Force { get; init; }
}

/// <summary>An input that could not be read, to keep with its reason.</summary>
/// <param name="Source">Where it came from.</param>
/// <param name="Position">Where in the source.</param>
/// <param name="Raw">What arrived (its start, for a long input).</param>
/// <param name="Reason">Why it could not be used, naming the field.</param>
/// <param name="At">When it arrived.</param>
/// <param name="SourceId">The key to record it under, already scoped (a line key, an event id, the key of a refused action); null when it has none.</param>
public sealed record DeadLetterWork(string Source, string? SourceId, string Position, string Raw, string Reason, DateTimeOffset At) : HandoffWork(Source, Position)
{
    // Capped and sanitised here, where every dead letter is made, so no path can store more.
    private readonly string _raw = DeadLetterRaw.Keep(Raw);
    private readonly string _reason = LogValue.Reason(Reason);

    /// <inheritdoc />
    public override string? Key => SourceId;

    /// <summary>What is kept of the input: at most a few KiB (<see cref="DeadLetterRaw"/>).</summary>
    public string Raw { get => _raw; init => _raw = DeadLetterRaw.Keep(value); }

    /// <summary>Why it could not be used, bounded and with e-mail addresses masked (<see cref="LogValue"/>).</summary>
    public string Reason { get => _reason; init => _reason = LogValue.Reason(value); }
}

/// <summary>A CRM property change on a known lead.</summary>
public sealed record PropertyChangeWork(string Source, string SourceId, string LeadId, string Property, string? Value, DateTimeOffset At) : HandoffWork(Source, "event " + SourceId)
{
    /// <inheritdoc />
    public override string Key => InputKey.Event(SourceId);
}

/// <summary>An SLA timer whose deadline passed.</summary>
public sealed record TimerWork(string LeadId, string Sla) : HandoffWork("timers", $"{LeadId}/{Sla}")
{
    /// <summary>
    /// The deadline it is for, when the caller knew it: the timer breaches only if it still runs to
    /// that deadline (a replay's deadline book can hold one the timer ended and started again since).
    /// </summary>
    public DateTimeOffset? Due { get; init; }
}

/// <summary>A file input was rotated: recorded, and its cursor moves to the start of the new file.</summary>
/// <param name="Source">The input's source name.</param>
/// <param name="Position">The rotation, as messages name it.</param>
/// <param name="Input">The input's name.</param>
/// <param name="Why">How the rotation was noticed.</param>
/// <param name="LinesRead">Lines read from the file before it was rotated.</param>
public sealed record RotationWork(string Source, string Position, string Input, string Why, long LinesRead) : HandoffWork(Source, Position);

/// <summary>Nothing to do: completes once every piece of work queued before it is committed.</summary>
public sealed record FlushWork(string Source, string Position) : HandoffWork(Source, Position);

/// <summary>Nothing to do but move a file input's cursor (a blank line).</summary>
public sealed record CursorWork(string Source, string Position) : HandoffWork(Source, Position);

/// <summary>How a piece of work ended, in terms an HTTP caller can map to a status code.</summary>
public enum WorkStatus
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>The same input was processed before; nothing was done again.</summary>
    AlreadyProcessed,

    /// <summary>The input was kept as a dead letter.</summary>
    DeadLettered,

    /// <summary>Refused: the request names something the playbook does not have (400).</summary>
    Invalid,

    /// <summary>Refused: the caller may not act on this lead (403).</summary>
    Forbidden,

    /// <summary>Refused: no such lead (404).</summary>
    NotFound,

    /// <summary>Refused: the lead's state does not allow it (409).</summary>
    Conflict,

    /// <summary>Refused: the lead lacks fields the new stage requires (422).</summary>
    Incomplete,
}

/// <summary>The outcome of a piece of work.</summary>
public sealed record WorkResult(WorkStatus Status, string Message, string? LeadId = null, string? Outcome = null)
{
    /// <summary>True when the work changed nothing because it was refused.</summary>
    public bool Refused => Status is WorkStatus.Invalid or WorkStatus.Forbidden or WorkStatus.NotFound or WorkStatus.Conflict or WorkStatus.Incomplete;
}
