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

    [Fact]
    public Task Names_with_surrounding_whitespace_are_errors_where_declared_and_where_referred_to() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Member({|HR1005:"ana.ruiz "|}, "Ana Ruiz");
                handoff.Member("ben", "Ben");
                handoff.Queue("North America SDRs", q => q.Members("ben", {|HR1005:" ana.ruiz"|}));
                handoff.Queue("Triage", q => q.Members("ben"));
                handoff.Queue({|HR1005:"Triage\t"|}, q => q.Members("ben"));
                handoff.Route("North America", r => r.Territories({|HR1005:"NA "|}).ToQueue({|HR1005:"North America SDRs "|}));
                handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 4).OnBreach(b => b.Escalate({|HR1005:"Stalled "|})));
                handoff.Fallback({|HR1005:"\u00A0Triage"|});
            }
        }
        """);

    [Fact]
    public async Task A_name_message_shows_the_whitespace_it_is_about()
    {
        var test = new Verify.Test
        {
            TestCode = HandoffRules.Analyzers.Tests.Verifiers.PlaybookSources.Usings + """
                public sealed class Acme : Playbook
                {
                    protected override void Define(PlaybookBuilder handoff)
                    {
                        handoff.Route("North America", r => r.ToQueue("North America SDRs "));
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("HR1005", Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .WithSpan(9, 55, 9, 76)
            .WithArguments("Acme", "Route 'North America' refers to queue 'North America SDRs\u2420', whose name ends with whitespace (shown as \u2420 for a space); names are matched exactly as written, so remove it"));
        await test.RunAsync();
    }

    [Fact]
    public Task Constant_business_hours_and_time_zones_are_checked_at_compile_time() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.BusinessHours({|HR1005:"America/NewYork"|}, h => h.Open({|HR1005:18|}, 8).Holidays("2026-12-25", {|HR1005:"2026-02-30"|}));
                handoff.Member("ana", "Ana", m => m.TimeZone({|HR1005:"Pacific Standard Time"|}).WorkingHours({|HR1005:9|}, 9));
                handoff.Member("ben", "Ben", m => m.TimeZone("Europe/London").WorkingHours(0, 24));
                handoff.Queue("Q", q => q.Members("ana").BusinessHours({|HR1005:"Mars/Olympus"|}, h => h.Open({|HR1005:-1|}, 25)));
                handoff.Queue("R", q => q.Members("ben").BusinessHours("Etc/UTC", h => h.Open(0, 24)));
            }
        }
        """);
}
