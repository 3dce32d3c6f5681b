using HandoffRules.Host.Tests.Support;
using HandoffRules.Pipeline;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.TestRules;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests;

/// <summary>
/// The host killed hard (SIGKILL) in the middle of a stream and started again: no lead lost, none
/// routed twice, round robin goes on where it was, and SLA timers that came due while it was down
/// fire once, marked late, on start-up.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Count = 20_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-crash-").FullName;

    [Fact]
    public async Task Killed_mid_stream_and_restarted_the_host_loses_nothing_and_repeats_nothing()
    {
        // Every lead's one-minute SLA comes due ~8 s from now: after the kill, before the restart.
        var dueBase = DateTimeOffset.UtcNow.AddSeconds(8);
        var leads = Leads.Generated(Count, seed: 5, at: dueBase.AddMinutes(-1));
        var file = Path.Combine(_folder, "leads.jsonl");
        Leads.Write(file, leads.Select(Leads.Line));
        var database = Path.Combine(_folder, "handoff.db");
        string[] arguments = ["--input", file, "--db", database, "--urls", "http://127.0.0.1:0",
            "--rules", typeof(AroundTheClockPlaybook).Assembly.Location, "--playbook", nameof(AroundTheClockPlaybook)];
        var environment = new Dictionary<string, string>
        {
            ["Handoff__LateAfter"] = "00:00:01",
            ["Handoff__TimerInterval"] = "00:00:00.100",
        };

        DateTimeOffset killedTime;
        using (var first = HostProcess.Start(arguments, environment))
        {
            await WaitForAsync(database, n => n >= 3000, TimeSpan.FromSeconds(60));
            first.KillHard();
            killedTime = DateTimeOffset.UtcNow;
        }

        var committed = await InputsAsync(database);
        var routedBeforeKill = (await RoutedMembersAsync(database)).Keys.ToHashSet(StringComparer.Ordinal);
        Assert.True(committed < Count, $"the whole stream was processed before the kill ({committed}); the test needs a longer stream");
        Assert.True(DateTimeOffset.UtcNow < dueBase, "the timers came due before the kill; the test machine is too slow for its timing");

        // Let the deadlines pass while the host is down (more than LateAfter past the last one).
        await Task.Delay(dueBase.AddSeconds(1.5) - DateTimeOffset.UtcNow);

        using (var second = HostProcess.Start(arguments, environment))
        {
            await WaitForAsync(database, n => n == Count, TimeSpan.FromSeconds(120));
            await WaitUntilAsync(async () => await ScalarAsync(database, "SELECT COUNT(*) FROM timers WHERE state = 'pending'") == 0, TimeSpan.FromSeconds(60));
            second.KillHard();
        }

        // No lead lost, none decided twice.
        Assert.Equal(Count, await InputsAsync(database));
        Assert.Equal(0, await ScalarAsync(database, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'redeliveries'"));
        Assert.Equal(0, await ScalarAsync(database, "SELECT COUNT(*) FROM (SELECT lead_id FROM events WHERE type IN ('lead.routed','lead.disqualified','lead.duplicate') GROUP BY lead_id HAVING COUNT(*) > 1)"));
        Assert.Equal(Count, await ScalarAsync(database, "SELECT COUNT(DISTINCT lead_id) FROM events WHERE type IN ('lead.routed','lead.disqualified','lead.duplicate')"));

        // Round robin went on where it was: every owner is the one an uninterrupted run picks.
        var pipeline = HandoffPipeline.InMemory(Router.Compile(new AroundTheClockPlaybook().Build()));
        var expected = leads.Select(l => pipeline.Process(l, dueBase).Record!).Where(r => r.Outcome == HandoffOutcome.Routed).ToDictionary(r => r.LeadId, r => r.Member);
        var actual = await RoutedMembersAsync(database);
        Assert.Equal(expected.Count, actual.Count);
        Assert.All(expected, e => Assert.Equal(e.Value, actual[e.Key]));

        // Timers of leads the first run routed came due while it was down: each fired once, late, after the restart.
        var breaches = (await BreachesAsync(database)).Where(b => routedBeforeKill.Contains(b.LeadId)).ToList();
        Assert.NotEmpty(routedBeforeKill);
        Assert.Equal(routedBeforeKill.Count, breaches.Count);
        Assert.All(breaches, b =>
        {
            Assert.Equal(1, b.Count);
            Assert.True(b.Late, $"{b.LeadId}'s breach is not marked late");
            Assert.True(b.Fired > killedTime, $"{b.LeadId}'s breach fired before the kill");
        });
        Assert.Equal(0, await ScalarAsync(database, "SELECT COUNT(*) FROM (SELECT lead_id FROM events WHERE type = 'sla.breached' GROUP BY lead_id, json_extract(data, '$.sla') HAVING COUNT(*) > 1)"));
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        try
        {
            await using var connection = Open(database);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0;
        }
    }

    private static async Task<int> InputsAsync(string database) => (int)await ScalarAsync(database, "SELECT COUNT(*) FROM inputs");

    private static async Task<int> WaitForAsync(string database, Func<int, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var n = await InputsAsync(database);
            if (condition(n))
            {
                return n;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{n} inputs after {timeout}");
            }

            await Task.Delay(10);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("not there in time");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<Dictionary<string, string?>> RoutedMembersAsync(string database)
    {
        await using var connection = Open(database);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT lead_id, json_extract(data, '$.member') FROM events WHERE type = 'lead.routed'";
        var members = new Dictionary<string, string?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            members[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return members;
    }

    private static async Task<List<(string LeadId, int Count, bool Late, DateTimeOffset Fired)>> BreachesAsync(string database)
    {
        await using var connection = Open(database);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT lead_id, COUNT(*), MAX(json_extract(data, '$.late')), MAX(json_extract(data, '$.fired'))
            FROM events
            WHERE type = 'sla.breached'
            GROUP BY lead_id
            """;
        var breaches = new List<(string, int, bool, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            breaches.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2) == 1, DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return breaches;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
