using System.Diagnostics;
using HandoffRules.Cli.Commands;

namespace HandoffRules.Host.Tests.Support;

/// <summary>The host as a separate process (<c>handoff run</c>), so a test can kill it for real.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process) => _process = process;

    public static HostProcess Start(IEnumerable<string> arguments, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(HandoffCommand).Assembly.Location);
        start.ArgumentList.Add("run");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;

        // Keep the pipes drained so the host never blocks on a full console buffer.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(process);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id (a PostgreSQL host's leases carry it).</summary>
    public int Id => _process.Id;

    /// <summary>SIGKILL: no shutdown, no flush, no drain.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }
}
