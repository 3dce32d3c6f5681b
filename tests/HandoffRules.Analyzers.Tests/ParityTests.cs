using System.Collections.Immutable;
using System.Globalization;
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
        { "EscalateWithoutCover", Valid.Replace("handoff.Escalation(\"Stalled\", e => e.To(\"Triage\"));", "handoff.Escalation(\"Stalled\", e => e.From(\"UK\").To(\"Triage\"));") + "handoff.Fallback(\"Triage\");" },
        { "WindowsTimeZone", Valid + "handoff.Member(\"cy\", \"Cy\", m => m.TimeZone(\"Pacific Standard Time\"));\nhandoff.Fallback(\"Triage\");" },
        { "InvertedHours", Valid + "handoff.BusinessHours(\"Europe/London\", h => h.Open(17, 9));\nhandoff.Fallback(\"Triage\");" },
        { "QueueHoursZone", Valid + "handoff.Queue(\"Night\", q => q.Members(\"ana\").BusinessHours(\"Europe/Londres\"));\nhandoff.Fallback(\"Triage\");" },
        { "HubSpotUnmappedTwiceAndBackwards", Valid + "handoff.HubSpot(h => h.Stage(\"SAL\", \"salesqualifiedlead\").Stage(\"Nurture\", \"lead\").Stage(\"SQL\", \"opportunity\").Status(\"New\", \"NEW\").Status(\"New\", \"OPEN\").Status(\"Accepted\", \"NEW\").Owner(\"nobody\", \"42\"));\nhandoff.Fallback(\"Triage\");" },
        { "SlackIdNotAMemberId", Valid + "handoff.Member(\"cy\", \"Cy\", m => m.SlackId(\"@cy\"));\nhandoff.Member(\"di\", \"Di\", m => m.SlackId(\"U024BE7LH\"));\nhandoff.Queue(\"Chat\", q => q.Members(\"cy\", \"di\"));\nhandoff.Fallback(\"Triage\");" },
        { "Clean", Valid + "handoff.Fallback(\"Triage\");" },
    };

    /// <summary>
    /// Every string literal of the clean playbook in turn written with whitespace around it —
    /// a space before, a tab after, no-break spaces on both sides, in rotation — so every kind of
    /// name (declared or referred to), label, claim and domain is tried.
    /// </summary>
    public static TheoryData<string, string> WhitespaceVariants
    {
        get
        {
            var clean = Valid + "handoff.Fallback(\"Triage\");";
            var data = new TheoryData<string, string>();
            var literals = System.Text.RegularExpressions.Regex.Matches(clean, "\"([^\"]+)\"");
            string[] before = [" ", "", "\\u00A0"];
            string[] after = ["", "\\t", "\\u00A0"];
            for (var i = 0; i < literals.Count; i++)
            {
                var value = literals[i].Groups[1];
                var variant = clean[..value.Index] + before[i % 3] + value.Value + after[i % 3] + clean[(value.Index + value.Length)..];
                data.Add($"Whitespace{i:00}", variant);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Playbooks))]
    [MemberData(nameof(WhitespaceVariants))]
    public Task Declarations_spread_over_helper_methods_are_judged_as_the_same_playbook(string name, string define) =>
        AssertParity(name + "InHelpers", InHelpers(define), expectClean: name.StartsWith("Whitespace", StringComparison.Ordinal) ? null : name == "Clean");

    [Theory]
    [MemberData(nameof(WhitespaceVariants))]
    public Task Analyzers_and_the_runtime_validator_agree_on_names_with_whitespace(string name, string define) =>
        AssertParity(name, [Inline(name, define)], expectClean: null);

    [Fact]
    public Task A_broad_route_in_an_earlier_helper_shadows_a_narrow_route_in_a_later_helper() =>
        AssertParity("CrossMethodShadow", [PlaybookSources.Usings + """
            public sealed partial class CrossMethodShadow : Playbook
            {
                protected override void Define(PlaybookBuilder handoff)
                {
                    handoff.Member("ana", "Ana");
                    handoff.Queue("Q", q => q.Members("ana"));
                    handoff.Territory("West", t => t.Regions("US", "CA", "WA"));
                    handoff.Segment("All", s => s.Employees(1));
                    handoff.Definition("MQL", d => d.HandsOff());
                    Broad(handoff);
                    handoff.Fallback("Q");
                    Narrow(handoff);
                }

                private void Narrow(PlaybookBuilder handoff) => handoff.Route("West", r => r.Territories("West").ToQueue("Q"));
            }
            """, PlaybookSources.Usings + """
            public sealed partial class CrossMethodShadow
            {
                private static void Broad(PlaybookBuilder handoff) => handoff.Route("Everything", r => r.ToQueue("Q"));
            }
            """], expectClean: false, expectIds: ["HR2004"]);

    [Theory]
    [MemberData(nameof(Playbooks))]
    public Task Analyzers_and_the_runtime_validator_report_the_same_ids(string name, string define) =>
        AssertParity(name, [Inline(name, define)], expectClean: name == "Clean");

    /// <summary>Playbooks with data files: account books and postal lists, clean and broken in every way the checks know.</summary>
    public static TheoryData<string, string, string[]> FilePlaybooks => new()
    {
        { "BookClean", Valid + "handoff.AccountsFrom(\"accounts.csv\");\nhandoff.Fallback(\"Triage\");", ["accounts.csv", "account,domains,owner,parent,segment,territory\r\nGlobex,globex.com;globex.de,ana,,,\r\n\"Globex, Europe\",\"globex.eu\",,Globex,SMB,UK\r\n"] },
        { "BookBroken", Valid + "handoff.Account(\"Big\", a => a.Domains(\"big.com\").Owner(\"ana\"));\nhandoff.AccountsFrom(\"data/accounts.csv\");\nhandoff.Fallback(\"Triage\");",
            ["data/accounts.csv", "account,domains,owner,parent,territory\nGlobex,globex.com,,Globex Europe,\nGlobex Europe,globex.eu;BIG.com,,Globex,\nInitech,initech.com,nobody,Pied Piper,Atlantis\nUmbrella,umbrella,ana,,\nSoylent,soylent.com\n ana,ana.com, ana,,\nHooli,hooli.com,,,\nIni\"tech,x.com,ana,,\nInitech,initech.org,ana,,\n"] },
        { "BookBadHeader", Valid + "handoff.AccountsFrom(\"accounts.csv\");\nhandoff.Fallback(\"Triage\");", ["accounts.csv", "account,domains,ownr,owner,owner\n"] },
        { "BookUnclosedQuote", Valid + "handoff.AccountsFrom(\"accounts.csv\");\nhandoff.Fallback(\"Triage\");", ["accounts.csv", "account,domains,owner\nGlobex,globex.com,ana\n\"Initech,initech.com,ana\nHooli,hooli.com,ana\n"] },
        { "PostalList", Valid + "handoff.Territory(\"Paris\", t => t.Country(\"FR\").PostalCodesFrom(\"paris.csv\"));\nhandoff.Territory(\"London\", t => t.PostalCodesFrom(\"paris.csv\"));\nhandoff.Fallback(\"Triage\");",
            ["paris.csv", "country,postal_code\nFR,75\nUnited Kingdom,EC1\nAtlantis,1\nFR,\n"] },
        { "MissingFiles", Valid + "handoff.AccountsFrom(\"accounts.csv\");\nhandoff.Territory(\"Paris\", t => t.PostalCodesFrom(\"paris.csv\"));\nhandoff.Fallback(\"Triage\");", ["other.csv", "country,postal_code\n"] },
    };

    /// <summary>
    /// The files the analyzers read as AdditionalFiles are the files the runtime reads from the rules
    /// assembly: every finding is the same, with the same message at the same line and column.
    /// </summary>
    [Theory]
    [MemberData(nameof(FilePlaybooks))]
    public Task Analyzers_and_the_runtime_validator_agree_on_data_files_at_their_lines_and_columns(string name, string define, string[] file) =>
        AssertParity(name, [Inline(name, define)], expectClean: name == "BookClean", files: [(file[0], file[1])], expectIds: name switch
        {
            "BookBroken" => ["HR1003", "HR1004", "HR1005", "HR2008", "HR2011", "HR2012"],
            "PostalList" => ["HR2001", "HR2007", "HR2011"],
            "MissingFiles" => ["HR2010"],
            _ => null,
        });

    private static string Inline(string name, string define) => PlaybookSources.Usings + $$"""
        public sealed class {{name}} : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                {{define}}
            }
        }
        """;

    // Each statement in a helper method of its own, called in order from Define; the helpers are
    // declared in reverse order in a second partial file, so only the calls give the order.
    private static string[] InHelpers(string define)
    {
        var statements = define.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var calls = string.Join("\n", statements.Select((_, i) => $"Part{i}(handoff);"));
        var helpers = string.Join("\n", statements.Select((statement, i) => $"private static void Part{i}(PlaybookBuilder handoff) {{ {statement} }}").Reverse());
        return
        [
            PlaybookSources.Usings + $$"""
                public sealed partial class Split : Playbook
                {
                    protected override void Define(PlaybookBuilder handoff)
                    {
                        {{calls}}
                    }
                }
                """,
            PlaybookSources.Usings + $$"""
                public sealed partial class Split
                {
                    {{helpers}}
                }
                """,
        ];
    }

    /// <summary>
    /// Drives the sources through every analyzer and through what <c>handoff check</c> does — build
    /// the playbook (a value the DSL refuses is HR1005) and validate it — and fails on any
    /// difference in the ids or, where the playbook builds, in the messages.
    /// </summary>
    private static async Task AssertParity(string name, string[] sources, bool? expectClean, string[]? expectIds = null, (string Path, string Text)[]? files = null)
    {
        files ??= [];
        var compilation = CSharpCompilation.Create(name, sources.Select(source => CSharpSyntaxTree.ParseText(source)), PlaybookSources.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var analyzers = typeof(PlaybookAnalyzer).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var options = new AnalyzerOptions([.. files.Select(f => (AdditionalText)new DataFileText(f.Path, f.Text))]);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        var compileTime = diagnostics.Select(d => d.Id).Distinct().Order().ToList();

        using var image = new MemoryStream();
        // As the package's build logic embeds the project's data files in the rules assembly.
        var emitted = compilation.Emit(image, manifestResources: [.. files.Select(f => new ResourceDescription("HandoffRules.Files/" + f.Path, () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(f.Text)), isPublic: true))]);
        Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext(name, isCollectible: true);
        try
        {
            var type = context.LoadFromStream(image).GetTypes().Single(t => typeof(Playbook).IsAssignableFrom(t));
            var playbook = (Playbook)Activator.CreateInstance(type)!;
            IReadOnlyList<PlaybookIssue> issues;
            try
            {
                issues = PlaybookValidator.Validate(playbook.Build());
            }
            catch (PlaybookDefinitionException refused)
            {
                // The build stops at the first refused value, as `handoff check` does.
                Assert.Equal([PlaybookDefinitionException.RuleId], compileTime.Where(id => id != "HR1002"));
                Assert.Contains(diagnostics, d => d.Id == PlaybookDefinitionException.RuleId && refused.Message.StartsWith(d.GetMessage(CultureInfo.InvariantCulture).Split(": ", 2)[1], StringComparison.Ordinal));
                return;
            }

            var runtime = issues.Select(i => i.Id).Distinct().Order().ToList();
            Assert.Equal(runtime, compileTime);
            Assert.Equal(
                issues.Select(i => i.Message).Distinct().Order(StringComparer.Ordinal),
                diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).Distinct().Order(StringComparer.Ordinal));
            // Findings in a data file are at the same line and column on both sides.
            Assert.Equal(
                issues.Where(i => files.Any(f => i.Where.StartsWith(f.Path + "(", StringComparison.Ordinal))).Select(i => $"{i.Id} {i.Where}").Distinct().Order(StringComparer.Ordinal),
                diagnostics.Where(d => d.Location.Kind == LocationKind.ExternalFile)
                    .Select(d => $"{d.Id} {d.Location.GetLineSpan().Path}({d.Location.GetLineSpan().StartLinePosition.Line + 1},{d.Location.GetLineSpan().StartLinePosition.Character + 1})").Distinct().Order(StringComparer.Ordinal));

            if (expectClean is { } clean)
            {
                Assert.Equal(clean, runtime.Count == 0);
            }

            if (expectIds is not null)
            {
                Assert.Equal(expectIds, runtime);
            }
        }
        finally
        {
            context.Unload();
        }
    }
}

/// <summary>A data file handed to the analyzers as an additional file.</summary>
internal sealed class DataFileText(string path, string text) : AdditionalText
{
    public override string Path => path;

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(text);
}
