using System.Reflection;

namespace HandoffRules.Packaging.Tests;

/// <summary>Where the build put what these tests load and pack (recorded at build time).</summary>
internal static class BuildOutput
{
    public static string TeamPlaybook => Path.GetFullPath(Metadata("TeamPlaybook"));

    /// <summary>The handoff command's assembly, as the Cli project built it.</summary>
    public static string Handoff => Path.GetFullPath(Metadata("Handoff"));

    public static string RepositoryRoot => Path.GetFullPath(Metadata("RepositoryRoot"));

    public static string Configuration => Metadata("Configuration");

    private static string Metadata(string key) =>
        typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
