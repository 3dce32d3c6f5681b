namespace HandoffRules.Model;

/// <summary>
/// An ordered routing rule: the first route whose conditions all hold takes the lead. An empty
/// condition accepts anything.
/// </summary>
/// <param name="Name">The route's name, as traces and reports show it.</param>
/// <param name="Definitions">Hand-off definitions it accepts.</param>
/// <param name="Territories">Territories it accepts.</param>
/// <param name="Segments">Segments it accepts.</param>
/// <param name="Sources">Lead sources it accepts.</param>
/// <param name="RequiresAccountMatch">Only leads whose domain is in the account book.</param>
/// <param name="Condition">A further condition on the lead.</param>
/// <param name="Queue">The queue it sends leads to, unless it sends them to the account owner.</param>
/// <param name="ToAccountOwner">Sends the lead to the matched account's owner.</param>
/// <param name="BackupQueue">Where an account-owner route sends the lead when the owner is unavailable.</param>
public sealed record Route(
    string Name,
    EquatableArray<string> Definitions,
    EquatableArray<string> Territories,
    EquatableArray<string> Segments,
    EquatableArray<LeadSource> Sources,
    bool RequiresAccountMatch,
    LeadPredicate? Condition,
    string? Queue,
    bool ToAccountOwner,
    string? BackupQueue);

/// <summary>Where a lead goes when no route matches or its context is missing.</summary>
public sealed record Fallback(string Queue, string? Description);

/// <summary>
/// Where a stalled lead goes: from the given queues (any queue when empty) to another queue,
/// notifying a channel.
/// </summary>
public sealed record Escalation(string Name, EquatableArray<string> FromQueues, string ToQueue, string? SlackChannel);
