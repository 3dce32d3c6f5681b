using HandoffRules.Host.Hosting;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace HandoffRules.Host.Notifications;

/// <summary>
/// Delivers the outbox. Each alert gets a few quick retries with backoff; if it still fails it
/// stays in the outbox and is tried again later, for as long as it takes. An alert is marked
/// delivered only after its channel accepted it, so an outage delays alerts and loses none.
/// </summary>
internal sealed class OutboxDispatcher(
    IHandoffStore store,
    IEnumerable<INotifier> notifiers,
    IOptions<HandoffHostOptions> options,
    TimeProvider time,
    HandoffMetrics metrics,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, DateTimeOffset> _quiet = new(StringComparer.Ordinal);

    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<IOException>().Handle<MailKit.ProtocolException>().Handle<TimeoutException>(),
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            UseJitter = false,
        })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var byChannel = notifiers.ToDictionary(n => n.Channel, StringComparer.Ordinal);
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var item in await store.GetDueOutboxAsync(time.GetUtcNow(), 100, stoppingToken))
            {
                await DeliverAsync(item, byChannel, stoppingToken);
            }

            metrics.Backlog((await store.CountAsync(stoppingToken)).OutboxPending);
            await Task.Delay(options.Value.OutboxInterval, time, stoppingToken);
        }
    }

    private async Task DeliverAsync(OutboxItem item, Dictionary<string, INotifier> byChannel, CancellationToken cancellation)
    {
        try
        {
            if (!byChannel.TryGetValue(item.Channel, out var notifier))
            {
                throw new NotConfiguredException($"no notifier for channel '{item.Channel}'");
            }

            await _retry.ExecuteAsync(async token => await notifier.SendAsync(item.Target, item.Body, token), cancellation);
            await store.MarkDeliveredAsync(item.Id, time.GetUtcNow(), cancellation);
            Log.AlertDelivered(logger, item.Id, item.Channel);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            // A channel that is not configured will not work in a few seconds: wait the longest, and
            // say so once per channel a wait rather than once per alert.
            var notConfigured = e is NotConfiguredException;
            var wait = notConfigured ? LongestWait : TimeSpan.FromSeconds(Math.Min(LongestWait.TotalSeconds, Math.Pow(2, item.Attempts + 1)));
            var now = time.GetUtcNow();
            var next = now + wait;
            var problem = e is NotConfiguredException or HttpRequestException ? e.Message : e.GetType().Name;
            await store.MarkAttemptFailedAsync(item.Id, next, problem, cancellation);
            if (!notConfigured || !_quiet.TryGetValue(item.Channel, out var until) || now >= until)
            {
                Log.AlertFailed(logger, item.Id, item.Channel, item.Attempts + 1, problem, next);
                if (notConfigured)
                {
                    _quiet[item.Channel] = next;
                }
            }
        }
    }
}
