using HandoffRules.Host.Inputs;
using HandoffRules.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Hosting;

/// <summary>
/// Stops the host once its input is finished — a file not followed, or standard input at its end —
/// unless it was asked to keep listening. The processor drains on stop, so every line read is
/// committed before the host exits.
/// </summary>
internal sealed class FinishedInputShutdown(InputStatus input, IOptions<HandoffHostOptions> options, HostShutdown shutdown, ILogger<FinishedInputShutdown> logger) : BackgroundService
{
    // The reader raises a flag at the end of its input; looking at it a few times a second costs nothing.
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Input is not { } name || settings.Follow || settings.Listen)
        {
            return;
        }

        using var timer = new PeriodicTimer(Poll);
        while (!input.Done)
        {
            await timer.WaitForNextTickAsync(stoppingToken);
        }

        Log.InputFinishedStopping(logger, name == "-" ? "stdin" : Path.GetFileName(name));
        shutdown.Stop("the input is finished");
    }
}
