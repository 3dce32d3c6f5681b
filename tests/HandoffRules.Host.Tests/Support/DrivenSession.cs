using HandoffRules.Host.Hosting;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Host.Timers;
using HandoffRules.Model;
using HandoffRules.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HandoffRules.Host.Tests.Support;

/// <summary>A processor's session on a store, opened as the host opens it, for a test that hands it work itself.</summary>
internal sealed class DrivenSession : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    /// <param name="store">The store, initialised.</param>
    /// <param name="playbook">The playbook the session routes by.</param>
    /// <param name="clock">The wall clock.</param>
    /// <param name="replay">Whether deadlines are judged by the input's own clock (a replayed file) rather than the wall clock.</param>
    public DrivenSession(IHandoffStore store, PlaybookModel playbook, TimeProvider clock, bool replay)
    {
        Session = new HandoffSession(store, Router.Compile(playbook), new HandoffHostOptions(), clock, new HandoffClock(clock, replay),
            new HandoffMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger.Instance);
    }

    public HandoffSession Session { get; }

    public void Dispose()
    {
        Session.Dispose();
        _services.Dispose();
    }
}
