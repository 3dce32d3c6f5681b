using HandoffRules.Records;
using HandoffRules.Testing;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit.Sdk;

namespace Acme.Rules.Tests;

/// <summary>
/// Every routing decision of the sample playbook for 3,000 generated leads, pinned. A pull request
/// that changes the playbook changes this snapshot, and the diff shows exactly which leads move.
/// </summary>
public sealed class RoutingSnapshotTests
{
    private const string SnapshotFile = "RoutingSnapshotTests.Sample_playbook_decisions.snap";

    [Fact]
    public void Sample_playbook_decisions() => DecisionSnapshot.Match(AcmeLeads.Baseline, Snapshot.FullName());

    [Fact]
    public void Changing_one_route_fails_the_snapshot_with_the_moved_leads_line_by_line()
    {
        var changed = AcmeLeads.Route(AcmeLeads.WithRoute("Latin America", r => r with { Queue = "NA Velocity" }));
        var snapshot = new SnapshotFullName(SnapshotFile, Snapshot.FullName().FolderPath);
        var latam = AcmeLeads.Baseline.Where(r => r.Route == "Latin America").OrderBy(r => r.LeadId, StringComparer.Ordinal).First();

        var failure = Assert.Throws<XunitException>(() => DecisionSnapshot.Match(changed, snapshot, existing: true));

        Assert.Contains("routing decision(s) changed against " + SnapshotFile, failure.Message, StringComparison.Ordinal);
        Assert.Contains("- " + latam.ToSnapshotLine(), failure.Message, StringComparison.Ordinal);
        Assert.Contains("+ " + changed.Single(r => r.LeadId == latam.LeadId).ToSnapshotLine(), failure.Message, StringComparison.Ordinal);
        Assert.Contains("Latin America -> NA Velocity", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_snapshot_is_one_line_per_lead_sorted_by_id()
    {
        var lines = DecisionSnapshot.Lines(AcmeLeads.Baseline);

        Assert.Equal(AcmeLeads.Count, lines.Length);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
    }
}
