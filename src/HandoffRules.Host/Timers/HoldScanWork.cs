using HandoffRules.Host.Inputs;

namespace HandoffRules.Host.Timers;

/// <summary>
/// A look at the leads waiting in a queue without an owner: each is offered to a member free at
/// <paramref name="At"/>, and one held past the playbook's maximum hold is escalated.
/// </summary>
/// <param name="At">The time the look runs at: the wall clock live, the input's own clock when history is replayed.</param>
public sealed record HoldScanWork(DateTimeOffset At) : HandoffWork("holds", "held leads at " + At.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
