using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.ReasonNurtureTrackAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class ReasonNurtureTrackAnalyzerTests
{
    [Fact]
    public Task Reasons_that_send_leads_nowhere_are_errors() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.RejectReason({|HR3002:"SPAM"|}, "Spam", r => { });
                handoff.RecycleReason({|HR3002:"LOST"|}, "Lost", r => { });
            }
        }
        """);

    [Fact]
    public Task A_track_or_a_misroute_is_a_destination() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.NurtureTrack("Later");
                handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));
                handoff.RejectReason("WRONG_TERRITORY", "Wrong territory", r => r.Misroute());
                handoff.RecycleReason("BAD_TIMING", "Bad timing", r => r.NurtureTrack("Later"));
            }
        }
        """);
}
