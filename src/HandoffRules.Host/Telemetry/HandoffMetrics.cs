using System.Diagnostics.Metrics;

namespace HandoffRules.Host.Telemetry;

/// <summary>
/// The host's instruments, on the "HandoffRules.Host" meter: leads ingested and routed, decision
/// latency, SLA breaches, dead letters, file inputs taken over from another host and the outbox backlog.
/// </summary>
public sealed class HandoffMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "HandoffRules.Host";

    private readonly Counter<long> _ingested;
    private readonly Counter<long> _routed;
    private readonly Histogram<double> _decision;
    private readonly Counter<long> _breaches;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _takeovers;
    private readonly Counter<long> _reassigned;
    private long _backlog;

    /// <summary>Creates the instruments.</summary>
    public HandoffMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _ingested = meter.CreateCounter<long>("handoff.leads.ingested", "{lead}", "Leads taken in, by outcome");
        _routed = meter.CreateCounter<long>("handoff.leads.routed", "{lead}", "Leads routed, by queue");
        _decision = meter.CreateHistogram<double>("handoff.decision.duration", "ms", "Time to decide on one lead: intake, dedupe and routing");
        _breaches = meter.CreateCounter<long>("handoff.sla.breaches", "{breach}", "SLA breaches, by SLA");
        _deadLetters = meter.CreateCounter<long>("handoff.inputs.dead_lettered", "{input}", "Inputs that could not be used");
        _takeovers = meter.CreateCounter<long>("handoff.inputs.taken_over", "{input}", "File inputs this host took over from another host that stopped reading them");
        _reassigned = meter.CreateCounter<long>("handoff.leads.reassigned", "{lead}", "SDR reassignments, by where they were made (api, jsonl, hubspot)");
        meter.CreateObservableGauge("handoff.outbox.backlog", () => Interlocked.Read(ref _backlog), "{alert}", "Alerts waiting for delivery");
    }

    internal void Ingested(string outcome) => _ingested.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    internal void Routed(string? queue) => _routed.Add(1, new KeyValuePair<string, object?>("queue", queue ?? "(account owner)"));

    internal void Decided(TimeSpan elapsed) => _decision.Record(elapsed.TotalMilliseconds);

    internal void Breached(string sla) => _breaches.Add(1, new KeyValuePair<string, object?>("sla", sla));

    internal void DeadLettered() => _deadLetters.Add(1);

    internal void TookOverInput() => _takeovers.Add(1);

    internal void Reassigned(string via) => _reassigned.Add(1, new KeyValuePair<string, object?>("via", via));

    internal void Backlog(long alerts) => Interlocked.Exchange(ref _backlog, alerts);
}
