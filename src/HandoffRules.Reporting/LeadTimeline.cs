using System.Text.Json.Nodes;
using HandoffRules.Records;

namespace HandoffRules.Reporting;

/// <summary>What the event log says happened to one lead, in order.</summary>
internal sealed class LeadTimeline
{
    private static readonly string[] OwnerFields = ["member", "queue"];

    public LeadTimeline(string leadId) => LeadId = leadId;

    public string LeadId { get; }

    /// <summary>The hand-off (lead.routed), if the lead was routed.</summary>
    public HandoffEvent? Routed { get; set; }

    public List<HandoffEvent> Events { get; } = [];

    /// <summary>For a stretch of one owner (see <see cref="Stretches"/>): when the lead went to the next owner.</summary>
    public DateTimeOffset? Until { get; private set; }

    /// <summary>Until when the lead waited for a touch from this owner: the stretch's end, or the window's end.</summary>
    public DateTimeOffset WaitedUntil(DateTimeOffset end) => Until is { } until && until < end ? until : end;

    public string Source => Routed?.Text("source") ?? "(unknown)";

    public string Segment => Routed?.Text("segment") ?? "(unknown)";

    public string Queue => Routed?.Text("queue") ?? "(account owner)";

    public string Member => Routed?.Text("member") ?? "(unassigned)";

    public string Route => Routed?.Text("route") ?? "(none)";

    public IEnumerable<HandoffEvent> Before(DateTimeOffset end) => Events.Where(e => e.At < end);

    /// <summary>The first touch (a touch or a booked meeting) before the end.</summary>
    public DateTimeOffset? FirstTouch(DateTimeOffset end) =>
        Before(end).Where(e => e.Type is HandoffEventTypes.Touched or HandoffEventTypes.MeetingBooked).Select(e => (DateTimeOffset?)e.At).Min();

    /// <summary>The lead's last answer before the end: accepted, rejected, expired (acceptance SLA breached with no answer), or null.</summary>
    public string? Answer(DateTimeOffset end)
    {
        var last = Before(end).LastOrDefault(e => e.Type is HandoffEventTypes.Accepted or HandoffEventTypes.Rejected);
        if (last is not null)
        {
            return last.Type == HandoffEventTypes.Accepted ? "accepted" : "rejected";
        }

        return Before(end).Any(e => e.Type == HandoffEventTypes.SlaBreached && e.Text("kind") == "Acceptance") ? "expired" : null;
    }

    public bool Has(string type, DateTimeOffset end) => Before(end).Any(e => e.Type == type);

    public bool Misrouted(DateTimeOffset end) =>
        Before(end).Any(e => e.Type is HandoffEventTypes.Reassigned or HandoffEventTypes.Rejected && e.Flag("misroute"));

    /// <summary>
    /// The lead's holds before the end: from each <c>lead.held</c> until it got an owner (offered,
    /// or escalated or reassigned to a member) or left the handoff (recycled, rejected to nurture);
    /// the end is null while it is still held.
    /// </summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset? End)> Holds(DateTimeOffset end)
    {
        DateTimeOffset? start = null;
        foreach (var e in Before(end))
        {
            if (e.Type == HandoffEventTypes.Held)
            {
                start ??= e.At;
            }
            else if (start is not null && EndsHold(e))
            {
                yield return (start.Value, e.At);
                start = null;
            }
        }

        if (start is not null)
        {
            yield return (start.Value, null);
        }
    }

    /// <summary>
    /// Who had the lead at a moment: its queue, its member (null while nobody has it), since when it
    /// has been without a member, and whether it is still in the handoff (not recycled or rejected to nurture).
    /// Ownership follows the hand-off and every reassignment, escalation and offer before the moment.
    /// </summary>
    public (string Queue, string? Member, DateTimeOffset Since, bool Open) OwnerAt(DateTimeOffset end)
    {
        var (queue, member, since, open) = (Queue, Routed?.Text("member"), Routed?.At ?? DateTimeOffset.MinValue, true);
        foreach (var e in Before(end))
        {
            if (e.Type is HandoffEventTypes.Reassigned or HandoffEventTypes.Escalated or HandoffEventTypes.Offered && (Routed is null || e.Seq > Routed.Seq))
            {
                queue = e.Data.ContainsKey("queue") ? e.Text("queue") ?? queue : queue;
                if (e.Data.ContainsKey("member"))
                {
                    var next = e.Text("member");
                    since = next is null && member is not null ? e.At : since;
                    member = next;
                }
            }
            else if (e.Type == HandoffEventTypes.Recycled || (e.Type == HandoffEventTypes.Rejected && !e.Flag("misroute")))
            {
                open = false;
            }
        }

        return (queue, member, since, open);
    }

    private static bool EndsHold(HandoffEvent e) => e.Type switch
    {
        HandoffEventTypes.Offered => true,
        HandoffEventTypes.Escalated or HandoffEventTypes.Reassigned => e.Text("member") is not null,
        HandoffEventTypes.Recycled => true,
        HandoffEventTypes.Rejected => !e.Flag("misroute"),
        _ => false,
    };

    /// <summary>
    /// The lead's stretches under one value of an ownership field ("member" or "queue"), so a split
    /// credits each outcome to whoever held the lead when it happened: a lead rejected as a misroute
    /// by one member and accepted by another gives the first a misroute and the second an acceptance.
    /// A stretch starts at the hand-off or at the event that gave the lead a new owner (reassigned,
    /// escalated, offered); that event ends the previous stretch and belongs to it, so a misroute
    /// reassignment counts for the member who sent the lead away.
    /// </summary>
    public IEnumerable<LeadTimeline> Stretches(string field)
    {
        if (Routed is null)
        {
            yield return this;
            yield break;
        }

        var owner = Routed.Text(field);
        var facts = Routed.Data;
        var current = new LeadTimeline(LeadId) { Routed = Routed };
        foreach (var e in Events)
        {
            current.Events.Add(e);
            if (e.Seq <= Routed.Seq || e.Type is not (HandoffEventTypes.Reassigned or HandoffEventTypes.Escalated or HandoffEventTypes.Offered)
                || !e.Data.ContainsKey(field) || e.Text(field) == owner)
            {
                continue;
            }

            current.Until = e.At;
            yield return current;
            owner = e.Text(field);
            facts = (JsonObject)facts.DeepClone();
            foreach (var key in OwnerFields.Where(e.Data.ContainsKey))
            {
                facts[key] = e.Data[key]?.DeepClone();
            }

            // The new owner's stretch starts as a hand-off of its own, at the moment it got the lead.
            current = new LeadTimeline(LeadId) { Routed = new HandoffEvent(e.Seq, LeadId, HandoffEventTypes.Routed, e.At, facts) };
        }

        yield return current;
    }

    /// <summary>Builds every lead's timeline, events in log order.</summary>
    public static Dictionary<string, LeadTimeline> From(IEnumerable<HandoffEvent> events)
    {
        var timelines = new Dictionary<string, LeadTimeline>(StringComparer.Ordinal);
        foreach (var e in events.OrderBy(e => e.Seq))
        {
            if (!timelines.TryGetValue(e.LeadId, out var timeline))
            {
                timeline = new LeadTimeline(e.LeadId);
                timelines.Add(e.LeadId, timeline);
            }

            timeline.Events.Add(e);
            if (e.Type == HandoffEventTypes.Routed)
            {
                timeline.Routed ??= e;
            }
        }

        return timelines;
    }
}
