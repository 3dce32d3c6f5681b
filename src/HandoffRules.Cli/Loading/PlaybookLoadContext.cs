using System.Reflection;
using System.Runtime.Loader;

namespace HandoffRules.Cli.Loading;

/// <summary>
/// The load context of one compiled rules assembly: its own dependencies (NuGet packages, other
/// projects) come from beside it as its <c>.deps.json</c> lists them, while <c>HandoffRules</c> itself
/// is the host's, so the playbook's types are the ones the router and the checks know. A team's copy
/// of the sample that keeps the assembly name <c>Acme.Rules</c> loads beside the embedded one.
/// </summary>
internal sealed class PlaybookLoadContext(string rulesPath)
    : AssemblyLoadContext($"playbook:{Path.GetFileNameWithoutExtension(rulesPath)}", isCollectible: true)
{
    /// <summary>The assembly shared with the host rather than loaded again from the playbook's folder.</summary>
    public static readonly string SharedAssembly = typeof(Playbook).Assembly.GetName().Name!;

    private readonly AssemblyDependencyResolver _resolver = new(rulesPath);

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Null hands the request to the default context: the host's HandoffRules and the framework.
        if (string.Equals(assemblyName.Name, SharedAssembly, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
