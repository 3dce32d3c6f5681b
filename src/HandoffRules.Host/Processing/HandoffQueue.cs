using System.Threading.Channels;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Inputs;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Processing;

/// <summary>
/// The one bounded queue every input goes through. A full queue makes readers wait (back-pressure)
/// instead of dropping anything; the processor drains it on shutdown.
/// </summary>
public sealed class HandoffQueue
{
    private readonly Channel<HandoffWork> _channel;

    /// <summary>Creates the queue with the configured capacity.</summary>
    public HandoffQueue(IOptions<HandoffHostOptions> options)
    {
        Capacity = options.Value.EffectiveQueueCapacity;
        _channel = Channel.CreateBounded<HandoffWork>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>How much work may wait before readers wait.</summary>
    public int Capacity { get; }

    internal ChannelReader<HandoffWork> Reader => _channel.Reader;

    /// <summary>Queues work, waiting while the queue is full.</summary>
    public ValueTask EnqueueAsync(HandoffWork work, CancellationToken cancellation) => _channel.Writer.WriteAsync(work, cancellation);

    /// <summary>Queues work and waits until it is committed, for callers that answer with the outcome.</summary>
    public async Task<WorkResult> SubmitAsync(HandoffWork work, CancellationToken cancellation)
    {
        var completion = work.Completion ?? throw new ArgumentException("Submitted work needs a completion; create it with HandoffWork.Waiting().", nameof(work));
        await _channel.Writer.WriteAsync(work, cancellation);
        return await completion.Task.WaitAsync(cancellation);
    }

    /// <summary>Work waiting now.</summary>
    public int Count => _channel.Reader.Count;
}
