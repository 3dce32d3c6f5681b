using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using HandoffRules.Analyzers.Infrastructure;
using HandoffRules.Analyzers.Tests.Verifiers;
using HandoffRules.Validation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HandoffRules.Analyzers.Tests;

/// <summary>
/// The analyzers and the runtime validator share their checks: for each broken playbook the ids
/// the compiler reports are exactly the ids <c>handoff check</c> reports on the built model.
/// </summary>
public sealed class ParityTests
{
    private const string Valid = """
        handoff.Definition("Inbound", d => d.When(l => l.Email != null));
        handoff.Definition("MQL", d => d.Extends("Inbound").When(l => l.Score >= 60).HandsOff());
        handoff.Territory("West", t => t.Regions("US", "CA", "WA"));
        handoff.Territory("UK", t => t.Country("GB"));
        handoff.Segment("SMB", s => s.Employees(1, 199));
        handoff.Segment("Enterprise", s => s.Employees(200));
        handoff.Member("ana", "Ana");
        handoff.Member("ben", "Ben");
        handoff.Queue("West", q => q.Members("ana"));
        handoff.Queue("UK", q => q.Members("ben"));
        handoff.Queue("Triage", q => q.Members("ana", "ben"));
        handoff.Route("West", r => r.Territories("West").ToQueue("West"));
        handoff.Route("UK", r => r.Territories("UK").ToQueue("UK"));
        handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 4).OnEveryHandoff().OnBreach(b => b.Escalate()));
        handoff.Escalation("Stalled", e => e.To("Triage"));
        handoff.NurtureTrack("Later");
        handoff.RejectReason("NO_BUDGET", "No budget", r => r.NurtureTrack("Later"));

        """;

    public static TheoryData<string, string> Playbooks => new()
    {
        { "NoFallback", Valid },
        { "SameCountryByAlias", Valid + "handoff.Territory(\"Britain\", t => t.Country(\"United Kingdom\"));\nhandoff.Fallback(\"Triage\");" },
        { "StateOfAClaimedCountry", Valid + "handoff.Territory(\"All US\", t => t.Country(\"USA\"));\nhandoff.Fallback(\"Triage\");" },
        { "SegmentGapAndOverlap", Valid + "handoff.Segment(\"Giant\", s => s.Employees(150, 5000).Revenue(10, 20));\nhandoff.Fallback(\"Triage\");" },
        { "ShadowedRoute", Valid + "handoff.Route(\"West SMB\", r => r.Territories(\"West\").Segments(\"SMB\").ToQueue(\"Triage\"));\nhandoff.Fallback(\"Triage\");" },
        { "MissingAndEmptyQueues", Valid + "handoff.Member(\"gone\", \"Gone\", m => m.Inactive());\nhandoff.Queue(\"Former\", q => q.Members(\"gone\"));\nhandoff.Route(\"A\", r => r.Sources(LeadSource.Paid).ToQueue(\"Nowhere\"));\nhandoff.Escalation(\"Dead end\", e => e.From(\"UK\").To(\"Former\"));\nhandoff.Fallback(\"Triage\");" },
        { "SlaWithoutBreach", Valid + "handoff.Sla(\"Acceptance\", s => s.Acceptance().Within(hours: 8));\nhandoff.Fallback(\"Triage\");" },
        { "ReasonsNowhere", Valid + "handoff.RejectReason(\"SPAM\", \"Spam\", r => { });\nhandoff.RecycleReason(\"LOST\", \"Lost\", r => { });\nhandoff.Fallback(\"Triage\");" },
        { "Duplicates", Valid + "handoff.Queue(\"triage\", q => q.Members(\"ana\"));\nhandoff.Route(\"UK\", r => r.Sources(LeadSource.Events).ToQueue(\"UK\"));\nhandoff.Fallback(\"Triage\");" },
        { "UnknownReferences", Valid + "handoff.Route(\"Ghost\", r => r.Territories(\"Atlantis\").Definitions(\"SQL\").ToQueue(\"UK\"));\nhandoff.Queue(\"Phantoms\", q => q.Members(\"nobody\", \"ana\"));\nhandoff.Trigger(\"Demo\", t => t.On(LeadEventType.DemoRequest).StartSla(\"Demo touch\"));\nhandoff.Fallback(\"Triage\");" },
        { "UnknownPlaceAndSharedDomain", Valid + "handoff.Territory(\"Myth\", t => t.Country(\"Atlantis\"));\nhandoff.Account(\"A\", a => a.Domains(\"a.com\").Owner(\"ana\"));\nhandoff.Account(\"B\", a => a.Domains(\"A.com\").Owner(\"ben\"));\nhandoff.Fallback(\"Triage\");" },
        { "NoHandoffAndLaterDefinition", "handoff.Definition(\"SDR-ready\", d => d.MeetsAny(\"MQL\"));\nhandoff.Definition(\"MQL\", d => d.When(l => l.Score > 50));\nhandoff.Member(\"ana\", \"Ana\");\nhandoff.Queue(\"Q\", q => q.Members(\"ana\"));\nhandoff.Fallback(\"Q\");" },
        { "UnreachableStatus", Valid + "handoff.Lifecycle(l => l.Statuses(\"New\", \"Done\", \"Orphan\").Transition(\"New\", \"Done\").OnAction(SdrAction.Accept, \"Orphan\"));\nhandoff.Fallback(\"Triage\");" },
        { "CappedQueueWithoutOverflow", Valid.Replace("handoff.Escalation(\"Stalled\", e => e.To(\"Triage\"));", "handoff.Escalation(\"Stalled\", e => e.From(\"UK\").To(\"Triage\"));") + "handoff.Member(\"cy\", \"Cy\", m => m.DailyCap(20));\nhandoff.Queue(\"Capped\", q => q.Members(\"cy\"));\nhandoff.Fallback(\"Triage\");" },
        { "HubSpotUnmappedTwiceAndBackwards", Valid + "handoff.HubSpot(h => h.Stage(\"SAL\", \"salesqualifiedlead\").Stage(\"Nurture\", \"lead\").Stage(\"SQL\", \"opportunity\").Status(\"New\", \"NEW\").Status(\"New\", \"OPEN\").Status(\"Accepted\", \"NEW\").Owner(\"nobody\", \"42\"));\nhandoff.Fallback(\"Triage\");" },
        { "Clean", Valid + "handoff.Fallback(\"Triage\");" },
    };

    [Theory]
    [MemberData(nameof(Playbooks))]
    public async Task Analyzers_and_the_runtime_validator_report_the_same_ids(string name, string define)
    {
        var source = PlaybookSources.Usings + $$"""
            public sealed class {{name}} : Playbook
            {
                protected override void Define(PlaybookBuilder handoff)
                {
                    {{define}}
                }
            }
            """;
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source)], PlaybookSources.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var analyzers = typeof(PlaybookAnalyzer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var compileTime = (await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync())
            .Select(d => d.Id).Distinct().Order().ToList();

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext(name, isCollectible: true);
        try
        {
            var playbook = (Playbook)Activator.CreateInstance(context.LoadFromStream(image).GetType(name)!)!;
            var runtime = PlaybookValidator.Validate(playbook.Build()).Select(i => i.Id).Distinct().Order().ToList();

            Assert.Equal(runtime, compileTime);
            Assert.Equal(name == "Clean", runtime.Count == 0);
        }
        finally
        {
            context.Unload();
        }
    }
}
