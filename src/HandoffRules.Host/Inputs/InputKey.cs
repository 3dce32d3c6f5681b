using HandoffRules.Model;

namespace HandoffRules.Host.Inputs;

/// <summary>
/// The idempotency keys inputs are recorded under (with their source): an input whose key was seen
/// is a redelivery and is counted, not applied again. Each kind of input has its own namespace, and
/// an action's key is scoped by its caller, lead and action, so one caller's id never swallows
/// another's, and a lead id never swallows an action id.
/// </summary>
public static class InputKey
{
    /// <summary>A lead, by the id its sender gave it (a HubSpot event id for a created contact).</summary>
    public static string Lead(string id) => "lead:" + id;

    /// <summary>An SDR action, by the id its caller gave it; the caller is the authenticated member, or "*" for an integration or a file.</summary>
    public static string Action(string? caller, string leadId, SdrAction action, string id) => $"action:{caller ?? "*"}:{leadId}:{action}:{id}";

    /// <summary>A member's availability, by the id its caller gave it; the caller is the authenticated member, or "*" for an integration or a file.</summary>
    public static string Availability(string? caller, string memberId, string id) => $"availability:{caller ?? "*"}:{memberId}:{id}";

    /// <summary>A CRM event on a known lead (a property change), by the CRM's event id.</summary>
    public static string Event(string id) => "event:" + id;

    /// <summary>
    /// A line of a file input with no id of its own (a bad line, an action without an id), by the
    /// file's identity and rotation generation — not its name, so a same-named file elsewhere or a
    /// rotated one is never taken for this one.
    /// </summary>
    public static string Line(string input, long line) => $"line:{input}:{line}";
}
