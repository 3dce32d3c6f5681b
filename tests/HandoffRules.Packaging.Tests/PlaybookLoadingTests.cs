using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HandoffRules.Packaging.Tests;

/// <summary>
/// <c>--rules</c> on playbooks as teams build them outside this repository: with NuGet dependencies,
/// with the embedded sample's assembly name, and against another HandoffRules version. Each runs the
/// real command in its own process, so nothing the test host loaded helps the playbook load.
/// </summary>
public sealed class PlaybookLoadingTests
{
    [Fact]
    public async Task A_playbook_with_a_NuGet_dependency_and_the_samples_assembly_name_loads()
    {
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(BuildOutput.TeamPlaybook)!, "Humanizer.dll")));

        var check = await ProcessRun.Handoff(Path.GetTempPath(), "check", "--rules", BuildOutput.TeamPlaybook);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("2 queues, 1 routes", check.Output, StringComparison.Ordinal);
        Assert.Contains("0 error(s)", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_routing_uses_the_queue_named_by_the_dependency()
    {
        using var folder = new ScratchFolder();
        var decisions = Path.Combine(folder.Path, "decisions.jsonl");

        var simulate = await ProcessRun.Handoff(folder.Path, "simulate", "--routing-only", "--leads", "50", "--rules", BuildOutput.TeamPlaybook, "--out", decisions);

        Assert.True(simulate.ExitCode == 0, simulate.ToString());
        // "inbound_team".Humanize(LetterCasing.Title): only Humanizer makes this name.
        Assert.Contains("\"Inbound Team\"", await File.ReadAllTextAsync(decisions), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_playbook_reached_through_a_symbolic_link_loads_its_dependencies_from_beside_the_target()
    {
        // The host's image links a fixed name (playbook.dll) to the team's assembly.
        using var folder = new ScratchFolder();
        var link = Path.Combine(folder.Path, "playbook.dll");
        File.CreateSymbolicLink(link, BuildOutput.TeamPlaybook);

        var simulate = await ProcessRun.Handoff(folder.Path, "simulate", "--routing-only", "--leads", "50", "--rules", link, "--out", Path.Combine(folder.Path, "decisions.jsonl"));

        Assert.True(simulate.ExitCode == 0, simulate.ToString());
    }

    [Fact]
    public async Task A_missing_dependency_is_one_line_naming_it()
    {
        using var folder = new ScratchFolder();
        var copy = Path.Combine(folder.Path, "Acme.Rules.dll");
        File.Copy(BuildOutput.TeamPlaybook, copy);

        var check = await ProcessRun.Handoff(folder.Path, "check", "--rules", copy);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains("needs 'Humanizer", check.Error, StringComparison.Ordinal);
        Assert.Contains("dotnet publish", check.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", check.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_playbook_built_against_another_HandoffRules_version_is_refused_naming_both()
    {
        using var folder = new ScratchFolder();
        var rules = CompileAgainstHandoffRules(folder.Path, new Version(9, 1, 0, 0));
        var tool = typeof(Playbook).Assembly.GetName().Version!.ToString(3);

        var check = await ProcessRun.Handoff(folder.Path, "check", "--rules", rules);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains($"built against HandoffRules 9.1.0, but this handoff tool is HandoffRules {tool}", check.Error, StringComparison.Ordinal);
        Assert.Single(check.Error.Trim().Split('\n'));
    }

    /// <summary>A stand-in HandoffRules of another version and a playbook compiled against it.</summary>
    private static string CompileAgainstHandoffRules(string folder, Version version)
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "netstandard.dll")
            .Select(p => MetadataReference.CreateFromFile(p))
            .ToList();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary);

        var handoffRules = CSharpCompilation.Create(
            "HandoffRules",
            [CSharpSyntaxTree.ParseText($"[assembly: System.Reflection.AssemblyVersion(\"{version}\")] namespace HandoffRules {{ public abstract class Playbook {{ }} }}")],
            framework,
            options);
        var handoffRulesPath = Path.Combine(folder, "HandoffRules.dll");
        Emit(handoffRules, handoffRulesPath);

        var rules = CSharpCompilation.Create(
            "Older.Rules",
            [CSharpSyntaxTree.ParseText("namespace Older.Rules { public sealed class OlderPlaybook : HandoffRules.Playbook { } }")],
            [.. framework, MetadataReference.CreateFromFile(handoffRulesPath)],
            options);
        var rulesPath = Path.Combine(folder, "Older.Rules.dll");
        Emit(rules, rulesPath);
        return rulesPath;
    }

    private static void Emit(CSharpCompilation compilation, string path)
    {
        var result = compilation.Emit(path);
        Assert.True(result.Success, string.Join('\n', result.Diagnostics));
    }
}
