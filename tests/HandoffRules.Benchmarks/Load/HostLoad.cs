using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Acme.Rules;
using HandoffRules.Host.Hosting;
using HandoffRules.Host.Store;
using HandoffRules.Host.Webhooks;
using HandoffRules.Intake;
using HandoffRules.Simulation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace HandoffRules.Benchmarks.Load;

/// <summary>
/// The host under load, on this machine: JSON-lines ingestion with durable SQLite commits, and
/// webhook-to-decision latency at a fixed request rate on loopback (open loop: requests go out on
/// schedule whether or not earlier ones have answered). Run with the benchmarks' --filter; the
/// scenarios are HostLoad.Ingestion and HostLoad.WebhookLatency.
/// </summary>
public static class HostLoad
{
    private const string Secret = "load-test-secret-0123456789";

    public static async Task RunAsync(string[] args)
    {
        var filters = Filters(args);
        var results = new List<string>();
        if (Matches(filters, "HostLoad.Ingestion"))
        {
            results.Add(await IngestionAsync(leads: 50_000, runs: 3));
        }

        if (Matches(filters, "HostLoad.WebhookLatency"))
        {
            results.Add(await WebhookLatencyAsync(rate: 200, seconds: 15));
        }

        if (results.Count == 0)
        {
            return;
        }

        var report = "| scenario | result |\n|---|---|\n" + string.Join("\n", results) + "\n";
        Console.WriteLine();
        Console.WriteLine("// * Host load *");
        Console.WriteLine(report);
        var folder = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "HostLoad-report.md"), report);
    }

    private static async Task<string> IngestionAsync(int leads, int runs)
    {
        var folder = Directory.CreateTempSubdirectory("handoff-load-").FullName;
        try
        {
            var file = Path.Combine(folder, "leads.jsonl");
            var now = DateTimeOffset.UtcNow;
            var lines = new LeadGenerator(3).Generate(leads).Select((l, i) => LeadLines.Write(l with { Event = l.Event! with { OccurredAt = now.AddMilliseconds(i) } }));
            await File.WriteAllLinesAsync(file, lines);

            var rates = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var database = Path.Combine(folder, $"run{run}.db");
                var watch = Stopwatch.StartNew();
                await using var app = Build(new Dictionary<string, string?> { ["Handoff:Input"] = file, ["Handoff:Database"] = database, ["Handoff:DurableCommits"] = "true" });
                await app.StartAsync();
                var store = new SqliteHandoffStore(database);
                while ((await store.CountAsync(CancellationToken.None)).Ingested < leads)
                {
                    await Task.Delay(10);
                }

                watch.Stop();
                await app.StopAsync();
                rates.Add(leads / watch.Elapsed.TotalSeconds);
                Console.WriteLine($"HostLoad.Ingestion run {run + 1}: {leads:N0} leads in {watch.Elapsed.TotalSeconds:0.00} s ({rates[^1]:N0} leads/s), start-up included");
            }

            rates.Sort();
            return $"| JSON-lines ingestion, durable SQLite commits ({leads:N0} leads, median of {runs}) | **{rates[rates.Count / 2]:N0} leads/s** |";
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> WebhookLatencyAsync(int rate, int seconds)
    {
        var folder = Directory.CreateTempSubdirectory("handoff-load-").FullName;
        try
        {
            await using var app = Build(new Dictionary<string, string?>
            {
                ["Handoff:Database"] = Path.Combine(folder, "webhook.db"),
                ["Handoff:HubSpot:ClientSecret"] = Secret,
            });
            await app.StartAsync();
            var uri = new Uri(new Uri(app.Urls.First()), HubSpotWebhook.Path);
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

            var total = rate * seconds;
            var warmup = rate * 2;
            var latencies = new double[total];
            var sends = new List<Task>(total);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var index = i;
                sends.Add(Task.Run(async () =>
                {
                    using var request = Signed(uri, index);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await client.SendAsync(request);
                    latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    response.EnsureSuccessStatusCode();
                }));
            }

            await Task.WhenAll(sends);
            await app.StopAsync();
            var measured = latencies.Skip(warmup).Order().ToArray();
            double P(double p) => measured[Math.Max(0, (int)Math.Ceiling(p * measured.Length) - 1)];
            Console.WriteLine($"HostLoad.WebhookLatency: {measured.Length:N0} signed HubSpot webhooks at {rate}/s after {warmup} warm-up: p50 {P(0.5):0.00} ms, p99 {P(0.99):0.00} ms, max {measured[^1]:0.00} ms");
            return $"| webhook to committed decision at {rate} requests/s ({measured.Length:N0} requests) | **p50 {P(0.5):0.00} ms, p99 {P(0.99):0.00} ms** (max {measured[^1]:0.00} ms) |";
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static HttpRequestMessage Signed(Uri uri, int index)
    {
        static object Value(string text) => new { value = text };
        var body = System.Text.Json.JsonSerializer.Serialize(new
        {
            vid = 900000 + index,
            properties = new Dictionary<string, object>
            {
                ["email"] = Value($"load.{index}@buyer{index % 500}.example"),
                ["company"] = Value($"Buyer {index % 500}"),
                ["country"] = Value("United States"),
                ["state"] = Value("New York"),
                ["numemployees"] = Value("501-1000"),
                ["hs_analytics_source"] = Value("PAID_SEARCH"),
                ["hubspotscore"] = Value("75"),
                ["recent_conversion_event_name"] = Value("Demo request"),
            },
        });
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(HubSpotSignature.TimestampHeader, timestamp);
        request.Headers.Add(HubSpotSignature.SignatureHeader, HubSpotSignature.Sign(Secret, "POST", uri.ToString(), Encoding.UTF8.GetBytes(body), timestamp));
        return request;
    }

    private static WebApplication Build(Dictionary<string, string?> settings) => HandoffHost.Build(new HandoffHostSettings
    {
        Playbook = new AcmePlaybook().Build(),
        Urls = "http://127.0.0.1:0",
        Settings = settings,
        Logging = logging => logging.SetMinimumLevel(LogLevel.Warning),
    });

    private static List<Regex> Filters(string[] args)
    {
        var filters = new List<Regex>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--filter" or "-f")
            {
                for (var j = i + 1; j < args.Length && !args[j].StartsWith('-'); j++)
                {
                    filters.Add(new Regex("^" + Regex.Escape(args[j]).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$"));
                }
            }
        }

        return filters;
    }

    private static bool Matches(List<Regex> filters, string name) => filters.Any(f => f.IsMatch(name));
}
