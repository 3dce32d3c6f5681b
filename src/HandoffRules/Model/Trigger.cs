namespace HandoffRules.Model;

/// <summary>What a trigger does.</summary>
public enum TriggerActionKind
{
    /// <summary>Create a task for the owner; the target is the task's subject.</summary>
    CreateTask,

    /// <summary>Post to a Slack channel; the target is the channel.</summary>
    SlackAlert,

    /// <summary>Send an e-mail; the target is an address, or "owner".</summary>
    EmailAlert,

    /// <summary>Start an SLA timer; the target is the SLA's name.</summary>
    StartSla,
}

/// <summary>One action of a trigger.</summary>
public sealed record TriggerAction(TriggerActionKind Kind, string Target)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind}({Target})";
}

/// <summary>
/// A reaction to an event: on a demo request, a high-intent page view or a product signal, create
/// a task, alert and start SLA timers.
/// </summary>
/// <param name="Name">The trigger's name.</param>
/// <param name="On">The event type it reacts to.</param>
/// <param name="DetailPrefix">Only events whose detail (page path, signal name) starts with this.</param>
/// <param name="Actions">What it does, in order.</param>
public sealed record Trigger(string Name, LeadEventType On, string? DetailPrefix, EquatableArray<TriggerAction> Actions);
