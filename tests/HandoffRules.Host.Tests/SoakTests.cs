using System.Globalization;
using System.Text.Json;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.TestRules;
using Microsoft.Data.Sqlite;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Xunit.Abstractions;

namespace HandoffRules.Host.Tests;

/// <summary>
/// A bad day, end to end: the real `handoff run` process takes a mixed stream — leads of three days
/// out of order, bad lines, redeliveries, SDR actions, blank lines — from a followed file that is
/// rotated, while it is SIGKILLed twice, on a desk whose caps are far too small. Afterwards every
/// input has exactly one recorded outcome, the reconciliation holds, no member is over its cap on
/// any day, no lead waits past the maximum hold, and no alert is lost.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-soak-").FullName;

    private string Database => Path.Combine(_folder, "handoff.db");

    private string Input => Path.Combine(_folder, "leads.jsonl");

    public void Dispose() => new DeleteOnDispose(_folder).Dispose();

    [Fact]
    public async Task A_mixed_stream_through_a_rotated_file_and_two_kills_ends_with_every_input_accounted_for()
    {
        using var slack = WireMockServer.Start();
        slack.Given(Request.Create().WithPath("/hooks/desk").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        var lines = Stream(seed: 23);
        var (first, second, third) = (lines[..400], lines[400..900], lines[900..]);
        string[] arguments = ["--input", Input, "--follow", "--db", Database, "--urls", "http://127.0.0.1:0",
            "--rules", typeof(CappedDeskPlaybook).Assembly.Location, "--playbook", nameof(CappedDeskPlaybook)];
        var environment = new Dictionary<string, string>
        {
            ["Handoff__DurableCommits"] = "false",
            ["Handoff__BatchSize"] = "32",
            ["Handoff__TimerInterval"] = "00:00:00.100",
            ["Handoff__OutboxInterval"] = "00:00:00.100",
            ["Handoff__HoldScanInterval"] = "00:00:00.200",
            ["Handoff__Slack__WebhookUrl"] = slack.Url + "/hooks/desk",
        };

        Leads.Write(Input, first);
        using (HostProcess.Start(arguments, environment))
        {
            await WaitForAsync(c => c.Received == first.Length);

            // logrotate's default: the file is renamed away and a new one takes its name.
            File.Move(Input, Input + ".1");
            Leads.Write(Input, second);
            await WaitForAsync(c => c.Received >= first.Length + 25);
        }

        var afterFirstKill = await WaitForAsync(_ => true);

        using (HostProcess.Start(arguments, environment))
        {
            await WaitForAsync(c => c.Received == first.Length + second.Length);
            File.AppendAllText(Input, string.Join('\n', third) + "\n");
            await WaitForAsync(c => c.Received >= first.Length + second.Length + third.Length / 3);
        }

        var afterSecondKill = await WaitForAsync(_ => true);

        using (HostProcess.Start(arguments, environment))
        {
            var counts = await WaitForAsync(c => c.Received == lines.Length && c.OutboxPending == 0 && Scalar("SELECT COUNT(*) FROM holds WHERE state = 'held' AND hold_until < $now") == 0);

            output.WriteLine($"after the first kill: {afterFirstKill}\nafter the second kill: {afterSecondKill}\nat the end: {counts}");
            output.WriteLine($"held {Scalar("SELECT COUNT(*) FROM events WHERE type = 'lead.held'")}, offered {Scalar("SELECT COUNT(*) FROM events WHERE type = 'lead.offered'")}, hold expired {Scalar("SELECT COUNT(*) FROM events WHERE type = 'lead.hold_expired'")}, breaches {Scalar("SELECT COUNT(*) FROM events WHERE type = 'sla.breached'")}, alerts {Scalar("SELECT COUNT(*) FROM outbox")}, Slack posts {slack.LogEntries.Count}");

            // Every input has exactly one recorded outcome, and the reconciliation holds.
            Assert.Equal(lines.Length, counts.Routed + counts.Disqualified + counts.Duplicates + counts.DeadLettered + counts.ActionsApplied + counts.Redeliveries + counts.BlankLines);
            Assert.Equal(lines.Count(l => l.Length == 0), counts.BlankLines);
            Assert.Equal(1, counts.Rotations);
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM (SELECT lead_id FROM events WHERE type IN ('lead.routed','lead.disqualified','lead.duplicate') GROUP BY lead_id HAVING COUNT(*) > 1)"));
            Assert.Equal(counts.Routed + counts.Disqualified + counts.Duplicates, Scalar("SELECT COUNT(*) FROM leads"));
            Assert.Equal(counts.DeadLettered, Scalar("SELECT COUNT(*) FROM dead_letters"));

            // No member of the desk over its cap on any day. (An offer's or a reassignment's owner is among
            // the lead facts the event opens with, kept once in event_facts; a routed lead's is in its decision.)
            var overCap = Rows("""
                SELECT member, day, COUNT(*) AS leads FROM (
                  SELECT json_extract(CASE WHEN facts_id IS NULL THEN data ELSE (SELECT '{' || f.facts || '}' FROM event_facts f WHERE f.id = events.facts_id) END, '$.member') AS member,
                         date(at / 10000000 - 62135596800, 'unixepoch') AS day
                  FROM events WHERE type IN ('lead.routed', 'lead.offered', 'lead.reassigned'))
                WHERE member IN ('a', 'b', 'c')
                GROUP BY member, day HAVING leads > $cap
                """, r => $"{r.GetString(0)} on {r.GetString(1)}: {r.GetInt64(2)}");
            Assert.Empty(overCap);
            Assert.True(Scalar("SELECT COUNT(*) FROM events WHERE type = 'lead.held'") > 0, "the caps never filled: the soak did not test them");

            // No lead waits past the maximum hold.
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM holds WHERE state = 'held' AND hold_until < $now"));

            // No alert lost: every queued alert is in the outbox, delivered, and Slack received it.
            // A trigger's alert is queued as its Block Kit payload, whose text is what Slack shows in notifications.
            var outbox = Rows("SELECT body FROM outbox", r => r.GetString(0))
                .Select(b => b.StartsWith('{') ? JsonDocument.Parse(b).RootElement.GetProperty("text").GetString()! : b).ToList();
            Assert.Equal(Scalar("SELECT COUNT(*) FROM events WHERE type = 'alert.queued' AND json_extract(data, '$.target') IS NOT NULL"), outbox.Count);
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL"));
            var received = slack.LogEntries.Select(e => JsonDocument.Parse(e.RequestMessage!.Body!).RootElement.GetProperty("text").GetString()!).ToList();
            var missing = outbox.GroupBy(b => b).Where(g => received.Count(r => r == g.Key) < g.Count()).Select(g => g.Key).ToList();
            Assert.Empty(missing);
        }
    }

    // Leads of three days, out of order; a bad line every 37th; a redelivery every 53rd; SDR actions
    // and blank lines between them.
    private static string[] Stream(int seed)
    {
        var day = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var leads = Leads.Generated(1300, seed).Select((l, i) => l with { Event = l.Event! with { OccurredAt = day.AddDays((i * 7) % 3).AddSeconds(i * 13) } }).ToList();
        var lines = new List<string>();
        for (var i = 0; i < leads.Count; i++)
        {
            lines.Add(Leads.Line(leads[i]));
            if (i % 37 == 5)
            {
                lines.Add("{\"id\":\"BAD" + i.ToString(CultureInfo.InvariantCulture) + "\",\"score\":\"high\"");
            }

            if (i % 53 == 7)
            {
                lines.Add(Leads.Line(leads[i / 2]));
            }

            if (i % 41 == 3)
            {
                lines.Add($$"""{"kind":"sdr_action","id":"touch-{{i}}","lead_id":"{{leads[i].Id}}","action":"touch","at":"{{leads[i].Event!.OccurredAt!.Value.AddSeconds(30):O}}"}""");
            }

            if (i % 97 == 11)
            {
                lines.Add("");
            }
        }

        return [.. lines];
    }

    private async Task<StoreCounts> WaitForAsync(Func<StoreCounts, bool> condition)
    {
        var store = new SqliteHandoffStore(Database);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        StoreCounts? counts = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                counts = await store.CountAsync(CancellationToken.None);
                if (condition(counts))
                {
                    return counts;
                }
            }
            catch (SqliteException)
            {
                // The host has not created the database yet, or is upgrading it.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The soak did not get there in time; it stands at {counts}.");
    }

    private long Scalar(string sql) => Rows(sql, r => r.GetInt64(0))[0];

    private List<T> Rows<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.UtcTicks);
        command.Parameters.AddWithValue("$cap", CappedDeskPlaybook.DailyCap);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
