using HandoffRules.Host.Api;
using HandoffRules.Host.Crm;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Notifications;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Timers;
using HandoffRules.Host.Webhooks;
using HandoffRules.Model;
using HandoffRules.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Hosting;

/// <summary>What the host runs: the playbook, where it listens, and settings that override configuration.</summary>
public sealed class HandoffHostSettings
{
    /// <summary>The playbook to apply.</summary>
    public required PlaybookModel Playbook { get; init; }

    /// <summary>
    /// The addresses to listen on (port 0 picks a free one); when null, from configuration:
    /// "Handoff:Urls", then ASP.NET Core's "urls", then <see cref="HandoffHost.DefaultUrls"/>.
    /// </summary>
    public string? Urls { get; init; }

    /// <summary>
    /// Stop once a finished input (a file not followed, or standard input at its end) is committed,
    /// unless "Handoff:Listen" is set; such a file is then replayed ("Handoff:Replay"). Off for hosts
    /// embedded in something else; <c>handoff run</c> turns it on.
    /// </summary>
    public bool StopWhenInputFinished { get; init; }

    /// <summary>Settings that win over appsettings.json and the environment ("Handoff:Database" → "x.db").</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// The playbook's version, stamped on every event; when null, the content hash of
    /// <see cref="Playbook"/> with the version "0.0.0" (a playbook assembled without an assembly).
    /// </summary>
    public PlaybookVersion? PlaybookVersion { get; init; }

    /// <summary>A last word on the services (tests swap the clock here).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>A last word on logging.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }
}

