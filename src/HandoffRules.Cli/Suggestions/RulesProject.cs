using System.Xml.Linq;
using HandoffRules.Cli.Loading;

namespace HandoffRules.Cli.Suggestions;

/// <summary>
/// Where a suggestion's playbook comes from and where its sources are: <c>--rules</c> names a rules
/// project (its folder or .csproj, whose built assembly under bin/ is loaded) or a compiled assembly
/// (whose project is found by walking up from it, as a build leaves it); by default the embedded
/// sample, whose sources are found from the current folder when it is a clone of this repository.
/// </summary>
/// <param name="Assembly">The compiled rules assembly, or null for the embedded sample.</param>
/// <param name="Folder">The rules project's folder, or null when it was not found.</param>
internal sealed record RulesProject(string? Assembly, string? Folder)
{
    private const string SampleProject = "rules/Acme.Rules/Acme.Rules.csproj";

    public static RulesProject Resolve(string? rules)
    {
        if (rules is null)
        {
            return new RulesProject(null, Up(Directory.GetCurrentDirectory(), d => File.Exists(Path.Combine(d, SampleProject)) ? Path.GetDirectoryName(Path.Combine(d, SampleProject)) : null));
        }

        var path = Path.GetFullPath(rules);
        if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            return new RulesProject(path, Up(Path.GetDirectoryName(path)!, d => Directory.EnumerateFiles(d, "*.csproj").Any(p => AssemblyName(p) == name) ? d : null));
        }

        var project = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.csproj").Order(StringComparer.Ordinal).ToList() switch
            {
                [var single] => single,
                [] => throw new CommandException($"--rules: '{rules}' holds no .csproj; point it at a rules project folder, its .csproj or its compiled assembly."),
                var several => throw new CommandException($"--rules: '{rules}' holds {several.Count} projects; name one .csproj."),
            }
            : File.Exists(path) && path.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) ? path
            : throw new CommandException($"--rules: no rules project or assembly at '{rules}'.");
        var folder = Path.GetDirectoryName(project)!;
        var assemblyName = AssemblyName(project);
        var built = Directory.Exists(Path.Combine(folder, "bin"))
            ? Directory.EnumerateFiles(Path.Combine(folder, "bin"), assemblyName + ".dll", SearchOption.AllDirectories)
                .OrderByDescending(File.GetLastWriteTimeUtc).ThenBy(p => p, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return new RulesProject(built ?? throw new CommandException($"--rules: {Path.GetFileName(project)} is not built (no {assemblyName}.dll under its bin folder); run 'dotnet build {Path.GetFileName(project)}' first."), folder);
    }

    private static string AssemblyName(string project)
    {
        try
        {
            return XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0)
                ?? Path.GetFileNameWithoutExtension(project);
        }
        catch (System.Xml.XmlException e)
        {
            throw new CommandException($"--rules: {project} cannot be read as a project file: {e.Message}");
        }
    }

    // The first folder from here up (five levels at most: bin/Release/net10.0/publish) where the check finds something.
    private static string? Up(string start, Func<string, string?> find)
    {
        var folder = new DirectoryInfo(start);
        for (var i = 0; i < 6 && folder is not null; i++, folder = folder.Parent)
        {
            if (find(folder.FullName) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
