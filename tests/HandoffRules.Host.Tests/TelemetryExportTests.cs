using System.Net;
using HandoffRules.Host.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>The host's meters leave the process only when configured: a Prometheus scrape endpoint, an OTLP exporter.</summary>
public sealed class TelemetryExportTests
{
    private static readonly string[] OneLead = [Leads.Line(Leads.Generated(1, seed: 4)[0])];

    [Fact]
    public async Task Metrics_endpoint_answers_with_leads_ingested_when_prometheus_is_enabled()
    {
        await using var host = await RunningHost.StartAsync(settings: new Dictionary<string, string?> { ["Handoff:Telemetry:Prometheus:Enabled"] = "true" }, input: OneLead);
        await host.WaitForAsync(counts => counts.Ingested == 1);

        using var client = host.Client();
        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("handoff_leads_ingested", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_endpoint_is_not_there_by_default()
    {
        await using var host = await RunningHost.StartAsync(input: OneLead);
        await host.WaitForAsync(counts => counts.Ingested == 1);

        using var client = host.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Otlp_exporter_posts_metrics_to_the_configured_collector()
    {
        using var collector = WireMockServer.Start();
        collector.Given(Request.Create().WithPath("/v1/metrics").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/x-protobuf"));

        await using var host = await RunningHost.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Handoff:Telemetry:Otlp:Endpoint"] = collector.Url,
                ["Handoff:Telemetry:Otlp:ExportInterval"] = "00:00:00.100",
            },
            input: OneLead);
        await host.WaitForAsync(counts => counts.Ingested == 1);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!collector.LogEntries.Any(e => e.RequestMessage is { Path: "/v1/metrics", Method: "POST" }))
        {
            Assert.True(DateTime.UtcNow < deadline, "no OTLP export reached the collector");
            await Task.Delay(50);
        }
    }
}
