using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HandoffRules.Cli.Commands;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Tests;

/// <summary>
/// <c>handoff run</c> as a user runs it: the built command in a fresh process (exit code, what it
/// prints), or in-process where a test needs to look inside the host it builds.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private const int LeadCount = 40;
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-run-").FullName;

    public RunCommandTests() => Leads.Write(Path.Combine(_folder, "leads.jsonl"), Leads.Generated(LeadCount, seed: 3).Select(Leads.Line));

    // A port from configuration, not from --urls: port 0 never collides, and --urls would ask the host to keep listening.
    private static Dictionary<string, string> Environment(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["Handoff__Urls"] = "http://127.0.0.1:0", ["Handoff__DurableCommits"] = "false" };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    [Fact]
    public async Task Run_on_a_finished_file_commits_every_line_and_exits_0()
    {
        using var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db"], Environment());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(LeadCount, (await Counts("handoff.db")).Ingested);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Run_takes_its_address_from_configuration_when_urls_is_not_given()
    {
        using var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl"], Environment());

        // Handoff__Urls asks for any free port; the built-in default would have been 5080.
        Assert.True(run.ExitCode == 0, run.ToString());
        var listening = run.Output.Single(l => l.Contains("Now listening on: http://127.0.0.1:", StringComparison.Ordinal));
        Assert.DoesNotContain(":5080", listening, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_takes_the_database_from_appsettings_json_then_the_environment_and_db_wins_over_both()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "appsettings.json"), """{ "Handoff": { "Database": "from-settings.db" } }""");

        using (var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl"], Environment()))
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(LeadCount, (await Counts("from-settings.db")).Ingested);
        }

        using (var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl"], Environment(("Handoff__Database", "from-environment.db"))))
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(LeadCount, (await Counts("from-environment.db")).Ingested);
        }

        using (var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl", "--db", "given.db"], Environment(("Handoff__Database", "from-environment.db"))))
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal(LeadCount, (await Counts("given.db")).Ingested);
        }

        Assert.False(File.Exists(Path.Combine(_folder, "handoff.db")), "the built-in default overrode configuration");
    }

    [Fact]
    public async Task Run_with_urls_keeps_serving_after_the_file_is_done_and_exits_0_on_sigterm()
    {
        using var run = CliProcess.Start(_folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db", "--urls", "http://127.0.0.1:0"], Environment());
        var address = await run.ListeningAsync();
        await WaitForAsync("handoff.db", counts => counts.Ingested == LeadCount);

        using var client = new HttpClient { BaseAddress = address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

        run.Terminate();
        await run.WaitForExitAsync();
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Run_on_a_missing_input_file_exits_non_zero_with_one_line_naming_it()
    {
        using var run = await CliProcess.RunAsync(_folder, ["run", "--input", "missing.jsonl", "--db", "handoff.db"], Environment());

        Assert.True(run.ExitCode != 0, run.ToString());
        var error = Assert.Single(run.Error);
        Assert.Contains("--input", error, StringComparison.Ordinal);
        Assert.Contains("missing.jsonl", error, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Run_on_a_busy_port_exits_non_zero_with_one_line_naming_the_address()
    {
        var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            var address = $"http://127.0.0.1:{((IPEndPoint)busy.LocalEndpoint).Port}";
            using var run = await CliProcess.RunAsync(_folder, ["run", "--db", "handoff.db", "--urls", address], Environment());

            Assert.True(run.ExitCode != 0, run.ToString());
            Assert.Contains(address, Assert.Single(run.Error, l => l.StartsWith("error:", StringComparison.Ordinal)), StringComparison.Ordinal);
            AssertNoStackTrace(run);
            // Found before anything started: no store opened, no processor running while the server fails.
            Assert.DoesNotContain(run.Output.Concat(run.Error), l => l.Contains("Handoff host started", StringComparison.Ordinal));
            Assert.False(File.Exists(Path.Combine(_folder, "handoff.db")), "The store was opened although the address was busy.");
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public async Task Json_console_formatter_writes_one_json_object_per_line()
    {
        using var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db"], Environment(("Logging__Console__FormatterName", "json")));

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("EventId").GetInt32()).ToList();
        Assert.Contains(1000, events);
    }

    [Fact]
    public async Task A_background_service_that_throws_makes_run_exit_non_zero_with_one_line_naming_it()
    {
        var (exit, output, error) = await RunInProcess(["run", "--db", Path.Combine(_folder, "handoff.db"), "--urls", "http://127.0.0.1:0"],
            services => services.AddHostedService<FailingExport>());

        Assert.True(exit == 1 && error.Length > 0, $"exit {exit}: {error} / {output}");
        var line = Assert.Single(Lines(error));
        Assert.Contains(nameof(FailingExport), line, StringComparison.Ordinal);
        Assert.Contains("the CRM export is unreadable", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false, "--replay", "--urls", "http://127.0.0.1:0")]
    [InlineData(false, false, "--urls", "http://127.0.0.1:0")]
    [InlineData(true, true, "--urls", "http://127.0.0.1:0", "--listen", "false")]
    [InlineData(false, false, "--urls", "http://127.0.0.1:0", "--follow")]
    public async Task Replay_is_asked_for_with_replay_or_implied_by_a_file_the_host_exits_after(bool replay, bool exitsWhenDone, params string[] arguments)
    {
        var seen = new SeenOptions();
        var (exit, _, error) = await RunInProcess(["run", "--input", Path.Combine(_folder, "leads.jsonl"), "--db", Path.Combine(_folder, "handoff.db"), .. arguments],
            services => services.AddSingleton(seen).AddHostedService<OptionsWatch>());

        Assert.True(seen.Options is not null, error);
        Assert.Equal(replay, seen.Options.Replay);
        Assert.Equal(!exitsWhenDone, seen.Options.Listen || seen.Options.Follow);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task Replay_of_a_followed_file_is_refused_with_one_line()
    {
        var (exit, _, error) = await RunInProcess(["run", "--input", Path.Combine(_folder, "leads.jsonl"), "--db", Path.Combine(_folder, "handoff.db"), "--urls", "http://127.0.0.1:0", "--replay", "--follow"]);

        Assert.Equal(1, exit);
        Assert.Contains("--follow", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replay_judges_every_deadline_its_history_passed_before_it_exits()
    {
        // The timer service looks once, at start, when nothing is due: every breach comes from the
        // judgement at the end of the input, which queues the passed deadlines together.
        var (exit, _, error) = await RunInProcess(["run", "--input", Path.Combine(_folder, "leads.jsonl"), "--db", Path.Combine(_folder, "handoff.db")],
            services => services.Configure<HandoffHostOptions>(o => o.TimerInterval = TimeSpan.FromHours(1)));
        Assert.True(exit == 0, error);

        using var store = new SqliteHandoffStore(Path.Combine(_folder, "handoff.db"));
        var events = await store.GetEventsAsync(null, null, null, CancellationToken.None);
        var lastEvent = events.Where(e => e.Type is "lead.routed" or "lead.disqualified" or "lead.duplicate").Max(e => e.At);
        var breached = events.Count(e => e.Type == "sla.breached");
        var stillDue = new List<StoredTimer>();
        foreach (var lead in events.Where(e => e.Type == "lead.routed").Select(e => e.LeadId).Distinct())
        {
            stillDue.AddRange((await store.GetTimersAsync(lead, CancellationToken.None)).Where(t => t.State == StoredTimer.Pending && t.DueAt <= lastEvent));
        }

        Assert.True(breached > 1, $"only {breached} breaches");
        Assert.Empty(stillDue);
    }

    [Fact]
    public async Task A_replay_ends_with_one_line_counting_its_breaches_and_holds_instead_of_a_line_for_each()
    {
        using var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db"], Environment(("Logging__Console__FormatterName", "json")));
        Assert.True(run.ExitCode == 0, run.ToString());

        var lines = run.Output.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.DoesNotContain(lines, l => l.GetProperty("EventId").GetInt32() is 1020 or 1200);
        var summary = Assert.Single(lines, l => l.GetProperty("EventId").GetInt32() == 1153).GetProperty("State");
        long Counted(string name) => summary.GetProperty(name) is { ValueKind: JsonValueKind.String } text ? long.Parse(text.GetString()!, CultureInfo.InvariantCulture) : summary.GetProperty(name).GetInt64();

        using var store = new SqliteHandoffStore(Path.Combine(_folder, "handoff.db"));
        var events = await store.GetEventsAsync(null, null, null, CancellationToken.None);
        var counts = await store.CountAsync(CancellationToken.None);
        Assert.True(Counted("Breaches") > 0);
        Assert.Equal(events.Count(e => e.Type == HandoffEventTypes.SlaBreached), Counted("Breaches"));
        Assert.Equal(events.Count(e => e.Type == HandoffEventTypes.Held), Counted("Held"));
        Assert.Equal(counts.Routed, Counted("Routed"));
        Assert.Equal(LeadCount, Counted("Routed") + Counted("Disqualified") + Counted("Duplicates") + Counted("DeadLettered"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static void AssertNoStackTrace(CliProcess run)
    {
        var traces = run.Output.Concat(run.Error).Where(l => l.Contains("   at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).ToList();
        Assert.True(traces.Count == 0, "A stack trace or exception reached the user:\n" + string.Join('\n', traces));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<(int ExitCode, string Output, string Error)> RunInProcess(string[] args, Action<IServiceCollection>? services = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await HandoffCommand.InvokeAsync(args, output, error, services);
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<StoreCounts> Counts(string database) =>
        await new SqliteHandoffStore(Path.Combine(_folder, database)).CountAsync(CancellationToken.None);

    private async Task WaitForAsync(string database, Func<StoreCounts, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!File.Exists(Path.Combine(_folder, database)) || !condition(await Counts(database)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the host did not commit the file in time");
            await Task.Delay(50);
        }
    }

    private sealed class FailingExport : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the CRM export is unreadable");
        }
    }

    private sealed class SeenOptions
    {
        public HandoffHostOptions? Options { get; set; }
    }

    // Records the options the host resolved; stops a host that would keep listening, once it has started.
    private sealed class OptionsWatch(SeenOptions seen, IOptions<HandoffHostOptions> options, IHostApplicationLifetime lifetime, HostShutdown shutdown) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            seen.Options = options.Value;
            if (options.Value.Listen || options.Value.Follow)
            {
                lifetime.ApplicationStarted.Register(() => shutdown.Stop("the test has seen the options"));
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
