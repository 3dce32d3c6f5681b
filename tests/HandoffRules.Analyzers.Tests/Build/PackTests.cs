using System.IO.Compression;

namespace HandoffRules.Analyzers.Tests.Build;

[Collection(DotnetCollection.Name)]
public sealed class PackTests
{
    [Fact]
    public async Task The_dsl_package_carries_the_analyzers_and_code_fixes()
    {
        var output = Directory.CreateTempSubdirectory("handoff-pack-").FullName;
        try
        {
            var project = Path.Combine(Dotnet.RepositoryRoot, "src", "HandoffRules", "HandoffRules.csproj");
            var (exit, log) = await Dotnet.RunAsync(Dotnet.RepositoryRoot, "pack", project, "--no-build", "-c", Dotnet.Configuration, "-o", output);
            Assert.True(exit == 0, log);

            using var package = ZipFile.OpenRead(Directory.GetFiles(output, "HandoffRules.*.nupkg").Single());
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("analyzers/dotnet/cs/HandoffRules.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/HandoffRules.CodeFixes.dll", entries);
            Assert.Contains("lib/net10.0/HandoffRules.dll", entries);
            // The build logic that embeds a rules project's account books and postal lists.
            Assert.Contains("build/HandoffRules.targets", entries);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
