using HandoffRules.Host.Api;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;

namespace HandoffRules.Host.Processing;

/// <summary>The checks of an SDR action that are about who and when, rather than what: see <c>Check</c>.</summary>
internal sealed partial class HandoffSession
{
    /// <summary>
    /// Why the action's time cannot be right: never before the lead arrived (whoever sends it), and
    /// from the API never later than the host's clock allows. Files may carry any time after the
    /// arrival: an import or a replay dates actions on its own clock.
    /// </summary>
    private string? WhenProblem(ActionWork work, StoredLead lead)
    {
        if (work.At < lead.ArrivedAt)
        {
            return $"at: {work.At.UtcDateTime:O} is before lead '{lead.LeadId}' arrived ({lead.ArrivedAt.UtcDateTime:O})";
        }

        var latest = Time.GetUtcNow() + Options.ActionClockSkew;
        return work.Source == SdrApi.Source && work.At > latest
            ? $"at: {work.At.UtcDateTime:O} is in the future; at most {Options.ActionClockSkew.TotalSeconds:0} seconds ahead of the host's clock are allowed"
            : null;
    }

    /// <summary>
    /// Why a member cannot be handed the lead: outside the lead's queue, or unavailable by the
    /// router's own rules (inactive, out of office, at daily cap); null when they can.
    /// </summary>
    private string? WhyNot(StoredLead lead, string memberId, DateTimeOffset at)
    {
        if (lead.Queue is { } queue && Playbook.FindQueue(queue) is { } members && !members.Members.Any(m => m.MemberId == memberId))
        {
            return $"is not in queue '{queue}'";
        }

        return Router.WhyUnavailable(memberId, at, State) is { } unavailable ? $"is {unavailable}" : null;
    }
}
