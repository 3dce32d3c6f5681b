using HandoffRules.Host.Api;

namespace HandoffRules.Host.Inputs;

/// <summary>A member's availability set or cleared, through the API or a line of a file.</summary>
/// <param name="Source">Where it came from ("api", "jsonl").</param>
/// <param name="SourceId">Its idempotency key, already scoped (see <see cref="InputKey.Availability"/>); null when it has none and is applied every time.</param>
/// <param name="Position">Where in the source.</param>
/// <param name="MemberId">Whose availability.</param>
/// <param name="Actor">The member the caller is authenticated as, who may set their own availability only; null for an integration key or a file.</param>
/// <param name="SetBy">Who set it, as the audit shows it: a member, an API key's name, a file's line; never a secret.</param>
/// <param name="Request">What was sent.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record AvailabilityWork(string Source, string? SourceId, string Position, string MemberId, string? Actor, string SetBy, AvailabilityRequest Request, DateTimeOffset ReceivedAt) : HandoffWork(Source, Position)
{
    /// <inheritdoc />
    public override string? Key => SourceId;
}
