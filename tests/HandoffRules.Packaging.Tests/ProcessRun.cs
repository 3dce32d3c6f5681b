using System.Diagnostics;
using System.Text;

namespace HandoffRules.Packaging.Tests;

/// <summary>A finished command: its exit code and everything it printed.</summary>
internal sealed record ProcessRun(string Command, int ExitCode, string Output, string Error)
{
    /// <summary>Runs a program to completion in a folder, with extra environment variables (null removes one).</summary>
    public static async Task<ProcessRun> Start(string folder, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ProcessRun($"{program} {string.Join(' ', start.ArgumentList)}", process.ExitCode, await output, await error);
    }

    /// <summary>The handoff command of this build, as its own process (so it loads playbooks as it would for a user).</summary>
    public static Task<ProcessRun> Handoff(string folder, params string[] arguments) =>
        Start(folder, "dotnet", [BuildOutput.Handoff, .. arguments]);

    /// <summary>What a failed assertion shows: the command and its output.</summary>
    public override string ToString() =>
        new StringBuilder().Append("$ ").Append(Command).Append(" → exit ").Append(ExitCode).Append('\n')
            .Append(Output).Append('\n').Append(Error).ToString();
}
