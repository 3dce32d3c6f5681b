using Xunit.Abstractions;

namespace HandoffRules.Analyzers.Tests.Build;

/// <summary>The promise end to end: a pull request that breaks the handoff does not build.</summary>
[Collection(DotnetCollection.Name)]
public sealed class BuildTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_broken_copy_of_the_sample_playbook_fails_the_build_with_each_hr_error_file_and_line()
    {
        using var project = RulesProject.Create("broken").WithSamplePlaybook()
            .Edit("AcmePlaybook.Routing.cs", "        handoff.Fallback(\"Lead Triage\", \"RevOps enriches the record and routes it by hand.\");\n", "")
            .Edit("AcmePlaybook.Coverage.cs", "handoff.Territory(\"Canada\", t => t.Country(\"CA\"));",
                "handoff.Territory(\"Canada\", t => t.Country(\"CA\"));\n        handoff.Territory(\"Greater Toronto\", t => t.Regions(\"Canada\", \"ontario\"));")
            .Edit("AcmePlaybook.Enforcement.cs", "\n            .OnBreach(breach => breach.Escalate().Notify(\"#sdr-leads\")));", ");")
            .Edit("AcmePlaybook.Routing.cs", ".ToQueue(\"LATAM\"));", ".ToQueue(\"Latin America\"));");

        var (exit, log) = await project.BuildAsync();
        var diagnostics = Dotnet.Diagnostics(log);
        output.WriteLine(string.Join('\n', diagnostics));

        Assert.NotEqual(0, exit);
        Assert.Contains(diagnostics, d => d is { Id: "HR1001", Severity: "error" } && d.File.StartsWith("AcmePlaybook", StringComparison.Ordinal));
        Assert.Contains(new BuildDiagnostic("AcmePlaybook.Coverage.cs", project.LineOf("AcmePlaybook.Coverage.cs", "Greater Toronto"), "error", "HR2001",
            "Territory 'Greater Toronto' claims CA-ON, which territory 'Canada' also claims (all of CA); a lead there would have two owners"), diagnostics);
        Assert.Contains(diagnostics, d => d is { Id: "HR2001", File: "AcmePlaybook.Coverage.cs" } && d.Line == project.LineOf("AcmePlaybook.Coverage.cs", "handoff.Territory(\"Canada\""));
        Assert.Contains(diagnostics, d => d is { Id: "HR3001", File: "AcmePlaybook.Enforcement.cs" } && d.Line == project.LineOf("AcmePlaybook.Enforcement.cs", "handoff.Sla(\"First touch\""));
        Assert.Contains(diagnostics, d => d is { Id: "HR2005", File: "AcmePlaybook.Routing.cs" } && d.Line == project.LineOf("AcmePlaybook.Routing.cs", "\"Latin America\")"));
    }

    [Fact]
    public async Task A_new_rules_project_without_a_fallback_fails_naming_the_file_and_line()
    {
        using var project = RulesProject.Create("new").With("MyPlaybook.cs", """
            using HandoffRules;

            namespace My.Rules;

            public sealed class MyPlaybook : Playbook
            {
                protected override void Define(PlaybookBuilder handoff)
                {
                    handoff.Definition("MQL", d => d.When(l => l.Score >= 60).HandsOff());
                    handoff.Member("ana", "Ana");
                    handoff.Queue("SDRs", q => q.Members("ana"));
                    handoff.Route("Everyone", r => r.ToQueue("SDRs"));
                }
            }
            """);

        var (exit, log) = await project.BuildAsync();

        Assert.NotEqual(0, exit);
        Assert.Equal(
            [new BuildDiagnostic("MyPlaybook.cs", 5, "error", "HR1001", "Playbook 'MyPlaybook' has no fallback: a lead that no route matches would have nowhere to go")],
            Dotnet.Diagnostics(log));
    }

    [Fact]
    public async Task An_account_book_fails_the_build_at_its_line_and_once_fixed_is_embedded_in_the_rules_assembly()
    {
        using var project = RulesProject.Create("book").With("MyPlaybook.cs", """
            using HandoffRules;

            namespace My.Rules;

            public sealed class MyPlaybook : Playbook
            {
                protected override void Define(PlaybookBuilder handoff)
                {
                    handoff.Definition("MQL", d => d.When(l => l.Score >= 60).HandsOff());
                    handoff.Member("ana", "Ana");
                    handoff.Queue("SDRs", q => q.Members("ana"));
                    handoff.AccountsFrom("data/accounts.csv");
                    handoff.Route("Accounts", r => r.ToAccountOwner());
                    handoff.Route("Everyone", r => r.ToQueue("SDRs"));
                    handoff.Fallback("SDRs");
                }
            }
            """)
            .With("data/accounts.csv", "account,domains,owner,parent\nGlobex,globex.com,ana,\nGlobex Europe,globex.eu,,Globex\nInitech,initech.com,nobody,\n")
            .WithAdditionalFile("data/accounts.csv");

        var (exit, log) = await project.BuildAsync();
        Assert.NotEqual(0, exit);
        Assert.Equal(
            [new BuildDiagnostic("accounts.csv", 4, "error", "HR1004", "Account 'Initech' refers to member 'nobody', which the playbook does not declare")],
            Dotnet.Diagnostics(log));
        Assert.Contains("accounts.csv(4,21): error HR1004", log, StringComparison.Ordinal);

        project.With("data/accounts.csv", "account,domains,owner,parent\nGlobex,globex.com,ana,\nGlobex Europe,globex.eu,,Globex\nInitech,initech.com,ana,\n");
        (exit, log) = await project.BuildAsync();
        Assert.True(exit == 0, log);

        // The compiled playbook carries its book: no file beside the assembly is needed.
        var assembly = Path.Combine(project.Folder, "bin", "Debug", "net10.0", "Rules.dll");
        var context = new System.Runtime.Loader.AssemblyLoadContext("book", isCollectible: true);
        try
        {
            using var image = new MemoryStream(await File.ReadAllBytesAsync(assembly));
            var type = context.LoadFromStream(image).GetTypes().Single(t => typeof(Playbook).IsAssignableFrom(t));
            var playbook = ((Playbook)Activator.CreateInstance(type)!).Build();
            Assert.Equal(["Globex", "Globex Europe", "Initech"], playbook.Accounts.Select(a => a.Name));
            Assert.Empty(Validation.PlaybookValidator.Validate(playbook));
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task The_sample_playbook_builds_with_no_diagnostics()
    {
        using var project = RulesProject.Create("sample").WithSamplePlaybook();

        var (exit, log) = await project.BuildAsync("-warnaserror");

        Assert.True(exit == 0, log);
        Assert.Empty(Dotnet.Diagnostics(log));
    }

    [Fact]
    public async Task A_valid_playbook_of_500_territories_and_200_routes_builds_clean()
    {
        using var project = RulesProject.Create("large").With("LargePlaybook.cs", LargePlaybook.Source(territories: 500, routes: 200));

        var (exit, log) = await project.BuildAsync("-warnaserror", "-p:ReportAnalyzer=true", "-v:d");

        Assert.True(exit == 0, string.Join('\n', log.Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).Take(20)));
        Assert.Empty(Dotnet.Diagnostics(log));

        // The analyzers' own time is reported for docs/benchmarks.md; it is not asserted here.
        foreach (var line in log.Split('\n').Where(l => l.Contains("HandoffRules.Analyzers", StringComparison.Ordinal) && l.Contains('<') is false && char.IsDigit(l.TrimStart().FirstOrDefault())))
        {
            output.WriteLine(line.Trim());
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DotnetCollection
{
    public const string Name = "dotnet command line";
}
