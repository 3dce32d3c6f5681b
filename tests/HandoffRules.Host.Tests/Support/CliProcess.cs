using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using HandoffRules.Cli.Commands;

namespace HandoffRules.Host.Tests.Support;

/// <summary>
/// The built <c>handoff</c> command in a fresh process, with what it prints kept line by line, so a
/// test sees exactly what a user sees: the exit code, standard output and standard error.
/// </summary>
public sealed partial class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private CliProcess(Process process) => _process = process;

    public IEnumerable<string> Output => _output;

    public IEnumerable<string> Error => _error;

    public int ExitCode => _process.ExitCode;

    public static CliProcess Start(string folder, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? standardInput = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        start.ArgumentList.Add(typeof(HandoffCommand).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A developer's own settings must not leak into the child.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Handoff__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, line) => Keep(cli._output, line.Data);
        process.ErrorDataReceived += (_, line) => Keep(cli._error, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }

        process.StandardInput.Close();
        return cli;
    }

    /// <summary>Runs the command to its end.</summary>
    public static async Task<CliProcess> RunAsync(string folder, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? standardInput = null)
    {
        var cli = Start(folder, arguments, environment, standardInput);
        await cli.WaitForExitAsync();
        return cli;
    }

    /// <summary>Waits for the process to end; fails (and kills it) if it is still running after the timeout.</summary>
    public async Task WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"handoff did not exit.\nstdout:\n{string.Join('\n', _output)}\nstderr:\n{string.Join('\n', _error)}");
        }

        // The asynchronous readers may still hold the last lines.
        _process.WaitForExit();
    }

    /// <summary>The address the host listens on, from its "Now listening on" log line.</summary>
    public async Task<Uri> ListeningAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_output.Select(l => ListeningLine().Match(l)).FirstOrDefault(m => m.Success) is { } match)
            {
                return new Uri(match.Groups[1].Value);
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"handoff is not listening.\nstdout:\n{string.Join('\n', _output)}\nstderr:\n{string.Join('\n', _error)}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>SIGTERM, as a service manager stops the host.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGINT, as Ctrl+C in a terminal.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything printed, for assertion messages.</summary>
    public override string ToString() => $"exit {(_process.HasExited ? _process.ExitCode : "-")}\nstdout:\n{string.Join('\n', _output)}\nstderr:\n{string.Join('\n', _error)}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }

    [GeneratedRegex("Now listening on: (http://[^\\s\"]+)")]
    private static partial Regex ListeningLine();
}
