using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace HandoffRules.Analyzers.Tests.Build;

/// <summary>One compiler diagnostic as <c>dotnet build</c> prints it.</summary>
public sealed record BuildDiagnostic(string File, int Line, string Severity, string Id, string Message);

/// <summary>Runs the real <c>dotnet</c> command line, as a team's CI would.</summary>
public static partial class Dotnet
{
    public static readonly string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The repository root (the folder holding HandoffRules.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 5 minutes.");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>The HR diagnostics in build output, once each (MSBuild repeats them in its summary).</summary>
    public static IReadOnlyList<BuildDiagnostic> Diagnostics(string output) =>
        [.. DiagnosticLine().Matches(output)
            .Select(m => new BuildDiagnostic(Path.GetFileName(m.Groups["file"].Value), int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["severity"].Value, m.Groups["id"].Value, m.Groups["message"].Value.Trim()))
            .Distinct()];

    [GeneratedRegex(@"^\s*(?<file>[^\s(][^(]*)\((?<line>\d+),\d+\): (?<severity>error|warning) (?<id>HR\d{4}): (?<message>.*?)( \(https?://[^)]*\))? \[", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HandoffRules.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: HandoffRules.sln was not found above " + AppContext.BaseDirectory);
    }
}
