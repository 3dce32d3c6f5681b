using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.HubSpotMappingAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class HubSpotMappingAnalyzerTests
{
    private const string Lifecycle = """
                handoff.Lifecycle(l => l
                    .Stage("MQL").Stage("SAL").Stage("Nurture")
                    .Statuses("New", "Accepted", "Recycled")
                    .Transition("New", "Accepted", "Recycled")
                    .Transition("Accepted", "Recycled")
                    .OnAction(SdrAction.Accept, "Accepted", "SAL")
                    .OnAction(SdrAction.Recycle, "Recycled", "Nurture"));
        """;

    [Fact]
    public Task A_status_without_a_HubSpot_value_is_an_error() => Verify.VerifyAsync($$"""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
        {{Lifecycle}}
                handoff.{|HR4004:HubSpot(h => h
                    .Stage("MQL", "marketingqualifiedlead").Stage("SAL", "salesqualifiedlead").Stage("Nurture", "other")
                    .Status("New", "NEW").Status("Accepted", "IN_PROGRESS"))|};
            }
        }
        """);

    [Fact]
    public Task A_status_mapped_twice_or_two_statuses_on_one_value_are_errors() => Verify.VerifyAsync($$"""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
        {{Lifecycle}}
                handoff.HubSpot(h => h
                    .Stage("MQL", "marketingqualifiedlead").Stage("SAL", "salesqualifiedlead").Stage("Nurture", "other")
                    .Status("New", "NEW").Status("Accepted", "IN_PROGRESS").Status("Recycled", {|HR4005:"NEW"|})
                    .Status({|HR4005:"New"|}, "OPEN"));
            }
        }
        """);

    [Fact]
    public Task A_recycle_to_an_earlier_HubSpot_stage_warns_until_the_writer_may_clear_it() => Verify.VerifyAsync($$"""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
        {{Lifecycle}}
                handoff.HubSpot(h => h
                    .Stage("MQL", "marketingqualifiedlead").Stage("SAL", "salesqualifiedlead").Stage("Nurture", {|HR4006:"lead"|})
                    .Status("New", "NEW").Status("Accepted", "IN_PROGRESS").Status("Recycled", "BAD_TIMING"));
            }
        }
        """);

    [Fact]
    public Task A_complete_mapping_that_clears_the_stage_to_move_back_is_clean() => Verify.VerifyAsync($$"""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
        {{Lifecycle}}
                handoff.HubSpot(h => h
                    .Stage("MQL", "marketingqualifiedlead").Stage("SAL", "salesqualifiedlead").Stage("Nurture", "lead")
                    .ClearStageToMoveBack()
                    .Status("New", "NEW").Status("Accepted", "IN_PROGRESS").Status("Recycled", "BAD_TIMING")
                    .ReasonProperty("handoff_reject_reason"));
            }
        }
        """);

    [Fact]
    public Task A_playbook_without_HubSpot_sync_needs_no_mapping() => Verify.VerifyAsync($$"""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
        {{Lifecycle}}
            }
        }
        """);
}
