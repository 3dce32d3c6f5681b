namespace HandoffRules.Analyzers.Tests.Build;

/// <summary>
/// The code fixes applied by the real command-line client, <c>dotnet format analyzers</c>, on a
/// rules project on disk — what a RevOps engineer without an IDE runs.
/// </summary>
[Collection(DotnetCollection.Name)]
public sealed class FormatTests
{
    private const string Broken = """
        using HandoffRules;
        using HandoffRules.Model;

        namespace My.Rules;

        public sealed class MyPlaybook : Playbook
        {
            protected override void Define(PlaybookBuilder handoff)
            {
                handoff.Definition("MQL", d => d.When(l => l.Score >= 60).HandsOff());
                handoff.Territory("West", t => t.Regions("US", "CA", "WA"));
                handoff.Member("ana", "Ana");
                handoff.Queue("West", q => q.Members("ana"));
                handoff.Queue("Demo desk", q => q.Members("ana"));
                handoff.Queue("Lead Triage", q => q.Members("ana"));
                handoff.Route("West", r => r.Territories("West").ToQueue("West"));
                handoff.Route("West demo requests", r => r.Territories("West").Sources(LeadSource.DemoRequest).ToQueue("Demo desk"));
                handoff.Sla("First touch", s => s.FirstTouch().Within(hours: 4).OnEveryHandoff());
            }
        }
        """;

    [Theory]
    [InlineData("HR1001", "        handoff.Fallback(\"Lead Triage\");\n    }")]
    [InlineData("HR2004", "        handoff.Route(\"West demo requests\", r => r.Territories(\"West\").Sources(LeadSource.DemoRequest).ToQueue(\"Demo desk\"));\n        handoff.Route(\"West\", r => r.Territories(\"West\").ToQueue(\"West\"));")]
    [InlineData("HR3001", "s => s.FirstTouch().Within(hours: 4).OnEveryHandoff().OnBreach(breach => breach.Escalate()));")]
    public async Task Dotnet_format_applies_the_code_fix(string id, string expected)
    {
        using var project = RulesProject.Create("format-" + id).With("MyPlaybook.cs", Broken);
        Assert.DoesNotContain(expected, project.Read("MyPlaybook.cs"), StringComparison.Ordinal);

        var (exit, log) = await Dotnet.RunAsync(project.Folder, "format", "analyzers", project.ProjectFile, "--diagnostics", id, "--severity", "warn");

        Assert.True(exit == 0, log);
        Assert.Contains(expected, project.Read("MyPlaybook.cs"), StringComparison.Ordinal);

        var (_, after) = await project.BuildAsync();
        Assert.DoesNotContain(Dotnet.Diagnostics(after), d => d.Id == id);
    }
}
