using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Cli;

/// <summary>A playbook in this assembly without HubSpot sync, for <c>handoff simulate --rules</c>.</summary>
public sealed class UnsyncedDeskPlaybook : Playbook
{
    protected override void Define(PlaybookBuilder handoff)
    {
        handoff.Definition("MQL", d => d.When(l => l.Score >= 50).HandsOff());
        handoff.Member("ana", "Ana");
        handoff.Queue("Everyone", q => q.Members("ana"));
        handoff.Route("All", r => r.ToQueue("Everyone"));
        handoff.Fallback("Everyone");
        handoff.NurtureTrack("Later");
        handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
        handoff.RecycleReason("BAD_TIMING", "Not this quarter", r => r.NurtureTrack("Later"));
    }
}

/// <summary>
/// <c>handoff simulate</c> counts the HubSpot write-backs a HubSpot-synced playbook would make, in a
/// section after the report; a playbook without HubSpot sync gets no such section.
/// </summary>
public sealed class SimulateWriteBackTests
{
    [Fact]
    public async Task The_sample_playbook_declares_HubSpot_sync_and_gets_a_write_back_section_after_the_report()
    {
        var (exit, output, error) = await CliRunner.Run("simulate", "--leads", "300", "--days", "2", "--seed", "7");

        Assert.True(exit == 0, error);
        var section = output.IndexOf("HubSpot write-backs (the playbook declares HubSpot sync; queued in the simulation, not sent):", StringComparison.Ordinal);
        Assert.True(section > output.IndexOf("What to improve", StringComparison.Ordinal), output);
        Assert.Matches(@"\n  [\d,]+ contact updates — owner [\d,]+, lead status [\d,]+, lifecycle stage [\d,]+ \([\d,]+ cleared first to move back\), reason [\d,]+\n", output[section..]);
        Assert.Matches(@"\n  [\d,]+ tasks; [\d,]+ requests to HubSpot in all", output[section..]);
    }

    [Fact]
    public async Task A_playbook_without_HubSpot_sync_gets_no_write_back_section()
    {
        var (exit, output, error) = await CliRunner.Run("simulate", "--leads", "200", "--days", "2", "--seed", "7",
            "--rules", typeof(UnsyncedDeskPlaybook).Assembly.Location, "--playbook", nameof(UnsyncedDeskPlaybook));

        Assert.True(exit == 0, error + output);
        Assert.DoesNotContain("HubSpot", output, StringComparison.Ordinal);
    }
}
