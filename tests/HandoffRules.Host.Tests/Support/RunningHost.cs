using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Acme.Rules;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Store;
using HandoffRules.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HandoffRules.Host.Tests.Support;

/// <summary>
/// The host running in this process on a real loopback port with a real SQLite file in a temp
/// folder, as production runs it. Logs are captured so tests can check what is (never) written.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    public const string HubSpotSecret = "test-client-secret-0123456789";
    public const string IntegrationKey = "integration-key-0123456789abcdef";
    public const string OliviaKey = "olivia-key-0123456789abcdef0123";

    private RunningHost(WebApplication app, string folder, string database, ConcurrentQueue<string> logs)
    {
        App = app;
        Folder = folder;
        Logs = logs;
        Store = new SqliteHandoffStore(database);
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public ConcurrentQueue<string> Logs { get; }

    public SqliteHandoffStore Store { get; }

    public Uri BaseAddress => new(App.Urls.First());

    public static async Task<RunningHost> StartAsync(
        PlaybookModel? playbook = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        IEnumerable<string>? input = null,
        PlaybookVersion? version = null)
    {
        var folder = Directory.CreateTempSubdirectory("handoff-host-").FullName;
        var logs = new ConcurrentQueue<string>();
        var all = new Dictionary<string, string?>
        {
            ["Handoff:Database"] = Path.Combine(folder, "handoff.db"),
            ["Handoff:DurableCommits"] = "false",
            ["Handoff:TimerInterval"] = "00:00:00.050",
            ["Handoff:OutboxInterval"] = "00:00:00.050",
            ["Handoff:HubSpot:ClientSecret"] = HubSpotSecret,
            ["Handoff:ApiKeys:0:Key"] = IntegrationKey,
            ["Handoff:ApiKeys:1:Key"] = OliviaKey,
            ["Handoff:ApiKeys:1:Member"] = "olivia.bennett",
        };
        if (input is not null)
        {
            all["Handoff:Input"] = Path.Combine(folder, "leads.jsonl");
            Leads.Write(all["Handoff:Input"]!, input);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = HandoffHost.Build(new HandoffHostSettings
        {
            Playbook = playbook ?? new AcmePlaybook().Build(),
            PlaybookVersion = version,
            Urls = "http://127.0.0.1:0",
            Settings = all,
            Services = services,
            Logging = logging =>
            {
                logging.SetMinimumLevel(LogLevel.Debug);
                logging.AddProvider(new CapturingLoggerProvider(logs));
            },
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A host that refused to start lets go of its store (and its lock) before the test goes on.
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            throw;
        }

        return new RunningHost(app, folder, all["Handoff:Database"]!, logs);
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Waits until the condition holds, polling the store; fails after the timeout.</summary>
    public async Task<StoreCounts> WaitForAsync(Func<StoreCounts, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var counts = await Store.CountAsync(CancellationToken.None);
            if (condition(counts))
            {
                return counts;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The host did not get there in time; it stands at {counts}.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(logs, categoryName);

        public void Dispose()
        {
        }

        private sealed class Capturing(ConcurrentQueue<string> logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {exception}");
        }
    }
}
