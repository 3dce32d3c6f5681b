using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.InvalidValueAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class InvalidValueAnalyzerTests
{
    [Fact]
    public Task Values_the_dsl_would_refuse_are_errors_at_compile_time() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Segment("Backwards", s => s.Employees({|HR1005:500|}, 100));
                handoff.Member("ana", "Ana", m => m.OutOfOffice({|HR1005:"2026-12-32"|}, "2027-01-02"));
                handoff.Queue("Q", q => q.Member("ana", weight: {|HR1005:0|}));
                handoff.Sla("Instant", s => s.FirstTouch().Within(hours: {|HR1005:0|}, minutes: 0).OnBreach(b => b.Escalate()));
            }
        }
        """);

    [Fact]
    public Task A_maximum_hold_of_no_time_is_an_error() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.HoldAtMost(hours: {|HR1005:0|});
                handoff.HoldAtMost(minutes: 30);
            }
        }
        """);

    [Fact]
    public Task Valid_values_are_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Segment("SMB", s => s.Employees(1, 199));
                handoff.Member("ana", "Ana", m => m.OutOfOffice("2026-12-24", "2027-01-02"));
                handoff.Queue("Q", q => q.Member("ana", weight: 2));
                handoff.Sla("Fast", s => s.FirstTouch().Within(minutes: 15).OnBreach(b => b.Escalate()));
            }
        }
        """);
}
