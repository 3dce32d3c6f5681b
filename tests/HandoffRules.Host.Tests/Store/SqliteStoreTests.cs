using System.Text;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Model;
using HandoffRules.Records;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests.Store;

/// <summary>The store contract on an SQLite file in a temp folder.</summary>
public sealed class SqliteStoreTests : HandoffStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-store-").FullName;

    private int _databases;

    // Each store created gets a database of its own; the last one is the one the SQL below addresses.
    private string Database => Path.Combine(_folder, _databases <= 1 ? "handoff.db" : $"handoff-{_databases}.db");

    protected override string Schema => "Sqlite";

    protected override Task<IHandoffStore> CreateStoreAsync()
    {
        _databases++;
        return Task.FromResult<IHandoffStore>(new SqliteHandoffStore(Database, synchronousFull: false));
    }

    protected override IHandoffStore Reopen(PlaybookVersion? playbook = null) => new SqliteHandoffStore(Database, synchronousFull: false, playbook);

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task Due_timers_with_one_deadline_come_in_the_order_they_were_started_and_one_started_again_keeps_its_place()
    {
        var due = Monday.AddHours(1);
        var timer = (string lead) => new StoredTimer(lead, "first-touch", "FirstTouch", Monday, due, StoredTimer.Pending, null, false);
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.StartTimerOfNewLead(timer("A"));
            writer.StartTimerOfNewLead(timer("B"));
            writer.Commit();
            writer.Begin();
            writer.SettleTimer("A", "first-touch", StoredTimer.Met, Monday, late: false);
            writer.Commit();

            // New leads' timers around a stored one started again (it keeps its place, as its row is
            // updated) and a timer started for a stored lead that had none.
            writer.Begin();
            for (var i = 0; i < 10; i++)
            {
                writer.StartTimerOfNewLead(timer($"C{i}"));
            }

            Assert.True(writer.StartTimer(timer("A")));
            Assert.True(writer.StartTimer(timer("B2")));
            for (var i = 0; i < 10; i++)
            {
                writer.StartTimerOfNewLead(timer($"D{i}"));
            }

            writer.Commit();
        }

        Assert.Equal(
            ["A", "B", .. Enumerable.Range(0, 10).Select(i => $"C{i}"), "B2", .. Enumerable.Range(0, 10).Select(i => $"D{i}")],
            (await Store.GetDueTimersAsync(due, 100, CancellationToken.None)).Select(t => t.LeadId));
    }

    [Fact]
    public async Task The_due_alerts_are_read_in_the_outboxs_own_id_order_without_sorting_every_alert_waiting()
    {
        // Checked on the plan, not the clock: a window over every alert waiting, or the due-time index
        // with a sort after it, puts a temporary B-tree in the plan; a read in id order has none, so a
        // long backlog costs only the rows read up to the last alert handed out.
        await ExecuteAsync("SELECT 1");
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteHandoffStore.DueOutboxSql;
        command.Parameters.AddWithValue("$now", 0L);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(plan, step => step.StartsWith("SEARCH outbox USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_hosts_last_write_to_a_HubSpot_contact_is_read_from_that_contacts_write_backs_not_through_the_outbox()
    {
        // Checked on the plan: the outbox keeps every alert and write-back, and a read that walks it
        // from its newest row costs more each day the host runs (about 0.1 s with a million rows) on every
        // property change HubSpot reports. By the contact's write-backs, newest first, it is one step.
        await ExecuteAsync("SELECT 1");
        var plan = await PlanAsync(SqliteHandoffStore.LastHubSpotWriteSql);

        Assert.Contains(plan, step => step.StartsWith("SEARCH outbox USING INDEX outbox_hubspot_by_target (target=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_disposed_keeps_no_connection_open_and_its_write_ahead_log_goes_with_the_last()
    {
        // SQLite removes a database's write-ahead log when its last connection closes: while the
        // driver's pool keeps one (with its page cache), the log stays beside the database.
        var path = Path.Combine(_folder, "disposed.db");
        using (var store = new SqliteHandoffStore(path, synchronousFull: false))
        {
            await store.InitializeAsync(CancellationToken.None);
            using var writer = store.OpenWriter();
            writer.Begin();
            writer.Append("L1", HandoffEventTypes.Routed, Monday, new EventMembers());
            writer.Commit();
            Assert.True(File.Exists(path + "-wal"), "a store in use keeps a write-ahead log");
        }

        Assert.False(File.Exists(path + "-wal"), "the store was disposed, yet a connection of its still holds the database open");
    }

    [Fact]
    public async Task The_last_lead_activity_is_read_from_the_index_of_lead_activity_by_time_past_newer_events_of_other_kinds()
    {
        var types = HandoffRules.Reporting.HealthReportBuilder.LeadActivityTypes;
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.Append("L1", HandoffEventTypes.Routed, Monday, new EventMembers());
            writer.Append("L1", HandoffEventTypes.Accepted, Monday.AddHours(2), new EventMembers());
            writer.Append("L1", HandoffEventTypes.SlaBreached, Monday.AddDays(3), new EventMembers());
            writer.Append("L2", HandoffEventTypes.Routed, Monday.AddHours(1), new EventMembers());
            writer.Commit();
        }

        var store = (SqliteHandoffStore)Store;
        Assert.Equal(Monday.AddHours(2), store.LastEventAt(types));
        Assert.Equal(Monday.AddDays(3), store.LastEventAt([HandoffEventTypes.SlaBreached]));
        Assert.Null(store.LastEventAt([HandoffEventTypes.Recycled]));

        // Only lead activity is indexed by time, and the report's question is answered from that index.
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_by_time'"));
        var index = (string)(await ScalarAsync("SELECT sql FROM sqlite_master WHERE name = 'events_activity_by_time'"))!;
        Assert.EndsWith("WHERE " + string.Join(" OR ", types.Select(t => $"type = '{t}'")), string.Join(' ', index.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Contains(await PlanAsync(SqliteHandoffStore.LastEventAtSql(types)), step => step.Contains("USING INDEX events_activity_by_time", StringComparison.Ordinal));

        // A log written before schema version 15 keeps its index's IN list (the report reads it as it is): the same query reads that index.
        var list = string.Join(", ", types.Select(t => $"'{t}'"));
        await ExecuteAsync($"DROP INDEX events_activity_by_time; CREATE INDEX events_activity_by_time ON events (at) WHERE type IN ({list})");
        Assert.Contains(await PlanAsync(SqliteHandoffStore.LastEventAtSql(types)), step => step.Contains("USING INDEX events_activity_by_time", StringComparison.Ordinal));
        Assert.Equal(Monday.AddHours(2), store.LastEventAt(types));
    }

    [Fact]
    public async Task The_held_lead_scan_reads_each_queue_s_waiting_holds_and_those_past_the_maximum_hold_in_order_from_their_own_indexes_without_sorting_them()
    {
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.SaveHold(new StoredHold("L1", "inbound-na", Monday, Monday.AddHours(4), StoredHold.Held, null, null));
            writer.SaveHold(new StoredHold("L2", "inbound-na", Monday.AddMinutes(-5), Monday.AddHours(4), StoredHold.Offered, null, Monday));
            writer.Commit();
        }

        Assert.Null(await ScalarAsync("SELECT name FROM sqlite_master WHERE name = 'holds_open'"));
        Assert.EndsWith("WHERE state IN ('held', 'expired')", (string)(await ScalarAsync("SELECT sql FROM sqlite_master WHERE name = 'holds_waiting'"))!, StringComparison.Ordinal);
        Assert.EndsWith("WHERE state = 'held'", (string)(await ScalarAsync("SELECT sql FROM sqlite_master WHERE name = 'holds_running_out'"))!, StringComparison.Ordinal);

        // A queue's holds, and the holds past their maximum hold: each from its own index, in its order.
        foreach (var (sql, index) in new[] { (SqliteHandoffStore.OpenHoldsSql, "holds_waiting"), (SqliteHandoffStore.HoldsRunningOutSql, "holds_running_out") })
        {
            var steps = await PlanAsync(sql);
            Assert.Contains(steps, step => step.Contains($"USING INDEX {index}", StringComparison.Ordinal));
            Assert.DoesNotContain(steps, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }

        Assert.Contains(await PlanAsync("SELECT EXISTS (SELECT 1 FROM holds WHERE state IN ('held', 'expired'))"), step => step.Contains("holds_waiting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_simulations_scratch_store_indexes_events_by_lead_once_its_writer_is_done_and_reads_the_weeks_events_by_lead_from_partial_indexes_until_then()
    {
        var scratch = Path.Combine(_folder, "week.db");
        using var store = SqliteHandoffStore.Scratch(scratch);
        await store.InitializeAsync(CancellationToken.None);
        using (var writer = store.OpenWriter())
        {
            writer.Begin();
            writer.Append("L1", HandoffEventTypes.Routed, Monday, new EventMembers());
            writer.Append("L1", HandoffEventTypes.Reassigned, Monday.AddHours(1), new EventMembers { ["from_member"] = "sam.patel" });
            writer.Append("L1", HandoffEventTypes.PropertyChanged, Monday.AddHours(2), new EventMembers { ["property"] = "hs_lead_status", ["value"] = "UNQUALIFIED" });
            writer.Append("", HandoffEventTypes.AvailabilitySet, Monday.AddHours(3), new EventMembers { ["member"] = "sam.patel" });
            writer.Commit();

            // While the week runs: no index of every event by lead nor of leads by queue, and each read by lead from the partial index of its kinds.
            Assert.Null(StoreRows.Scalar(scratch, "SELECT name FROM sqlite_master WHERE name IN ('events_by_lead', 'leads_by_queue')"));
            foreach (var (sql, index) in new[]
                     {
                         (SqliteHandoffStore.UnheldLeadsSql, "events_moved_by_lead"),
                         (SqliteHandoffStore.LastPropertyChangeSql, "events_property_changes_by_lead"),
                         (SqliteHandoffStore.EventsWithoutLeadSql, "events_without_lead"),
                     })
            {
                var steps = await PlanAsync(sql, scratch);
                Assert.Contains(steps, step => step.Contains($"USING INDEX {index}", StringComparison.Ordinal));
                Assert.DoesNotContain(steps, step => step.StartsWith("SCAN e", StringComparison.Ordinal));
            }

            Assert.Equal("UNQUALIFIED", writer.LastPropertyChange("L1", "hs_lead_status")?["value"]?.GetValue<string>());
            Assert.Equal("sam.patel", Assert.Single(writer.EventsWithoutLead(HandoffEventTypes.AvailabilitySet, 0)).Data["member"]?.GetValue<string>());
        }

        // Once the writer is done the store's indexes are a host's store's, text for text.
        using (var host = new SqliteHandoffStore(Path.Combine(_folder, "host.db"), synchronousFull: false))
        {
            await host.InitializeAsync(CancellationToken.None);
        }

        const string Indexes = "SELECT group_concat(name || ': ' || ifnull(sql, ''), char(10)) FROM (SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name)";
        Assert.Equal(StoreRows.Scalar(Path.Combine(_folder, "host.db"), Indexes), StoreRows.Scalar(scratch, Indexes));
    }

    [Fact]
    public async Task A_simulations_scratch_store_holds_its_trace_steps_back_until_its_writer_is_done_and_a_hosts_store_writes_them_at_each_commit()
    {
        // Sixty leads' traces share most of their steps: many are met again, and would go into trace_steps.
        var traces = SampleTraces(60);
        foreach (var scratch in new[] { true, false })
        {
            var path = Path.Combine(_folder, scratch ? "week-steps.db" : "host-steps.db");
            using var store = scratch ? SqliteHandoffStore.Scratch(path) : new SqliteHandoffStore(path, synchronousFull: false);
            await store.InitializeAsync(CancellationToken.None);
            using (var writer = store.OpenWriter())
            {
                foreach (var half in traces.Chunk(traces.Count / 2))
                {
                    writer.Begin();
                    foreach (var (leadId, trace) in half)
                    {
                        writer.SaveLead(TracedLead(leadId, trace));
                    }

                    writer.Commit();
                }

                Assert.Equal(traces.Count, StoreRows.Count(path, "lead_traces"));
                var written = StoreRows.Count(path, "trace_steps");
                Assert.True(scratch ? written == 0 : written > 0, $"{written} steps in trace_steps while the {(scratch ? "scratch" : "host")} store's writer runs");
            }

            Assert.True(StoreRows.Count(path, "trace_steps") > 0);
            foreach (var (leadId, trace) in traces)
            {
                Assert.Equal(trace, (await store.GetLeadAsync(leadId, CancellationToken.None))!.Trace);
            }
        }

        const string Kept = "SELECT group_concat(id || step, char(10)) FROM (SELECT id, step FROM trace_steps ORDER BY id)";
        Assert.Equal(StoreRows.Scalar(Path.Combine(_folder, "host-steps.db"), Kept), StoreRows.Scalar(Path.Combine(_folder, "week-steps.db"), Kept));
    }

    // The steps of SQLite's plan for a statement, as EXPLAIN QUERY PLAN words them.
    private async Task<List<string>> PlanAsync(string sql, string? database = null)
    {
        await using var connection = new SqliteConnection($"Data Source={database ?? Database};Pooling=false");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        explain.Parameters.AddWithValue("$limit", 500);
        foreach (var (name, value) in new (string, object)[]
                 {
                     ("$queue", "inbound-na"), ("$at", Monday.UtcTicks), ("$held", Monday.UtcTicks), ("$lead", "L1"),
                     ("$after", 0L), ("$type", HandoffEventTypes.AvailabilitySet), ("$property", "hs_lead_status"),
                     ("$target", "512001"), ("$path", "$.owner"),
                 })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                explain.Parameters.AddWithValue(name, value);
            }
        }
        await using var plan = await explain.ExecuteReaderAsync();
        var steps = new List<string>();
        while (await plan.ReadAsync())
        {
            steps.Add(plan.GetString(3));
        }

        return steps;
    }

    [Fact]
    public async Task The_event_log_is_read_in_log_order_one_event_at_a_time_and_as_stored()
    {
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            for (var i = 0; i < 5; i++)
            {
                DecideFor(writer, "L" + i);
            }

            // Timers that open with their lead's facts: L0 and L1 the same set, L2 another; L3's without.
            foreach (var (lead, member) in new[] { ("L0", "ana"), ("L1", "ana"), ("L2", (string?)null) })
            {
                writer.Append(lead, HandoffEventTypes.SlaStarted, Monday, FactsEvents(FactsLead(lead, member))[0]);
            }

            writer.Append("L3", HandoffEventTypes.SlaStarted, Monday, new EventMembers { ["sla"] = "First touch" });
            writer.Commit();
        }

        var store = (SqliteHandoffStore)Store;
        var all = await Store.GetEventsAsync(null, null, null, CancellationToken.None);
        Assert.Equal(all.Select(e => (e.Seq, e.LeadId, e.Type, e.At, e.Data.ToJsonString())), store.ReadEvents().Select(e => (e.Seq, e.LeadId, e.Type, e.At, e.Data.ToJsonString())));
        Assert.Equal(all[^1].Seq, store.LastSeq());

        // As stored, for a reader of a few facts: the types asked for, in order, with the data as written
        // once the set of lead facts an event names, handed over apart, is put back before the rest.
        var stored = new List<(long, string, string, DateTimeOffset, string, PlaybookVersion?)>();
        var sets = new List<StoredFacts?>();
        var own = new List<string>();
        var joined = Array.Empty<byte>();
        store.ReadEvents(["lead.routed", "sla.started"], (seq, leadId, type, at, data, facts, playbook) =>
        {
            stored.Add((seq, Encoding.UTF8.GetString(leadId), Encoding.UTF8.GetString(type), at, Encoding.UTF8.GetString(StoredFacts.Join(data, facts, ref joined)), playbook));
            sets.Add(facts);
            own.Add(Encoding.UTF8.GetString(data));
        });
        Assert.Equal(
            all.Where(e => e.Type is "lead.routed" or "sla.started").Select(e => (e.Seq, e.LeadId, e.Type, e.At, e.DataJson, e.Playbook)),
            stored);
        Assert.Equal(9, stored.Count);
        Assert.Contains("Zoë", stored[0].Item5);
        Assert.All(sets.Take(5).Append(sets[^1]), Assert.Null);
        Assert.Same(sets[5], sets[6]);
        Assert.NotEqual(sets[5]!.Id, sets[7]!.Id);
        Assert.Contains("\"segment\":\"Mid-Market\"", Encoding.UTF8.GetString(sets[5]!.Members), StringComparison.Ordinal);
        Assert.DoesNotContain("segment", own[5], StringComparison.Ordinal);

        // Enumerated lazily: a reader that stops early has not read the rest.
        using var events = store.ReadEvents().GetEnumerator();
        Assert.True(events.MoveNext());
        Assert.Equal(all[0].Seq, events.Current.Seq);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
