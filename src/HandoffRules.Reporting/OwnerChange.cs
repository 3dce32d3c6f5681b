namespace HandoffRules.Reporting;

/// <summary>A reassignment, escalation or offer: the queue and member it names, each only when it carries the field.</summary>
internal readonly record struct OwnerChange(long At, bool HasQueue, int Queue, bool HasMember, int Member);