/// <summary>
/// Builds the runner host: a web application on Microsoft.Extensions.Hosting that applies a
/// compiled playbook to files, webhooks and SDR actions, enforces SLAs and records everything.
/// </summary>
public static class HandoffHost
{
    /// <summary>Where the host listens when neither the caller nor configuration says.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Builds the host; <c>RunAsync</c> runs it until it is stopped.</summary>
    public static WebApplication Build(HandoffHostSettings settings)
    {
        // Configuration files are read once, not watched: the content root is the working folder, which
        // also holds the default event log, and a watcher there wakes on every write to the database.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.AddInMemoryCollection(settings.Settings);
        builder.WebHost.UseUrls(settings.Urls
            ?? builder.Configuration[HandoffHostOptions.Section + ":" + nameof(HandoffHostOptions.Urls)]
            ?? builder.Configuration[WebHostDefaults.ServerUrlsKey]
            ?? DefaultUrls);
        ConsoleLogs(builder);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        // The generic host logs its own failures with stack traces, even when the cause is a busy port
        // or a bad file; the host reports those itself (ShutdownWatch, and the command for start-up).
        builder.Logging.AddFilter(HostInternalsCategory, level => level is >= LogLevel.Information and < LogLevel.Error);
        settings.Logging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddOptions<HandoffHostOptions>()
            .Bind(builder.Configuration.GetSection(HandoffHostOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HandoffHostOptions>, HandoffHostOptionsValidator>();
        if (settings.StopWhenInputFinished)
        {
            // A finished file that nobody listens beside is history: replay it on its own clock.
            services.PostConfigure<HandoffHostOptions>(options =>
                options.Replay |= options.Input is { } input && input != "-" && !options.Follow && !options.Listen);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(Router.Compile(settings.Playbook));
        services.AddSingleton(settings.PlaybookVersion ?? PlaybookVersion.Of(settings.Playbook, compiledInto: null));
        services.AddSingleton<IHandoffStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<HandoffHostOptions>>().Value;
            return options.UsesPostgres
                ? new PostgresHandoffStore(options.ConnectionStrings.Postgres!, options.DurableCommits, options.ClaimLease, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<PlaybookVersion>())
                : new SqliteHandoffStore(options.Database, options.DurableCommits, provider.GetRequiredService<PlaybookVersion>());
        });
        services.AddSingleton<HandoffQueue>();
        services.AddSingleton<HandoffClock>();
        services.AddSingleton<ProcessorStatus>();
        services.AddSingleton<ReplayTally>();
        services.AddSingleton<InputStatus>();
        services.AddMetrics();
        services.AddSingleton<HandoffMetrics>();
        var telemetry = TelemetryExport.Read(builder.Configuration);
        TelemetryExport.AddTo(services, telemetry);
        services.AddSingleton<HostShutdown>();
        services.AddHttpClient(SlackNotifier.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(HubSpotContactClient.HttpClientName, (provider, client) =>
        {
            client.BaseAddress = provider.GetRequiredService<IOptions<HandoffHostOptions>>().Value.HubSpot.ApiBaseUrl;
            client.Timeout = TimeSpan.FromSeconds(4);
        });
        services.AddSingleton<INotifier, SlackNotifier>();
        services.AddSingleton<INotifier, EmailNotifier>();
        HubSpotWriteBackServices.AddTo(services, settings.Playbook);

        // Started in this order and stopped in reverse: the schema exists before anything uses it,
        // and the processor stops last, after the inputs, draining what they queued.
        services.AddHostedService<ShutdownWatch>();
        services.AddHostedService<StoreInitializer>();
        services.AddHostedService<HandoffProcessor>();
        services.AddHostedService<JsonLinesInput>();
        services.AddHostedService<SlaTimerService>();
        services.AddHostedService<HeldLeadService>();
        services.AddHostedService<OutboxDispatcher>();
        if (settings.StopWhenInputFinished)
        {
            services.AddHostedService<FinishedInputShutdown>();
        }

        services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);
        settings.Services?.Invoke(services);

        var app = builder.Build();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        HubSpotWebhook.Map(app);
        SdrApi.Map(app);
        TelemetryExport.MapTo(app, telemetry);
        return app;
    }

    // The category of the generic host's own log lines ("Hosting failed to start", "BackgroundService failed").
    private const string HostInternalsCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>
    /// Console logs in the formatter configuration names ("Logging:Console:FormatterName": simple,
    /// json for log shippers, systemd); simple by default, one line each with UTC timestamps.
    /// </summary>
    private static void ConsoleLogs(WebApplicationBuilder builder)
    {
        var formatterOptions = builder.Configuration.GetSection("Logging:Console:FormatterOptions");
        builder.Logging.AddConsole();
        builder.Services.Configure<SimpleConsoleFormatterOptions>(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            json.UseUtcTimestamp = true;
        });

        // Configuration has the last word on the formatters' options, over the defaults above.
        builder.Services.Configure<SimpleConsoleFormatterOptions>(formatterOptions);
        builder.Services.Configure<JsonConsoleFormatterOptions>(formatterOptions);

        // The slim builder pins the simple formatter after binding configuration; put configuration's choice back.
        builder.Services.PostConfigure<ConsoleLoggerOptions>(console =>
            console.FormatterName = builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } name ? name : ConsoleFormatterNames.Simple);
    }

    /// <summary>Creates or upgrades the store's schema before the processor opens it.</summary>
    private sealed class StoreInitializer(IHandoffStore store, Router router, PlaybookVersion playbook, TimeProvider time, IOptions<HandoffHostOptions> options, ILogger<StoreInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await store.InitializeAsync(cancellationToken);
            await PlaybookVersionCheck.RunAsync(store, playbook, options.Value.AllowOlderPlaybook, time.GetUtcNow(), logger, cancellationToken);
            Log.Started(logger, router.Playbook.Name, store is PostgresHandoffStore postgres ? postgres.Database : options.Value.Database);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Ready when the processor runs and the store answers.</summary>
    private sealed class ReadinessCheck(ProcessorStatus status, IHandoffStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!status.Running)
            {
                return HealthCheckResult.Unhealthy("the processor is not running");
            }

            if (await store.CheckAsync(cancellationToken) is { } problem)
            {
                return HealthCheckResult.Unhealthy(problem);
            }

            // Probed every few seconds for as long as the host runs: nothing here reads the history
            // (counting the inputs read the whole table, which grows for ever).
            return HealthCheckResult.Healthy($"{await store.CountOutboxPendingAsync(cancellationToken)} alerts waiting");
        }
    }
}
