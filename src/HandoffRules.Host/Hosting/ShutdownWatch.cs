using System.Runtime.InteropServices;
using HandoffRules.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HandoffRules.Host.Hosting;

/// <summary>
/// Records in <see cref="HostShutdown"/> why the host stops: a stop signal, or a background service
/// that failed. It looks when the stop begins (a service that fails while the host is still starting
/// aborts the start, and no service is stopped then) and again when it ends: started first, it is
/// stopped last, after every other service.
/// </summary>
internal sealed class ShutdownWatch(HostShutdown shutdown, IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<ShutdownWatch> logger) : IHostedService, IDisposable
{
    // The signals the console lifetime stops the host on; it handles them, this only notes which came.
    private static readonly PosixSignal[] StopSignals = [PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT];

    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly HashSet<BackgroundService> _failed = [];
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in StopSignals)
        {
            try
            {
                _signals.Add(PosixSignalRegistration.Create(signal, context => shutdown.Requested(context.Signal.ToString())));
            }
            catch (PlatformNotSupportedException)
            {
                // No such signal here; the console lifetime does without it too.
            }
        }

        _stopping = lifetime.ApplicationStopping.Register(RecordFailures);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        RecordFailures();
        return Task.CompletedTask;
    }

    private void RecordFailures()
    {
        // Resolved now, not injected: this service is one of them.
        foreach (var service in services.GetServices<IHostedService>().OfType<BackgroundService>())
        {
            if (service.ExecuteTask is { IsFaulted: true } task && Add(service))
            {
                var failure = task.Exception!.GetBaseException();
                var name = service.GetType().Name;

                // A file or permission problem is the operator's to fix and its message says it all;
                // anything else is a defect, logged with its stack trace.
                Log.ServiceFailed(logger, name, failure.Message, failure is IOException or UnauthorizedAccessException ? null : failure);
                shutdown.Fail($"{name} failed: {failure.Message}");
            }
        }
    }

    // Each failure is reported once, though it is looked for twice.
    private bool Add(BackgroundService service)
    {
        lock (_failed)
        {
            return _failed.Add(service);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
    }
}
