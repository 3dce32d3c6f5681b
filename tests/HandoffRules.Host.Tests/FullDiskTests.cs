using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HandoffRules.Host.Tests;

/// <summary>When the store cannot be written, no log line claims an input was kept, and the host stops rather than lose inputs.</summary>
public sealed class FullDiskTests
{
    [Fact]
    public async Task An_input_that_cannot_be_kept_is_never_logged_as_dead_lettered_and_the_host_stops()
    {
        await using var host = await RunningHost.StartAsync(services: s => s.AddSingleton<IHandoffStore>(provider =>
        {
            var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HandoffHostOptions>>().Value;
            return StoreProxy.Around(new SqliteHandoffStore(options.Database, options.DurableCommits), (method, _) =>
                method.Name is nameof(IHandoffWriter.Append) or nameof(IHandoffWriter.AppendIntake) or nameof(IHandoffWriter.DeadLetter)
                    ? new IOException("No space left on device")
                    : null).Store;
        }));
        var queue = host.App.Services.GetRequiredService<HandoffQueue>();

        var lead = Leads.DemoRequest("F1", DateTimeOffset.UtcNow);
        var submitted = queue.SubmitAsync(new LeadWork("test", "F1", "test line 1", lead, DateTimeOffset.UtcNow) { Completion = HandoffWork.Waiting() }, CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => submitted);
        var shutdown = host.App.Services.GetRequiredService<HostShutdown>();
        await Eventually.HoldsAsync(() => host.Logs.Any(l => l.Contains("[1052]", StringComparison.Ordinal)), "the processor reports the input it could not keep");
        Assert.DoesNotContain(host.Logs, l => l.Contains("was dead-lettered", StringComparison.Ordinal) || l.Contains("Dead-lettered input", StringComparison.Ordinal));
        Assert.Contains(host.Logs, l => l.Contains("could not be dead-lettered either", StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => shutdown.Failure is not null, "the host stops on the failure");
        Assert.False(shutdown.Clean);
        Assert.Equal(0, (await host.Store.CountAsync(CancellationToken.None)).Ingested);
    }
}
