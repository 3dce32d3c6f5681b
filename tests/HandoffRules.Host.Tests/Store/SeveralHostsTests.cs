using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Intake;
using HandoffRules.TestRules;
using Npgsql;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// Three hosts (real <c>handoff run</c> processes) on one PostgreSQL database share the work: a
/// JSON-lines file all three follow (read by one at a time), HubSpot webhooks each delivered to two hosts at once, and one
/// host SIGKILLed in the middle. Every lead is decided once, caps hold across hosts, round robin
/// stays fair, every due timer fires once, every alert reaches Slack once, and the dead host's
/// leases are taken over.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SeveralHostsTests(PostgresServer server) : IDisposable
{
    private const int FileLeads = 120;
    private const int WebhookLeads = 160;
    private const int Cap = SharedDatabasePlaybook.SmallCap;

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-hosts-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public async Task Three_hosts_one_killed_decide_every_lead_once_keep_caps_and_fire_and_deliver_everything_once()
    {
        server.SkipIfUnavailable();
        var connection = await server.CreateDatabaseAsync();
        using (var schema = new HandoffRules.Host.Store.PostgresHandoffStore(connection))
        {
            // The hosts would create it too; created first, the test can watch it from the start.
            await schema.InitializeAsync(CancellationToken.None);
        }

        using var slack = WireMockServer.Start();
        slack.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));

        // File leads arrived two minutes ago: their one-minute SLA is due at once, so breaches fire
        // and notify while the hosts share the work.
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);
        var file = Path.Combine(_folder, "leads.jsonl");
        var lines = Enumerable.Range(1, FileLeads).Select(i => Leads.Line(Lead($"F{i:000}", at))).ToList();
        Leads.Write(file, lines.Take(FileLeads / 2));

        var ports = new[] { FreePort(), FreePort(), FreePort() };
        var environment = new Dictionary<string, string>
        {
            ["Handoff__Slack__WebhookUrl"] = slack.Url + "/hooks/all",
            ["Handoff__HubSpot__ClientSecret"] = RunningHost.HubSpotSecret,
            ["Handoff__DurableCommits"] = "false",
            ["Handoff__ClaimLease"] = "00:00:03",
            ["Handoff__TimerInterval"] = "00:00:00.100",
            ["Handoff__OutboxInterval"] = "00:00:00.100",
        };
        var hosts = ports.Select(port => HostProcess.Start(
            ["--input", file, "--follow", "--db", connection, "--urls", $"http://127.0.0.1:{port}",
             "--rules", typeof(SharedDatabasePlaybook).Assembly.Location, "--playbook", nameof(SharedDatabasePlaybook)],
            environment)).ToList();
        try
        {
            // Half the file is being read by all three; kill the first host in the middle of it.
            await WaitForAsync(connection, "SELECT COUNT(*) FROM inputs WHERE kind = 'lead'", n => n >= 20, "the hosts took in the first leads");
            var dead = hosts[0].Id;
            hosts[0].KillHard();
            var killedAt = DateTime.UtcNow;

            // The rest of the file, and webhooks, each sent to both living hosts at once (a redelivery).
            File.AppendAllLines(file, lines.Skip(FileLeads / 2));
            await Task.WhenAll(ports.Skip(1).Select(port => HostProcess.WaitUntilListeningAsync(new Uri($"http://127.0.0.1:{port}"))));

            // Many in flight at once, so the two living hosts decide different leads at the same time.
            using var client = new HttpClient();
            await Parallel.ForEachAsync(Enumerable.Range(1, WebhookLeads), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellation) =>
            {
                var body = Contact(700_000 + i);
                var sent = await Task.WhenAll(ports.Skip(1).Select(port => client.SendAsync(HubSpotRequests.Post(new Uri($"http://127.0.0.1:{port}"), body), cancellation)));
                Assert.All(sent, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
            });

            var total = FileLeads + WebhookLeads;
            await WaitForAsync(connection, "SELECT COUNT(*) FROM inputs WHERE kind = 'lead'", n => n == total, $"all {total} leads decided");
            await WaitForAsync(connection, "SELECT COUNT(*) FROM timers WHERE state = 'pending' AND due_at <= (extract(epoch FROM now()) * 10000000)::bigint + 621355968000000000", n => n == 0, "every due timer fired");
            await WaitForAsync(connection, "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL", n => n == 0, "every alert delivered", TimeSpan.FromSeconds(60));

            // Every lead decided exactly once, whichever hosts saw it and however often.
            Assert.Equal(total, await ScalarAsync(connection, "SELECT COUNT(DISTINCT lead_id) FROM events WHERE type IN ('lead.routed', 'lead.disqualified', 'lead.duplicate')"));
            Assert.Equal(0, await ScalarAsync(connection, "SELECT COUNT(*) FROM (SELECT lead_id FROM events WHERE type IN ('lead.routed', 'lead.disqualified', 'lead.duplicate') GROUP BY lead_id HAVING COUNT(*) > 1) twice"));
            Assert.Equal(total, await ScalarAsync(connection, "SELECT COUNT(*) FROM events WHERE type = 'lead.routed'"));
            // Each webhook was delivered twice; the file was read by one host at a time (the one holding
            // its advisory lock, then the one that took over from the killed host), so none of its lines came in twice.
            Assert.Equal(WebhookLeads, await ScalarAsync(connection, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'redeliveries'"));

            // Caps held across hosts: no member over its cap on any day, and the capped members reached it.
            var load = await RowsAsync(connection, "SELECT member, to_char(to_timestamp(arrived_at / 10000000 - 62135596800) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, COUNT(*) FROM leads WHERE member IS NOT NULL GROUP BY member, day");
            Assert.All(load.Where(l => l.Member is "a" or "b"), l => Assert.True(l.Count <= Cap, $"{l.Member} got {l.Count} leads on {l.Day}, over the cap of {Cap}"));
            Assert.Contains(load, l => l.Member == "a" && l.Count == Cap);
            Assert.Contains(load, l => l.Member == "b" && l.Count == Cap);

            // Round robin stayed fair while all three had room: the first 3 × cap routed leads are shared evenly.
            var first = await RowsAsync(connection, $"SELECT data::json ->> 'member', '', COUNT(*) FROM (SELECT data FROM events WHERE type = 'lead.routed' ORDER BY seq LIMIT {3 * Cap}) e GROUP BY 1");
            Assert.All(first, share => Assert.InRange(share.Count, Cap - 1, Cap + 1));

            // Every due timer fired once.
            Assert.Equal(0, await ScalarAsync(connection, "SELECT COUNT(*) FROM (SELECT lead_id, data::json ->> 'sla' FROM events WHERE type = 'sla.breached' GROUP BY 1, 2 HAVING COUNT(*) > 1) twice"));
            var breaches = await ScalarAsync(connection, "SELECT COUNT(*) FROM events WHERE type = 'sla.breached'");
            Assert.Equal(await ScalarAsync(connection, "SELECT COUNT(*) FROM timers WHERE state = 'breached'"), breaches);
            Assert.True(breaches >= FileLeads, $"{breaches} breaches; every file lead's timer was due");

            // Every alert delivered, each by one host: what Slack received is the outbox, each body once.
            // Delivery is at least once, so the one exception is a request the killed host had in
            // flight: Slack took it, the host died before recording it, and another host sent it again
            // once the lease ran out. Such a repeat's first copy arrived before the kill.
            var alerts = await ScalarAsync(connection, "SELECT COUNT(*) FROM outbox WHERE channel = 'slack'");
            Assert.True(alerts >= FileLeads + breaches, $"{alerts} alerts: one per file lead and one per breach at least");
            var received = slack.LogEntries.Select(e => (Body: e.RequestMessage?.Body ?? "", At: e.RequestMessage?.DateTime ?? DateTime.MaxValue)).ToList();
            Assert.Equal(alerts, received.Select(r => r.Body).Distinct(StringComparer.Ordinal).Count());
            Assert.All(received.GroupBy(r => r.Body, StringComparer.Ordinal).Where(g => g.Count() > 1), repeat =>
            {
                Assert.Equal(2, repeat.Count());
                Assert.True(repeat.Min(r => r.At) <= killedAt, $"An alert was delivered twice by living hosts (first at {repeat.Min(r => r.At):O}, the kill at {killedAt:O}).");
            });

            // Nothing is left claimed by the dead host once its lease ran out.
            Assert.Equal(0, await ScalarAsync(connection, $"SELECT (SELECT COUNT(*) FROM timers WHERE state = 'pending' AND leased_by LIKE '%/{dead}/%') + (SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND leased_by LIKE '%/{dead}/%')"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }
    }

    private static LeadInput Lead(string id, DateTimeOffset at) => Leads.DemoRequest(id, at) with
    {
        Email = $"{id.ToLowerInvariant()}@{id.ToLowerInvariant()}.example",
        LastName = id,
        Company = $"Company {id}",
    };

    private static string Contact(int vid)
    {
        var contact = JsonNode.Parse(HubSpotRequests.Fixture("workflow-webhook-contact.json"))!.AsObject();
        contact["vid"] = vid;
        contact["canonical-vid"] = vid;
        var properties = contact["properties"]!.AsObject();
        properties["email"] = new JsonObject { ["value"] = $"contact{vid}@c{vid}.example" };
        properties["lastname"] = new JsonObject { ["value"] = $"Contact{vid}" };
        properties["company"] = new JsonObject { ["value"] = $"Company {vid}" };
        return contact.ToJsonString();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task WaitForAsync(string connection, string sql, Func<long, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        long value;
        while (!condition(value = await ScalarAsync(connection, sql)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not in time: {what} (stands at {value}).");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<(string? Member, string Day, long Count)>> RowsAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string?, string, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }
}
