using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Model;

namespace HandoffRules.Records;

/// <summary>
/// One entry of the append-only event log: what happened to a lead, when, and the facts needed
/// to measure the handoff later (source, segment, queue, member, reason, SLA). Health metrics and
/// the weekly report are computed from these alone.
/// </summary>
/// <param name="Seq">Position in the log.</param>
/// <param name="LeadId">The lead it concerns.</param>
/// <param name="Type">One of <see cref="HandoffEventTypes"/>.</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Data">The facts, as a JSON object.</param>
public sealed record HandoffEvent(long Seq, string LeadId, string Type, DateTimeOffset At, JsonObject Data)
{
    /// <summary>The playbook that wrote the event; null for events written before versions were recorded.</summary>
    public PlaybookVersion? Playbook { get; init; }

    /// <summary>A string fact, or null.</summary>
    public string? Text(string name) => Data.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A boolean fact (false when absent).</summary>
    public bool Flag(string name) => Data.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>A time fact, or null.</summary>
    public DateTimeOffset? Time(string name) => Text(name) is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The data as compact JSON.</summary>
    public string DataJson => Data.ToJsonString(JsonOptions);

    internal static JsonSerializerOptions JsonOptions { get; } = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>The kinds of <see cref="HandoffEvent"/>.</summary>
public static class HandoffEventTypes
{
    /// <summary>A lead was routed (data: the decision record, and the lead as it arrived under <c>input</c>).</summary>
    public const string Routed = "lead.routed";

    /// <summary>A lead was disqualified (data: the decision record).</summary>
    public const string Disqualified = "lead.disqualified";

    /// <summary>A lead duplicated an earlier one (data: the decision record).</summary>
    public const string Duplicate = "lead.duplicate";

    /// <summary>A task was created for the owner.</summary>
    public const string TaskCreated = "task.created";

    /// <summary>An alert was queued in the outbox.</summary>
    public const string AlertQueued = "alert.queued";

    /// <summary>An SLA timer started.</summary>
    public const string SlaStarted = "sla.started";

    /// <summary>An SLA was met before its deadline.</summary>
    public const string SlaMet = "sla.met";

    /// <summary>An SLA deadline passed (data: late when the host was down at the deadline).</summary>
    public const string SlaBreached = "sla.breached";

    /// <summary>A lead moved to an escalation's queue.</summary>
    public const string Escalated = "lead.escalated";

    /// <summary>A lead got another owner (data: reason, misroute).</summary>
    public const string Reassigned = "lead.reassigned";

    /// <summary>An SDR touched the lead.</summary>
    public const string Touched = "sdr.touched";

    /// <summary>An SDR accepted the lead.</summary>
    public const string Accepted = "sdr.accepted";

    /// <summary>An SDR rejected the lead (data: reason, misroute, nurture track).</summary>
    public const string Rejected = "sdr.rejected";

    /// <summary>A meeting was booked.</summary>
    public const string MeetingBooked = "sdr.meeting_booked";

    /// <summary>The lead went back to nurture (data: reason, nurture track).</summary>
    public const string Recycled = "sdr.recycled";

    /// <summary>A CRM property changed on a known lead.</summary>
    public const string PropertyChanged = "lead.property_changed";

    /// <summary>A file input was rotated (renamed away and re-created, or truncated) and is read again from its start; logged under no lead.</summary>
    public const string InputRotated = "input.rotated";

    /// <summary>
    /// A member's availability was set or cleared through the API or a file (data: member, away_from,
    /// away_to, paused, cap, cap_day, set_by); logged under no lead, at the time it takes effect.
    /// </summary>
    public const string AvailabilitySet = "member.availability_set";

    /// <summary>
    /// Account owners were refreshed from the CRM (data: source, owners — each account, member and
    /// owner_id whose owner changed —, companies, unchanged, unmapped — each company and owner_id that maps
    /// to no member —, not_in_book); logged under no lead, one event per refresh.
    /// </summary>
    public const string AccountOwnersRefreshed = "account.owners_refreshed";

    /// <summary>A routed lead waits in its queue with nobody to take it (data: reason, hold_until).</summary>
    public const string Held = "lead.held";

    /// <summary>A held lead was offered to a member who became free (data: member, held_since).</summary>
    public const string Offered = "lead.offered";

    /// <summary>A lead was held past the playbook's maximum hold (data: escalation, or the problem when none covers its queue).</summary>
    public const string HoldExpired = "lead.hold_expired";
}
