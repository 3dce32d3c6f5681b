using System.Collections.Concurrent;
using HandoffRules.Host.Crm;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace HandoffRules.Host.Notifications;

/// <summary>
/// Delivers the outbox. Each alert gets a few quick retries with backoff; if it still fails it
/// stays in the outbox and is tried again later, for as long as it takes. An alert is marked
/// delivered only after its channel accepted it, so an outage delays alerts and loses none.
/// Targets (a Slack channel, an e-mail address) are delivered to independently — a few at once,
/// each target's alerts in order, every attempt with a time limit — so one that hangs holds up
/// only its own alerts. A target that asks to be left alone (Retry-After) is, for that long.
/// </summary>
internal sealed class OutboxDispatcher : BackgroundService
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    private readonly IHandoffStore _store;
    private readonly IOptions<HandoffHostOptions> _options;
    private readonly TimeProvider _time;
    private readonly HandoffMetrics _metrics;
    private readonly ILogger<OutboxDispatcher> _logger;
    private readonly Dictionary<string, INotifier> _byChannel;
    private readonly ResiliencePipeline _retry;

    // Deliveries run concurrently; the "not configured" notice is said once per channel a wait.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _quiet = new(StringComparer.Ordinal);

    public OutboxDispatcher(
        IHandoffStore store,
        IEnumerable<INotifier> notifiers,
        IOptions<HandoffHostOptions> options,
        TimeProvider time,
        HandoffMetrics metrics,
        ILogger<OutboxDispatcher> logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _byChannel = notifiers.ToDictionary(n => n.Channel, StringComparer.Ordinal);

        // The timeout is inside the retry, so it bounds each attempt. An attempt that timed out is
        // not retried at once (a target that did not answer in that long will not in 200 ms), nor is
        // a RetryLaterException: both wait in the outbox.
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<IOException>().Handle<MailKit.ProtocolException>().Handle<TimeoutException>(),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                UseJitter = false,
            })
            .AddTimeout(options.Value.AlertAttemptTimeout)
            .Build();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();

        // One delivery task per target at most; a target still busy (hung, or working through its
        // backlog) is left to it, and its alerts are not handed out again meanwhile.
        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                {
                    // A delivery that could not even record its failure (the store) stops the dispatcher, as before.
                    await running[done];
                    running.Remove(done);
                }

                var due = await _store.GetDueOutboxAsync(_time.GetUtcNow(), 100, stoppingToken);
                foreach (var target in due.GroupBy(Target, StringComparer.Ordinal))
                {
                    if (running.Count >= _options.Value.AlertConcurrency)
                    {
                        break;
                    }

                    if (!running.ContainsKey(target.Key))
                    {
                        running[target.Key] = DeliverInOrderAsync([.. target], stoppingToken);
                    }
                }

                _metrics.Backlog(await _store.CountOutboxPendingAsync(stoppingToken));
                await Task.Delay(_options.Value.OutboxInterval, _time, stoppingToken);
            }
        }
        finally
        {
            // Deliveries under way are cancelled by the same token; wait for them to record what they did.
            try
            {
                await Task.WhenAll(running.Values);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }
    }

    private static string Target(OutboxItem item) => item.Channel + "\n" + item.Target;

    // A target's alerts go in the order they were queued; after a failure the rest wait for the
    // next round rather than each failing in turn against a target that is down.
    private async Task DeliverInOrderAsync(List<OutboxItem> items, CancellationToken cancellation)
    {
        foreach (var item in items)
        {
            if (!await DeliverAsync(item, cancellation))
            {
                return;
            }
        }
    }

    private async Task<bool> DeliverAsync(OutboxItem item, CancellationToken cancellation)
    {
        try
        {
            if (!_byChannel.TryGetValue(item.Channel, out var notifier))
            {
                throw new NotConfiguredException($"no notifier for channel '{item.Channel}'");
            }

            await _retry.ExecuteAsync(async token => await notifier.SendAsync(item.Target, item.Body, token), cancellation);
            await _store.MarkDeliveredAsync(item.Id, _time.GetUtcNow(), cancellation);
            Log.AlertDelivered(_logger, item.Id, item.Channel);
            return true;
        }
        catch (HubSpotApiException e)
        {
            // Sending it again cannot succeed (no such contact, a value HubSpot does not allow): keep
            // it with HubSpot's message and go on with the target's next item.
            await _store.GiveUpOutboxAsync(item.Id, _time.GetUtcNow(), e.Message, cancellation);
            Log.WriteBackGivenUp(_logger, item.Id, item.LeadId);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            // A channel that is not configured will not work in a few seconds: wait the longest, and
            // say so once per channel a wait rather than once per alert. A channel that said when to
            // come back is not asked before then.
            var notConfigured = e is NotConfiguredException;
            var wait = e switch
            {
                RetryLaterException later => later.RetryAfter,
                NotConfiguredException => LongestWait,
                _ => TimeSpan.FromSeconds(Math.Min(LongestWait.TotalSeconds, Math.Pow(2, item.Attempts + 1))),
            };
            var now = _time.GetUtcNow();
            var next = now + wait;
            var problem = e switch
            {
                NotConfiguredException or HttpRequestException or RetryLaterException => e.Message,
                TimeoutRejectedException => $"no answer within {_options.Value.AlertAttemptTimeout.TotalSeconds:0.#} s",
                _ => e.GetType().Name,
            };
            await _store.MarkAttemptFailedAsync(item.Id, next, problem, cancellation);
            if (!notConfigured || !_quiet.TryGetValue(item.Channel, out var until) || now >= until)
            {
                Log.AlertFailed(_logger, item.Id, item.Channel, item.Attempts + 1, problem, next);
                if (notConfigured)
                {
                    _quiet[item.Channel] = next;
                }
            }

            return false;
        }
    }
}
