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

    /// <summary>
    /// Waits until the host at <paramref name="baseAddress"/> answers its liveness check: a host that
    /// has not claimed the input may still be starting when the others are already deciding.
    /// </summary>
    public static async Task WaitUntilListeningAsync(Uri baseAddress, TimeSpan? timeout = null)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"the host at {baseAddress} never answered its liveness check");
            }

            await Task.Delay(100);
        }
    }

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
