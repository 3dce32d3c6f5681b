using Company.Handoff.Rules;
using HandoffRules.Testing;

namespace Company.Handoff.Rules.Tests;

/// <summary>
/// Every routing decision of the playbook for 1,000 generated leads, pinned in __snapshots__. A pull
/// request that changes the playbook changes this snapshot, and its diff shows exactly which leads
/// move. When a change is intended, delete the .snap file, run the tests once to write the new one,
/// and commit it with the change.
/// </summary>
public sealed class RoutingSnapshotTests
{
    internal static readonly SeededLeads Leads = new(new HandoffPlaybook(), count: 1000, seed: 42);

    [Fact]
    public void Playbook_decisions() => DecisionSnapshot.Match(Leads.Decisions);
}
