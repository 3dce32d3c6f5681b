namespace HandoffRules.Model;

/// <summary>The things an SDR does to a lead; each moves it to a status the lifecycle names.</summary>
public enum SdrAction
{
    /// <summary>A first or later touch (call, e-mail).</summary>
    Touch,

    /// <summary>The SDR accepts the lead.</summary>
    Accept,

    /// <summary>The SDR rejects the lead with a standard reject reason.</summary>
    Reject,

    /// <summary>A meeting is booked.</summary>
    MeetingBooked,

    /// <summary>The lead goes back to nurture with a standard recycle reason.</summary>
    Recycle,

    /// <summary>The lead moves to another owner.</summary>
    Reassign,
}

/// <summary>A lifecycle stage (Lead, MQL, SAL, SQL…) and the fields a lead needs to be in it.</summary>
public sealed record LifecycleStage(string Name, EquatableArray<LeadField> RequiredFields);

/// <summary>A lead status (New, Attempting, Accepted…).</summary>
public sealed record LeadStatus(string Name);

/// <summary>An allowed move from one status to another.</summary>
public sealed record StatusTransition(string From, string To);

/// <summary>Where an SDR action takes a lead: its new status and, optionally, its new stage.</summary>
public sealed record SdrActionRule(SdrAction Action, string Status, string? Stage);

/// <summary>
/// The one lifecycle model: stages, statuses, the allowed transitions between statuses, what each
/// SDR action does, and the status a handed-off lead starts in.
/// </summary>
public sealed record Lifecycle(
    EquatableArray<LifecycleStage> Stages,
    EquatableArray<LeadStatus> Statuses,
    EquatableArray<StatusTransition> Transitions,
    EquatableArray<SdrActionRule> Actions,
    string InitialStatus)
{
    /// <summary>True when a lead may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public bool Allows(string from, string to)
    {
        if (string.Equals(from, to, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var transition in Transitions.AsSpan())
        {
            if (transition.From == from && transition.To == to)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The rule for an SDR action, or null when the lifecycle does not name one.</summary>
    public SdrActionRule? RuleFor(SdrAction action)
    {
        foreach (var rule in Actions.AsSpan())
        {
            if (rule.Action == action)
            {
                return rule;
            }
        }

        return null;
    }
}
