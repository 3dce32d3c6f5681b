using Verify = HandoffRules.Analyzers.Tests.Verifiers.PlaybookVerifier<HandoffRules.Analyzers.Rules.NonConstantArgumentAnalyzer>;

namespace HandoffRules.Analyzers.Tests.Rules;

public sealed class NonConstantArgumentAnalyzerTests
{
    [Fact]
    public Task Names_claims_and_bands_that_are_not_constants_are_warnings() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            private static readonly string TriageQueue = "Triage";
            private static readonly string[] Nordics = ["SE", "NO", "DK"];
            private static int smallest = 1;

            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("Nordics", t => t.Countries({|HR1002:Nordics|}));
                handoff.Segment("SMB", s => s.Employees({|HR1002:smallest|}, 199));
                handoff.Fallback({|HR1002:TriageQueue|});
                foreach (var name in new[] { "A", "B" })
                {
                    handoff.Queue({|HR1002:name|}, q => q.Members("ana"));
                }
            }
        }
        """);

    [Fact]
    public Task A_configuration_that_is_not_a_lambda_is_a_warning() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            private static void Team(QueueBuilder queue) => queue.Members("ana");

            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Queue("Team", {|HR1002:Team|});
                handoff.Fallback("Team");
            }
        }
        """);

    [Fact]
    public Task Literals_and_consts_are_clean() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            private const string TriageQueue = "Triage";
            private const int MidMarket = 200;

            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Territory("Nordics", t => t.Countries("SE", "NO", "DK"));
                handoff.Segment("SMB", s => s.Employees(1, MidMarket - 1));
                handoff.Segment("Mid-Market", s => s.Employees(MidMarket));
                handoff.Route("Nordics", r => r.Territories("Nordics").Sources(LeadSource.Paid, LeadSource.Events).ToQueue(TriageQueue));
                handoff.Fallback(TriageQueue);
            }
        }
        """);

    [Fact]
    public Task A_builder_handed_to_a_helper_is_a_warning() => Verify.VerifyAsync("""
        public sealed class Acme : Playbook
        {
            private static void Team(QueueBuilder queue) => queue.Members("ana");

            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Queue("Team", q => Team({|HR1002:q|}));
                handoff.Fallback("Team");
            }
        }
        """);

    [Fact]
    public async Task The_message_says_what_to_write_before_it_says_compile_time_constant()
    {
        var test = new Verify.Test
        {
            TestCode = HandoffRules.Analyzers.Tests.Verifiers.PlaybookSources.Usings + """
                public sealed class Acme : Playbook
                {
                    private static readonly string TriageQueue = "Triage";

                    protected override void Define(PlaybookBuilder handoff)
                    {
                        handoff.Fallback({|#0:TriageQueue|});
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("HR1002", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("Write the value itself or a const", "fallback queue", "Fallback"));
        await test.RunAsync();

        var message = new HandoffRules.Checks.CheckFinding(HandoffRules.Checks.CheckRules.NonConstantArgument, null, [], "Write the value itself or a const", "fallback queue", "Fallback").Message;
        Assert.True(message.IndexOf("value itself or a const", StringComparison.Ordinal) < message.IndexOf("compile-time constant", StringComparison.Ordinal), message);
    }
}
