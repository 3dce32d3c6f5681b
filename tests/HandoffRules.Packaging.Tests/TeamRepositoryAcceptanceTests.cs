using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace HandoffRules.Packaging.Tests;

/// <summary>
/// The path a team takes outside this repository, end to end: the packages as 'dotnet pack' makes
/// them, installed from a folder feed into a temporary directory with its own NuGet configuration and
/// package cache, a repository made by 'dotnet new handoff-playbook', built, tested (strict
/// snapshots), broken on purpose, and driven through the installed 'handoff' tool. It exists because
/// everything inside this repository can work while the packages a team installs do not (a missing
/// file in a package, a template that does not build, a tool that cannot load the playbook).
/// </summary>
/// <remarks>
/// The slowest test of the suite (a cold restore of the generated repository, one build, one test
/// run): filter it with <c>--filter Category!=Packaging</c> for a quick loop, never in CI.
/// </remarks>
[Trait("Category", "Packaging")]
public sealed partial class TeamRepositoryAcceptanceTests
{
    private const string Name = "Globex.Handoff";

    [Fact]
    public async Task A_team_repository_from_the_template_builds_tests_checks_simulates_and_plans_with_the_installed_packages()
    {
        using var scratch = new ScratchFolder();
        var feed = Directory.CreateDirectory(Path.Combine(scratch.Path, "feed")).FullName;
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Path.Combine(scratch.Path, "packages"),
            // Templates and tools are installed for this directory's home, not the user's.
            ["DOTNET_CLI_HOME"] = Path.Combine(scratch.Path, "home"),
            ["CI"] = "true",
            ["SNAPSHOOTER_STRICT_MODE"] = "true",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            // No build node or compiler server outlives the test, holding its files and descriptors.
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["UseSharedCompilation"] = "false",
        };

        // The packages as a release makes them ('dotnet pack HandoffRules.sln'): one folder, one version.
        // The libraries and the template are packed from this build. The tool is packed with a build of
        // its own project only: each of its platform packages (linux-x64 compiled ahead of time, any) is
        // published for its platform, which the solution's build does not do.
        var version = typeof(Playbook).Assembly.GetName().Version!.ToString(3);
        foreach (var project in new[] { "src/HandoffRules", "src/HandoffRules.Simulation", "src/HandoffRules.Testing", "templates/HandoffRules.Templates" })
        {
            await Succeeds(await Dotnet(BuildOutput.RepositoryRoot, environment,
                "pack", project, "--no-build", "--no-restore", "-c", BuildOutput.Configuration, "-o", feed));
        }

