using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HandoffRules.Packaging.Tests;

/// <summary>
/// Runs what the host's Dockerfile runs, without a container engine: the build stage's RUN script in
/// the repository (the build context), then the final stage's entrypoint with its ENV, on the files
/// its COPY lines bring, probed at its HEALTHCHECK address. Every absolute path of the image is
/// mapped into a scratch folder and the image's port onto a free one; nothing else is changed.
/// </summary>
/// <remarks>
/// It proves the commands the image is made of (the tool restore and install, the publish of the
/// playbook with its dependencies, the entrypoint loading it, the readiness probe answering) and is
/// read from the Dockerfile itself, so the file cannot drift from what is tested. What only an
/// engine can check — the base images, the package install of the runtime stage, the non-root user —
/// is left to an image build.
/// </remarks>
internal sealed partial class DockerfileRehearsal
{
    private readonly List<(string Keyword, string Arguments, int Stage)> _instructions;
    private readonly string _scratch;
    private readonly int _port = FreePort();

    // What the final stage copies from the build stage (source, target), longest target first.
    private readonly List<(string Source, string Target)> _copies;

    private DockerfileRehearsal(List<(string, string, int)> instructions, string scratch)
    {
        _instructions = instructions;
        _scratch = scratch;
        _copies = _instructions
            .Where(i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=", StringComparison.Ordinal))
            .Select(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => (Source: parts[1], Target: parts[2]))
            .OrderByDescending(c => c.Target.Length)
            .ToList();
    }

    /// <summary>Reads a Dockerfile's instructions (continuations joined, comments dropped), numbered by stage.</summary>
    public static DockerfileRehearsal Read(string dockerfile, string scratch)
    {
        var instructions = new List<(string, string, int)>();
        var stage = -1;
        var pending = string.Empty;
        foreach (var raw in File.ReadAllLines(dockerfile))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = string.Empty;
            if (whole.Length == 0)
            {
                continue;
            }

            var space = whole.IndexOf(' ');
            var keyword = whole[..space].ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add((keyword, whole[(space + 1)..].Trim(), stage));
        }

        return new DockerfileRehearsal(instructions, scratch);
    }

    /// <summary>The final stage's base image and user, for what this rehearsal cannot run.</summary>
    public string FinalStageLine(string keyword) =>
        _instructions.Last(i => i.Keyword == keyword && i.Stage == LastStage).Arguments;

    private int LastStage => _instructions.Max(i => i.Stage);

    /// <summary>The build stage's RUN scripts, run by sh in the build context with the stage's ARG defaults.</summary>
    public async Task<ProcessRun> RunBuildStage(string context, IReadOnlyDictionary<string, string?> environment)
    {
        var stageEnvironment = new Dictionary<string, string?>(environment);
        foreach (var (keyword, arguments, _) in _instructions.Where(i => i.Stage == 0))
        {
            if (keyword == "ARG" && arguments.Split('=', 2) is [var name, var value])
            {
                stageEnvironment[name] = value;
            }
        }

        var script = string.Join(" && ", _instructions.Where(i => i is { Stage: 0, Keyword: "RUN" }).Select(i => MapPaths(i.Arguments)));
        return await ProcessRun.Start(context, "sh", ["-c", script], stageEnvironment);
    }

    /// <summary>
    /// Starts the final stage's ENTRYPOINT and CMD with its ENV, in its WORKDIR, and waits until the
    /// HEALTHCHECK's address answers 200 (or the process exits, or two minutes pass).
    /// </summary>
    public async Task<RunningImage> Start(IReadOnlyDictionary<string, string?> environment)
    {
        var final = _instructions.Where(i => i.Stage == LastStage).ToList();
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in JsonArray(final.Single(i => i.Keyword == "ENTRYPOINT").Arguments).Concat(JsonArray(final.Single(i => i.Keyword == "CMD").Arguments)))
        {
            start.ArgumentList.Add(MapPaths(argument));
        }

        start.FileName = start.ArgumentList[0];
        start.ArgumentList.RemoveAt(0);
        foreach (var (name, value) in environment)
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

        foreach (var env in final.Where(i => i.Keyword == "ENV"))
        {
            foreach (Match pair in EnvPair().Matches(env.Arguments))
            {
                start.Environment[pair.Groups[1].Value] = MapPaths(pair.Groups[2].Value);
            }
        }

        start.WorkingDirectory = Directory.CreateDirectory(MapPaths(final.Last(i => i.Keyword == "WORKDIR").Arguments)).FullName;
        var health = HealthAddress().Match(final.Single(i => i.Keyword == "HEALTHCHECK").Arguments);
        Assert.True(health.Success, "The Dockerfile's HEALTHCHECK probes no http address.");
        var probe = new Uri(MapPaths(health.Value));

        var process = Process.Start(start)!;
        var image = new RunningImage(process, probe, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddMinutes(2);
        while (!process.HasExited && DateTime.UtcNow < until)
        {
            try
            {
                using var response = await client.GetAsync(probe);
                if (response.IsSuccessStatusCode)
                {
                    image.Ready = true;
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        return image;
    }

    /// <summary>
    /// An image path in the scratch folder: a path a final-stage COPY brings from the build stage is
    /// the build stage's path (longest source first); any other absolute path is kept under the
    /// scratch folder by its own name. The image's port becomes a free port of this machine.
    /// </summary>
    private string MapPaths(string text)
    {
        var mapped = AbsolutePath().Replace(text, match =>
        {
            var path = match.Value;
            foreach (var (source, target) in _copies)
            {
                if (path == target || path.StartsWith(target + "/", StringComparison.Ordinal))
                {
                    path = source + path[target.Length..];
                    break;
                }
            }

            return _scratch + path;
        });
        return mapped.Replace(":8080", ":" + _port, StringComparison.Ordinal);
    }

    private static string[] JsonArray(string exec) => JsonSerializer.Deserialize<string[]>(exec)!;

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An absolute path in a script or value: after a space, quote, '=' or the start, never part of a URL.</summary>
    [GeneratedRegex(@"(?<=^|[\s""'=])/[A-Za-z][\w.-]*(?:/[\w.-]+)*")]
    private static partial Regex AbsolutePath();

    [GeneratedRegex(@"([A-Za-z_][\w]*)=(\S+)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"http://[^\s]+")]
    private static partial Regex HealthAddress();

    /// <summary>The entrypoint's process, ready or not, and how it ended once stopped.</summary>
    internal sealed class RunningImage(Process process, Uri probe, Task<string> output, Task<string> error) : IDisposable
    {
        public bool Ready { get; set; }

        public Uri Probe { get; } = probe;

        public bool HasExited => process.HasExited;

        /// <summary>Stops it as an engine does (SIGTERM) and returns its exit code and output.</summary>
        public async Task<ProcessRun> Stop()
        {
            if (!process.HasExited)
            {
                await ProcessRun.Start(Path.GetTempPath(), "kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            await process.WaitForExitAsync();
            return new ProcessRun("entrypoint", process.ExitCode, await output, await error);
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }
}
