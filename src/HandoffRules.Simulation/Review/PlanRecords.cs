namespace HandoffRules.Simulation.Review;

/// <summary>A lead whose destination changed: where it went before and where it goes now.</summary>
public sealed record LeadMove(string LeadId, string From, string FromRule, string To, string ToRule);

/// <summary>A lead that stays in its queue with another member: a distribution effect, not a policy change.</summary>
public sealed record MemberMove(string LeadId, string Queue, string? FromMember, string? ToMember);

/// <summary>How many leads moved from one destination to another.</summary>
public sealed record MoveCount(string From, string To, int Leads);

/// <summary>A count before and after the change.</summary>
public sealed record LoadChange(string Name, int Before, int After)
{
    /// <summary>After minus before.</summary>
    public int Change => After - Before;
}

/// <summary>One value of a decision field changing to another, and for how many leads.</summary>
/// <param name="From">The value before ("-" when there was none); for a deadline, "due".</param>
/// <param name="To">The value now ("-" when there is none); for a deadline, how it shifted ("later by 1 h").</param>
/// <param name="Leads">Leads with this change.</param>
public sealed record ValueChange(string From, string To, int Leads);

/// <summary>How many leads one decision field changed for, and the most frequent changes.</summary>
/// <param name="Field">The decision field, as <c>decisions.jsonl</c> names it ("territory", "first_touch_due").</param>
/// <param name="Leads">Leads whose value of the field changed.</param>
/// <param name="Top">The most frequent changes, most leads first (at most five).</param>
public sealed record FieldChange(string Field, int Leads, IReadOnlyList<ValueChange> Top);

/// <summary>A value every lead of a group shares.</summary>
public sealed record Trait(string Field, string Value);

/// <summary>
/// Leads a policy change treated the same way: the same destination and rule before and after, and
/// the same changes of the other fields. What they share and why they changed is worked out from the
/// current playbook.
/// </summary>
/// <param name="Leads">How many.</param>
/// <param name="From">Destination before.</param>
/// <param name="FromRule">Rule that decided before.</param>
/// <param name="To">Destination now.</param>
/// <param name="ToRule">Rule that decides now.</param>
/// <param name="Changes">The field changes they all have, as "territory NA West → NA Central".</param>
/// <param name="Common">Territory, segment, source and definition values all of them share.</param>
/// <param name="Why">In words: the rule that no longer takes them, and what takes them now.</param>
/// <param name="LeadIds">The leads, by id.</param>
public sealed record ChangeGroup(
    int Leads,
    string From,
    string FromRule,
    string To,
    string ToRule,
    IReadOnlyList<string> Changes,
    IReadOnlyList<Trait> Common,
    string Why,
    IReadOnlyList<string> LeadIds)
{
    /// <summary>True when the leads go somewhere else now.</summary>
    public bool Moves => From != To;
}
