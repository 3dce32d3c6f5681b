namespace HandoffRules.Analyzers.Tests.Build;

/// <summary>
/// A rules project in a temporary folder, set up the way a team's would be: it references the DSL
/// and loads the analyzers and code fixes, built from this repository.
/// </summary>
public sealed class RulesProject : IDisposable
{
    private RulesProject(string folder) => Folder = folder;

    public string Folder { get; }

    public string ProjectFile => Path.Combine(Folder, "Rules.csproj");

    public static RulesProject Create(string name)
    {
        var folder = Directory.CreateTempSubdirectory($"handoff-{name}-").FullName;
        var bin = AppContext.BaseDirectory;
        File.WriteAllText(Path.Combine(folder, "Rules.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <WarningsAsErrors>$(WarningsAsErrors);CS9057;CS8032</WarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="HandoffRules" HintPath="{Path.Combine(bin, "HandoffRules.dll")}" />
                <Analyzer Include="{Path.Combine(bin, "HandoffRules.Analyzers.dll")}" />
                <Analyzer Include="{Path.Combine(bin, "HandoffRules.CodeFixes.dll")}" />
              </ItemGroup>
              <!-- What the HandoffRules package brings in its build folder. -->
              <Import Project="{Path.Combine(Dotnet.RepositoryRoot, "src", "HandoffRules", "build", "HandoffRules.targets")}" />
            </Project>
            """);
        return new RulesProject(folder);
    }

    public RulesProject With(string file, string source)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Folder, file))!);
        File.WriteAllText(Path.Combine(Folder, file), source);
        return this;
    }

    /// <summary>Declares a data file of the project (an account book, a postal list) as a team would.</summary>
    public RulesProject WithAdditionalFile(string file)
    {
        var project = File.ReadAllText(ProjectFile);
        File.WriteAllText(ProjectFile, project.Replace("</Project>", $"  <ItemGroup><AdditionalFiles Include=\"{file}\" /></ItemGroup>\n</Project>", StringComparison.Ordinal));
        return this;
    }

    /// <summary>Copies the sample playbook's sources and its account book in, the book declared as the sample declares it.</summary>
    public RulesProject WithSamplePlaybook()
    {
        var sample = Path.Combine(Dotnet.RepositoryRoot, "rules", "Acme.Rules");
        foreach (var source in Directory.GetFiles(sample, "*.cs").Concat(Directory.GetFiles(sample, "*.csv")))
        {
            File.Copy(source, Path.Combine(Folder, Path.GetFileName(source)));
        }

        return WithAdditionalFile("accounts.csv");
    }

    public string Read(string file) => File.ReadAllText(Path.Combine(Folder, file));

    /// <summary>Replaces text in a file; fails when the text is not there, so a test cannot silently stop testing.</summary>
    public RulesProject Edit(string file, string find, string replace)
    {
        var text = Read(file);
        if (!text.Contains(find, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"'{find}' is not in {file}; the sample playbook changed and this test needs updating.");
        }

        return With(file, text.Replace(find, replace, StringComparison.Ordinal));
    }

    /// <summary>The line (1-based) of the first line of <paramref name="file"/> containing <paramref name="text"/>.</summary>
    public int LineOf(string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(Folder, file)), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    public Task<(int ExitCode, string Output)> BuildAsync(params string[] extra) =>
        Dotnet.RunAsync(Folder, ["build", ProjectFile, "-nodeReuse:false", "-p:UseSharedCompilation=false", .. extra]);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