        await Succeeds(await Dotnet(BuildOutput.RepositoryRoot, environment,
            "pack", "src/HandoffRules.Cli", "--no-restore", "-p:BuildProjectReferences=false", "-c", BuildOutput.Configuration, "-o", feed));
        foreach (var package in new[] { "HandoffRules", "HandoffRules.Simulation", "HandoffRules.Testing", "HandoffRules.Tool", "HandoffRules.Tool.linux-x64", "HandoffRules.Tool.any", "HandoffRules.Templates" })
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.nupkg")), $"{package}.{version}.nupkg is not in the feed: {string.Join(", ", Directory.GetFiles(feed).Select(Path.GetFileName))}");
        }

        // Outside the repository: its own NuGet configuration (the feed and the upstream source the repository restores from).
        await File.WriteAllTextAsync(Path.Combine(scratch.Path, "nuget.config"), await NuGetConfig(feed));

        await Succeeds(await Dotnet(scratch.Path, environment, "new", "install", $"HandoffRules.Templates::{version}"));
        await Succeeds(await Dotnet(scratch.Path, environment, "new", "handoff-playbook", "-n", Name, "-o", "repo"));
        var repo = Path.Combine(scratch.Path, "repo");
        var playbook = Path.Combine(repo, "rules", $"{Name}.Rules", "HandoffPlaybook.cs");
        var rules = Path.Combine(repo, "rules", $"{Name}.Rules", "bin", "Debug", "net10.0", $"{Name}.Rules.dll");
        Assert.True(File.Exists(playbook));
        Assert.Contains($"ARG RULES={Name}.Rules", await File.ReadAllTextAsync(Path.Combine(repo, "Dockerfile")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(repo, "tests", $"{Name}.Rules.Tests", "__snapshots__", "RoutingSnapshotTests.Playbook_decisions.snap")));

        // As generated: builds with no warning, its tests pass with strict snapshots.
        var build = await Succeeds(await Dotnet(repo, environment, "build"));
        Assert.Matches(ZeroWarnings(), build.Output);
        var test = await Dotnet(repo, environment, "test", "--no-build");
        Assert.True(test.ExitCode == 0, "The generated tests fail. If only the routing snapshot differs (the template playbook, generator or router changed on purpose), refresh the template's snapshot as templates/README.md says.\n" + test);
        Assert.Contains("Passed!", test.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(BuildOutput.RepositoryRoot.TrimEnd('/'), await File.ReadAllTextAsync(Path.Combine(repo, "rules", $"{Name}.Rules", "obj", "project.assets.json")), StringComparison.Ordinal);

        // The installed tool (the manifest pins it), on the team's playbook.
        await Succeeds(await Dotnet(repo, environment, "tool", "restore"));
        var (platform, tool) = RestoredTool(environment["NUGET_PACKAGES"]!, version);
        Assert.True(IsReadyToRun(tool) == (platform == "linux-x64"),
            $"{tool}: the {platform} package should {(platform == "linux-x64" ? "carry" : "not carry")} code compiled ahead of time (ReadyToRun).");
        var check = await Succeeds(await Dotnet(repo, environment, "handoff", "check", "--rules", rules));
        Assert.Contains("Our inbound handoff", check.Output, StringComparison.Ordinal);
        await Succeeds(await Dotnet(repo, environment, "handoff", "simulate", "--routing-only", "--leads", "500", "--rules", rules, "--out", "baseline.jsonl"));
        var plan = await Succeeds(await Dotnet(repo, environment, "handoff", "plan", "--rules", rules, "--baseline", "baseline.jsonl"));
        Assert.Contains("No changes", plan.Output, StringComparison.Ordinal);

        // The host's image as its Dockerfile makes and starts it, without an engine: the build stage's
        // commands in the repository, then the entrypoint on what the final stage copies, until ready.
        var dockerfile = DockerfileRehearsal.Read(Path.Combine(repo, "Dockerfile"), Path.Combine(scratch.Path, "image"));
        await Succeeds(await dockerfile.RunBuildStage(repo, Clean(environment)));
        using (var image = await dockerfile.Start(Clean(environment)))
        {
            var ready = image.Ready;
            var stopped = await image.Stop();
            Assert.True(ready, $"The image's entrypoint never answered its health check at {image.Probe}.\n{stopped}");
            Assert.True(stopped.ExitCode == 0, "The entrypoint did not exit 0 when stopped with SIGTERM.\n" + stopped);
        }

        Assert.Contains("$APP_UID", dockerfile.FinalStageLine("USER"), StringComparison.Ordinal);

        // A missing fallback fails the build, at the playbook's file, with the diagnostic's id.
        var source = await File.ReadAllTextAsync(playbook);
        var withoutFallback = FallbackCall().Replace(source, string.Empty);
        Assert.NotEqual(source, withoutFallback);
        await File.WriteAllTextAsync(playbook, withoutFallback);
        var broken = await Dotnet(repo, environment, "build", Path.Combine("rules", $"{Name}.Rules"));
        Assert.True(broken.ExitCode != 0, broken.ToString());
        Assert.Matches(@"HandoffPlaybook\.cs\(\d+,\d+\): error HR1001", broken.Output);
    }

    /// <summary>
    /// The tool's assembly as 'dotnet tool restore' put it in the package cache: the package for
    /// Linux x64 (compiled ahead of time) on that platform, the IL one ('any') everywhere else.
    /// </summary>
    private static (string Platform, string Assembly) RestoredTool(string packages, string version)
    {
        var platform = OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64 ? "linux-x64" : "any";
        var assembly = Path.Combine(packages, $"handoffrules.tool.{platform}", version, "tools", "net10.0", platform, "handoff.dll");
        if (!File.Exists(assembly))
        {
            Assert.Fail($"{assembly} was not restored; the cache holds: {string.Join(", ", Directory.GetFiles(packages, "handoff.dll", SearchOption.AllDirectories))}");
        }

        return (platform, assembly);
    }

    /// <summary>Whether an assembly carries native code compiled ahead of time (a ReadyToRun header).</summary>
    private static bool IsReadyToRun(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    private static async Task<ProcessRun> Succeeds(ProcessRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        return await Task.FromResult(run);
    }

    /// <summary>dotnet in a folder, without the MSBuild and test-host settings this test process runs under.</summary>
    private static Task<ProcessRun> Dotnet(string folder, Dictionary<string, string?> environment, params string[] arguments) =>
        ProcessRun.Start(folder, "dotnet", arguments, Clean(environment));

    /// <summary>The environment given, without the MSBuild and test-host variables of this test process.</summary>
    private static Dictionary<string, string?> Clean(Dictionary<string, string?> environment)
    {
        var clean = new Dictionary<string, string?>(environment);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(n => n.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || n.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || n.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)))
        {
            clean[name] = null;
        }

        return clean;
    }

    /// <summary>The folder feed first, then every source this repository restores from.</summary>
    private static async Task<string> NuGetConfig(string feed)
    {
        var sources = await ProcessRun.Start(BuildOutput.RepositoryRoot, "dotnet", ["nuget", "list", "source", "--format", "short"]);
        var upstream = sources.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("E ", StringComparison.Ordinal))
            .Select(l => l[2..].Trim())
            .ToList();
        Assert.NotEmpty(upstream);
        var adds = upstream.Select((url, i) => $"    <add key=\"upstream{i}\" value=\"{url}\" />");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="handoff" value="{feed}" />
            {string.Join('\n', adds)}
              </packageSources>
            </configuration>
            """;
    }

    [GeneratedRegex(@"\s*handoff\.Fallback\([^;]*\);")]
    private static partial Regex FallbackCall();

    [GeneratedRegex(@"\b0 Warning\(s\)")]
    private static partial Regex ZeroWarnings();
}
