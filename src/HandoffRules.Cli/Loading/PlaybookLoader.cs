using System.Reflection;
using Acme.Rules;
using HandoffRules.Model;

namespace HandoffRules.Cli.Loading;

/// <summary>
/// Finds the playbook to work on: the embedded sample by default, or a playbook class in a compiled
/// rules assembly (<c>--rules path/to/Rules.dll</c>), picked by name when there are several. A rules
/// assembly loads in its own <see cref="PlaybookLoadContext"/> with its dependencies.
/// </summary>
internal static class PlaybookLoader
{
    /// <summary>Loads the playbook and builds its model, naming what is missing when a dependency cannot load.</summary>
    /// <remarks>No version: hashing the printed model of a 50,000-account book costs more than `check` itself.</remarks>
    public static PlaybookModel Build(string? rulesPath, string? playbookName) => Built(rulesPath, playbookName).Model;

    /// <summary>Loads the playbook and builds its model, with its version: the informational version of the assembly it was compiled into and the model's content hash.</summary>
    public static (PlaybookModel Model, PlaybookVersion Version) BuildVersioned(string? rulesPath, string? playbookName)
    {
        var (model, playbook) = Built(rulesPath, playbookName);
        return (model, PlaybookVersion.Of(model, playbook.GetType().Assembly));
    }

    private static (PlaybookModel Model, Playbook Playbook) Built(string? rulesPath, string? playbookName)
    {
        var playbook = Load(rulesPath, playbookName);
        try
        {
            return (playbook.Build(), playbook);
        }
        catch (Exception e) when (rulesPath is not null && MissingDependency(e) is { } missing)
        {
            throw new CommandException(DependencyMessage(rulesPath, missing));
        }
    }

    public static Playbook Load(string? rulesPath, string? playbookName)
    {
        if (rulesPath is null)
        {
            return playbookName is null || playbookName == nameof(AcmePlaybook)
                ? new AcmePlaybook()
                : throw new CommandException($"The embedded rules have no playbook '{playbookName}'; the sample is '{nameof(AcmePlaybook)}'. Use --rules to load another assembly.");
        }

        var path = Path.GetFullPath(rulesPath);
        if (Directory.Exists(path))
        {
            throw new CommandException($"--rules: '{rulesPath}' is a folder, not a file. Point it at the compiled rules assembly, e.g. rules/MyRules/bin/Release/net10.0/MyRules.dll.");
        }

        if (!File.Exists(path))
        {
            throw new CommandException($"--rules: no file at '{rulesPath}'. Point it at the compiled rules assembly, e.g. rules/MyRules/bin/Release/net10.0/MyRules.dll.");
        }

        Assembly assembly;
        try
        {
            assembly = new PlaybookLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException)
        {
            throw new CommandException($"--rules: '{rulesPath}' is not a .NET assembly.");
        }

        CheckHandoffRulesVersion(assembly, rulesPath);

        var playbooks = LoadableTypes(assembly, rulesPath)
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(Playbook).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        if (playbooks.Count == 0)
        {
            throw new CommandException($"--rules: '{rulesPath}' has no public playbook class (a class deriving from HandoffRules.Playbook with a parameterless constructor).");
        }

        Type type;
        if (playbookName is not null)
        {
            type = playbooks.FirstOrDefault(t => t.Name == playbookName || t.FullName == playbookName)
                ?? throw new CommandException($"--playbook: '{rulesPath}' has no playbook '{playbookName}'. It has: {string.Join(", ", playbooks.Select(t => t.Name))}.");
        }
        else if (playbooks.Count == 1)
        {
            type = playbooks[0];
        }
        else
        {
            throw new CommandException($"'{rulesPath}' has {playbooks.Count} playbooks ({string.Join(", ", playbooks.Select(t => t.Name))}); pick one with --playbook.");
        }

        try
        {
            return (Playbook)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e) when (MissingDependency(e) is { } missing)
        {
            throw new CommandException(DependencyMessage(rulesPath, missing));
        }
    }

    /// <summary>
    /// The playbook's types are the tool's HandoffRules types: a playbook built against another
    /// version would fail later with a missing method, so it is refused here, naming both versions.
    /// </summary>
    private static void CheckHandoffRulesVersion(Assembly assembly, string rulesPath)
    {
        var tool = typeof(Playbook).Assembly.GetName().Version ?? new Version(0, 0);
        var built = assembly.GetReferencedAssemblies()
            .FirstOrDefault(r => string.Equals(r.Name, PlaybookLoadContext.SharedAssembly, StringComparison.OrdinalIgnoreCase))?.Version;
        if (built is not null && !Compatible(built, tool))
        {
            throw new CommandException(
                $"--rules: '{rulesPath}' was built against HandoffRules {built.ToString(3)}, but this handoff tool is HandoffRules {tool.ToString(3)}; "
                + $"reference HandoffRules {tool.ToString(3)} in the rules project, or use the handoff tool of version {built.ToString(3)}.");
        }
    }

    /// <summary>Same major and minor version, and not newer than the tool (a newer playbook may call what the tool lacks).</summary>
    internal static bool Compatible(Version built, Version tool) =>
        built.Major == tool.Major && built.Minor == tool.Minor && built <= tool;

    private static IEnumerable<Type> LoadableTypes(Assembly assembly, string rulesPath)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // A playbook class whose base types need a missing assembly is not loadable: say which.
            var missing = e.LoaderExceptions.Select(MissingDependency).FirstOrDefault(m => m is not null);
            var types = e.Types.OfType<Type>().ToList();
            if (missing is not null && !types.Any(t => typeof(Playbook).IsAssignableFrom(t)))
            {
                throw new CommandException(DependencyMessage(rulesPath, missing));
            }

            return types;
        }
    }

    /// <summary>The name of the assembly a load failed for, looking through wrappers.</summary>
    private static string? MissingDependency(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is FileNotFoundException or FileLoadException)
            {
                return ((e as FileNotFoundException)?.FileName ?? (e as FileLoadException)?.FileName) ?? e.Message;
            }
        }

        return null;
    }

    private static string DependencyMessage(string rulesPath, string missing) =>
        $"--rules: the playbook in '{rulesPath}' needs '{missing}', which is not beside it. "
        + "Point --rules at the output of 'dotnet publish' (or a build with CopyLocalLockFileAssemblies=true), where the rules assembly's dependencies and its .deps.json sit next to it.";
}

/// <summary>A user error: printed without a stack trace, exit code 1.</summary>
internal sealed class CommandException(string message) : Exception(message);
