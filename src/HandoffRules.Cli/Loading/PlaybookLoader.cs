using System.Reflection;
using System.Runtime.Loader;
using Acme.Rules;

namespace HandoffRules.Cli.Loading;

/// <summary>
/// Finds the playbook to work on: the embedded sample by default, or a playbook class in a compiled
/// rules assembly (<c>--rules path/to/Rules.dll</c>), picked by name when there are several.
/// </summary>
internal static class PlaybookLoader
{
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
            assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException)
        {
            throw new CommandException($"--rules: '{rulesPath}' is not a .NET assembly.");
        }

        var playbooks = LoadableTypes(assembly)
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

        return (Playbook)Activator.CreateInstance(type)!;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}

/// <summary>A user error: printed without a stack trace, exit code 1.</summary>
internal sealed class CommandException(string message) : Exception(message);
