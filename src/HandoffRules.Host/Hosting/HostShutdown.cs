using HandoffRules.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HandoffRules.Host.Hosting;

/// <summary>
/// Why the host stopped, for whoever runs it: <c>handoff run</c> exits 0 only when the stop was asked
/// for (Ctrl+C, SIGTERM, the input finished) and nothing failed. A stop with neither a request nor a
/// recorded failure counts as a failure: the host only stops on its own when something went wrong.
/// </summary>
public sealed class HostShutdown(IHostApplicationLifetime lifetime, ILogger<HostShutdown> logger)
{
    private readonly Lock _lock = new();

    /// <summary>Why the stop was asked for ("SIGTERM", "the input is finished"); null when nobody asked.</summary>
    public string? Reason { get; private set; }

    /// <summary>The first failure that stopped the host, naming what failed; null when nothing failed.</summary>
    public string? Failure { get; private set; }

    /// <summary>True when the stop was asked for and nothing failed.</summary>
    public bool Clean => Reason is not null && Failure is null;

    /// <summary>Stops the host because that is what was asked for (the work is done); it drains what it accepted first.</summary>
    public void Stop(string reason)
    {
        Requested(reason);
        lifetime.StopApplication();
    }

    /// <summary>Stops the host because something failed; the first failure is the one reported.</summary>
    public void Fail(string failure)
    {
        lock (_lock)
        {
            Failure ??= failure;
        }

        lifetime.StopApplication();
    }

    /// <summary>Records a stop someone else carries out (the console lifetime on a signal).</summary>
    internal void Requested(string reason)
    {
        lock (_lock)
        {
            if (Reason is not null)
            {
                return;
            }

            Reason = reason;
        }

        Log.StopRequested(logger, reason);
    }
}
