using HandoffRules.Host.Crm;
using HandoffRules.Host.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace HandoffRules.Host.Tests;

/// <summary>The host killed hard (SIGKILL) with write-backs to HubSpot pending: after a restart every one is delivered.</summary>
public sealed class HubSpotWriteBackCrashTests : IDisposable
{
    private const int Contacts = 12;
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-writeback-").FullName;

    [Fact]
    public async Task Killed_with_write_backs_pending_the_restarted_host_delivers_every_one_and_creates_each_task_once()
    {
        var at = DateTimeOffset.UtcNow;
        var file = Path.Combine(_folder, "leads.jsonl");
        Leads.Write(file, Enumerable.Range(1, Contacts).Select(i => Leads.Line(Leads.DemoRequest($"hubspot-{700000 + i}", at) with
        {
            Email = $"buyer{i}@company{i}.example",
            LastName = $"Quill{i}",
        })));
        var database = Path.Combine(_folder, "handoff.db");
        using var hubspot = WireMockServer.Start();
        string[] arguments = ["--input", file, "--follow", "--db", database, "--urls", "http://127.0.0.1:0"];
        var environment = new Dictionary<string, string>
        {
            ["Handoff__HubSpot__AccessToken"] = "hubspot-token",
            ["Handoff__HubSpot__ApiBaseUrl"] = hubspot.Url + "/",
            ["Handoff__OutboxInterval"] = "00:00:00.100",
        };

        // HubSpot is down while the host routes: every write-back is queued and none delivered.
        hubspot.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1"));
        using (var first = HostProcess.Start(arguments, environment))
        {
            await Eventually.HoldsAsync(() => File.Exists(database) && WriteBacks(database).Count == 2 * Contacts && hubspot.LogEntries.Any(),
                "every routed contact's update and task queued, and HubSpot asked", TimeSpan.FromSeconds(60));
            first.KillHard();
        }

        Assert.All(WriteBacks(database), r => Assert.Null(r.DeliveredAt));

        hubspot.Reset();
        HubSpotWriteBackTests.Owners(hubspot);
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/tasks/search").UsingPost())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(HubSpotRequests.Fixture(Path.Combine("hubspot", "task-search-none.response.json"))));
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/tasks").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(HubSpotRequests.Fixture(Path.Combine("hubspot", "task-create.response.json"))));
        hubspot.Given(Request.Create().WithPath("/crm/v3/objects/contacts/*").UsingPatch())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(HubSpotRequests.Fixture(Path.Combine("hubspot", "contact-update.response.json"))));

        using (var second = HostProcess.Start(arguments, environment))
        {
            await Eventually.HoldsAsync(() => WriteBacks(database).All(r => r.DeliveredAt is not null), "every write-back delivered after the restart", TimeSpan.FromSeconds(60));
            second.KillHard();
        }

        Assert.All(WriteBacks(database), r => Assert.Null(r.LastError));
        var patched = hubspot.LogEntries.Where(e => e.RequestMessage!.Method == "PATCH").Select(e => e.RequestMessage!.Path).ToList();
        Assert.Equal(Enumerable.Range(1, Contacts).Select(i => $"/crm/v3/objects/contacts/{700000 + i}").Order(), patched.Order());
        var tasks = hubspot.LogEntries.Where(e => e.RequestMessage!.Method == "POST" && e.RequestMessage!.Path == "/crm/v3/objects/tasks").ToList();
        Assert.Equal(Contacts, tasks.Count);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A host killed hard may hold the file a moment longer; the temp folder is cleaned later.
        }
    }

    private static List<StoreRows.OutboxRow> WriteBacks(string database)
    {
        try
        {
            return [.. StoreRows.Outbox(database).Where(r => r.Channel == HubSpotWriteBack.Channel)];
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // The host has not created its schema yet.
            return [];
        }
    }
}
