namespace HandoffRules.Host.Telemetry;

/// <summary>
/// Where the host's meters go besides the process ("Handoff:Telemetry"): an OTLP collector, a
/// Prometheus scrape endpoint, both or neither (the default).
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Push metrics to an OpenTelemetry collector over OTLP.</summary>
    public OtlpExportOptions Otlp { get; set; } = new();

    /// <summary>Serve metrics for Prometheus to scrape.</summary>
    public PrometheusExportOptions Prometheus { get; set; } = new();
}

/// <summary>The OTLP exporter ("Handoff:Telemetry:Otlp"); off until an endpoint is set.</summary>
public sealed class OtlpExportOptions
{
    /// <summary>The OTLP HTTP protocol name.</summary>
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The OTLP gRPC protocol name.</summary>
    public const string Grpc = "grpc";

    /// <summary>
    /// The collector, e.g. <c>http://collector:4318</c> (http/protobuf; <c>/v1/metrics</c> is added
    /// when the URL has no path) or <c>http://collector:4317</c> (grpc). None: no OTLP export.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>http/protobuf</c> (the default) or <c>grpc</c>.</summary>
    public string Protocol { get; set; } = HttpProtobuf;

    /// <summary>Headers sent with every export, e.g. a vendor's API key: <c>api-key=…,team=revops</c>. A secret: never logged.</summary>
    public string? Headers { get; set; }

    /// <summary>How often metrics are pushed.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>The Prometheus scrape endpoint ("Handoff:Telemetry:Prometheus"); off by default.</summary>
public sealed class PrometheusExportOptions
{
    /// <summary>Serve the metrics on <see cref="Path"/>, beside the health checks.</summary>
    public bool Enabled { get; set; }

    /// <summary>The path of the scrape endpoint.</summary>
    public string Path { get; set; } = "/metrics";
}
