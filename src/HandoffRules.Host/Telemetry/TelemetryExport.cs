using HandoffRules.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace HandoffRules.Host.Telemetry;

/// <summary>
/// Exports the <see cref="HandoffMetrics.MeterName"/> meter with OpenTelemetry, as configured in
/// "Handoff:Telemetry". With nothing configured, OpenTelemetry is not even registered.
/// </summary>
internal static class TelemetryExport
{
    /// <summary>The service name the exported metrics carry.</summary>
    public const string ServiceName = "handoff";

    /// <summary>The telemetry settings as configured; exporters are wired when the host is built, so they are read then.</summary>
    public static TelemetryOptions Read(IConfiguration configuration) =>
        configuration.GetSection(HandoffHostOptions.Section + ":" + nameof(HandoffHostOptions.Telemetry)).Get<TelemetryOptions>() ?? new();

    public static void AddTo(IServiceCollection services, TelemetryOptions telemetry)
    {
        if (telemetry.Otlp.Endpoint is null && !telemetry.Prometheus.Enabled)
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(HandoffMetrics.MeterName);
                if (telemetry.Otlp.Endpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        var http = telemetry.Otlp.Protocol != OtlpExportOptions.Grpc;
                        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;

                        // Set in code, the endpoint is used as given; a collector's base URL needs the signal's path.
                        exporter.Endpoint = http && endpoint.AbsolutePath == "/" ? new Uri(endpoint, "v1/metrics") : endpoint;
                        if (telemetry.Otlp.Headers is { } headers)
                        {
                            exporter.Headers = headers;
                        }

                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)telemetry.Otlp.ExportInterval.TotalMilliseconds;
                    });
                }

                if (telemetry.Prometheus.Enabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });
    }

    public static void MapTo(WebApplication app, TelemetryOptions telemetry)
    {
        if (telemetry.Prometheus.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(telemetry.Prometheus.Path);
        }
    }
}
