using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace HandoffRules.Analyzers.Tests.Verifiers;

/// <summary>
/// What test sources compile against: the running .NET runtime's own assemblies (no reference
/// pack to download, so the tests run offline) and the HandoffRules DSL.
/// </summary>
internal static class PlaybookSources
{
    /// <summary>The usings every test playbook starts with.</summary>
    public const string Usings = "using System;\nusing HandoffRules;\nusing HandoffRules.Model;\n\n";

    public static ReferenceAssemblies ReferenceAssemblies { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> References { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => string.Equals(Path.GetDirectoryName(path), runtime, StringComparison.Ordinal));
        return [.. framework.Append(typeof(Playbook).Assembly.Location).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
