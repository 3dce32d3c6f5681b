using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Model;
using HandoffRules.Pipeline;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Tests.Store;

/// <summary>What a lead costs to keep (schema version 7): its input, decision and playbook once, read back as before.</summary>
public abstract partial class HandoffStoreContract
{
    private static readonly PlaybookVersion LongVersion = new("1.4.0+" + new string('a', 40), "7bf6550b9539716c");

    [SkippableFact]
    public async Task A_routed_lead_stores_its_input_its_decision_and_its_playbook_once_and_reads_back_as_written()
    {
        SkipIfUnavailable();
        var intake = RoutedIntake();
        var versioned = Reopen(LongVersion);
        using (var writer = versioned.OpenWriter())
        {
            writer.Begin();
            writer.Append(intake.Lead.LeadId, HandoffEventTypes.Routed, Monday, EventMembers.From(intake.Data));
            writer.Append(intake.Lead.LeadId, HandoffEventTypes.SlaStarted, Monday, new EventMembers { ["sla"] = "First touch", ["due"] = "2026-11-30T09:15:00.0000000Z" });
            writer.SaveLead(intake.Lead);
            writer.Commit();

            // Saved again from what the writer reads back, as an SDR action does.
            writer.Begin();
            writer.SaveLead(writer.FindLead(intake.Lead.LeadId)! with { Status = "accepted" });
            writer.Commit();
        }

        (versioned as IDisposable)?.Dispose();

        // Read back exactly as written.
        var events = await Store.GetEventsAsync(intake.Lead.LeadId, null, null, CancellationToken.None);
        Assert.Equal(intake.DataJson, events[0].DataJson);
        Assert.Equal([LongVersion, LongVersion], events.Select(e => e.Playbook));
        var lead = await Store.GetLeadAsync(intake.Lead.LeadId, CancellationToken.None);
        Assert.Equal(intake.Lead with { Status = "accepted" }, lead);

        // Stored once: the input and the decision in the intake event only, the playbook as an id (and
        // the time as eight bytes of ticks).
        var stored = Convert.ToInt64(await ScalarAsync($"""
            SELECT (SELECT SUM(LENGTH(lead_id) + LENGTH(type) + 8 + LENGTH(data) + COALESCE(LENGTH(input), 0)) FROM events WHERE lead_id = '{intake.Lead.LeadId}')
                 + (SELECT LENGTH(lead) + LENGTH(decision) FROM leads WHERE lead_id = '{intake.Lead.LeadId}')
            """), CultureInfo.InvariantCulture);
        var once = intake.DataJson.Length + intake.Lead.Lead.Length + 200;
        Assert.True(stored <= once, $"the lead's events and row hold {stored} characters; written once they are {once}");
        Assert.Equal(2L, Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM events e JOIN playbooks p ON p.id = e.playbook_id WHERE e.lead_id = '{intake.Lead.LeadId}'"), CultureInfo.InvariantCulture));

        // A version only events name is no playbook a host started with.
        Assert.Empty(await Store.GetPlaybooksAsync(CancellationToken.None));
        await Store.RecordPlaybookAsync(LongVersion, Monday, CancellationToken.None);
        Assert.Equal([LongVersion], await Store.GetPlaybooksAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_log_at_schema_version_9_is_upgraded_with_its_times_as_ticks_and_its_duplicate_keys_found_by_their_digests()
    {
        SkipIfUnavailable();
        (Store as IDisposable)?.Dispose();
        Store = await CreateStoreAsync();
        foreach (var step in new SchemaMigrator(Schema).Migrations.Where(m => m.Version <= 9))
        {
            await ExecuteAsync(step.Sql);
        }

        // As a host at version 9 kept them: times as text, a duplicate key as the key itself.
        await ExecuteAsync("""
            INSERT INTO meta (key, value) VALUES ('schema_version', '9');
            INSERT INTO dedupe (key, lead_id, queue, member, at) VALUES ('email:ana@example.com', 'L1', 'Lead Triage', 'sam.patel', '2026-11-30T09:00:00.1234567Z');
            INSERT INTO dedupe (key, lead_id, queue, member, at) VALUES ('name:ana|lima@example.com', 'L1', 'Lead Triage', NULL, '2026-11-30T09:00:00.1234567Z');
            INSERT INTO timers (lead_id, sla, kind, started_at, due_at, state, settled_at, late) VALUES ('L1', 'First touch', 'FirstTouch', '2026-11-30T09:00:00.1234567Z', '2028-02-29T23:59:59.9999999Z', 'pending', NULL, 0);
            """);

        await Store.InitializeAsync(CancellationToken.None);
        var arrived = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Assert.Equal(("L1", "Lead Triage", "sam.patel", arrived), writer.FindDuplicateKey("email:ana@example.com"));
            Assert.Equal<(string, string?, string?, DateTimeOffset)?[]>(
                [("L1", "Lead Triage", null, arrived), null], writer.FindDuplicateKeys(["name:ana|lima@example.com", "email:bob@example.com"]));
            var timer = Assert.Single(writer.Timers("L1"));
            Assert.Equal((arrived, new DateTimeOffset(2028, 2, 29, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999), (DateTimeOffset?)null), (timer.StartedAt, timer.DueAt, timer.SettledAt));
            writer.Rollback();
        }

        // Digests, not the addresses and names they were made of.
        Assert.Equal(2L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM dedupe WHERE LENGTH(key) = 16"), CultureInfo.InvariantCulture));
        Assert.Equal(arrived.UtcTicks, Convert.ToInt64(await ScalarAsync("SELECT started_at FROM timers"), CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task A_log_written_at_schema_version_6_is_upgraded_and_reads_back_the_same_events_and_leads_as_one_written_now()
    {
        SkipIfUnavailable();
        var intake = RoutedIntake();
        (Store as IDisposable)?.Dispose();
        Store = await CreateStoreAsync();
        foreach (var step in new SchemaMigrator(Schema).Migrations.Where(m => m.Version <= 6))
        {
            await ExecuteAsync(step.Sql);
        }

        // As a host at version 6 wrote a routed lead: the decision with its input in the event and again
        // in the row, the version's text on every event (one event without a hash, one from before versions).
        const string sla = """{"sla":"First touch"}""", member = """{"member":"ana"}""";
        await ExecuteAsync($"""
            INSERT INTO meta (key, value) VALUES ('schema_version', '6');
            INSERT INTO playbooks (version, content_hash, first_started_at, last_started_at) VALUES ('{LongVersion.Version}', '{LongVersion.ContentHash}', '2026-11-30T08:00:00.0000000Z', '2026-11-30T08:00:00.0000000Z');
            INSERT INTO events (lead_id, type, at, data, playbook_version, playbook_hash) VALUES
              ('old', 'lead.routed', '2026-11-30T09:00:00.0000000Z', '{Sql(intake.DataJson)}', '{LongVersion.Version}', '{LongVersion.ContentHash}'),
              ('old', 'sla.started', '2026-11-30T09:00:00.0000000Z', '{sla}', '{LongVersion.Version}', '{LongVersion.ContentHash}'),
              ('old', 'sdr.touched', '2026-11-30T09:05:00.0000000Z', '{member}', '0.9.0', NULL),
              ('old', 'sdr.accepted', '2026-11-30T09:06:00.0000000Z', '{member}', NULL, NULL);
            INSERT INTO leads (lead_id, outcome, status, queue, member, source, arrived_at, lead, decision, trace, updated_at) VALUES
              ('old', 'routed', 'accepted', '{intake.Lead.Queue}', '{intake.Lead.Member}', '{intake.Lead.Source}', '2026-11-30T09:00:00.0000000Z',
               '{Sql(intake.Lead.Lead)}', '{Sql(intake.Lead.Decision)}', '{Sql(intake.Lead.Trace!)}', '2026-11-30T09:00:00.0000000Z');
            """);

        await Store.InitializeAsync(CancellationToken.None);
        Assert.Equal(4L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM events"), CultureInfo.InvariantCulture));
        Assert.Equal(3L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM events WHERE playbook_id IS NOT NULL"), CultureInfo.InvariantCulture));

        var old = await Store.GetEventsAsync("old", null, null, CancellationToken.None);
        Assert.Equal(
            [(intake.DataJson, LongVersion), (sla, LongVersion), (member, new PlaybookVersion("0.9.0", "")), (member, null)],
            old.Select(e => (e.DataJson, e.Playbook)));
        var oldLead = await Store.GetLeadAsync("old", CancellationToken.None);
        Assert.Equal(intake.Lead with { LeadId = "old", Status = "accepted" }, oldLead);
        Assert.Equal([LongVersion], await Store.GetPlaybooksAsync(CancellationToken.None));

        // The same lead written now reads back the same.
        var versioned = Reopen(LongVersion);
        using (var writer = versioned.OpenWriter())
        {
            writer.Begin();
            writer.Append("new", HandoffEventTypes.Routed, Monday, EventMembers.From(JsonNode.Parse(intake.DataJson)!.AsObject()));
            writer.Append("new", HandoffEventTypes.SlaStarted, Monday, new EventMembers { ["sla"] = "First touch" });
            writer.SaveLead(intake.Lead with { LeadId = "new" });
            writer.Commit();
            writer.Begin();
            writer.SaveLead(writer.FindLead("new")! with { Status = "accepted" });
            writer.Commit();
        }

        (versioned as IDisposable)?.Dispose();

        var now = await Store.GetEventsAsync("new", null, null, CancellationToken.None);
        Assert.Equal(old.Take(2).Select(e => (e.DataJson, e.Playbook)), now.Select(e => (e.DataJson, e.Playbook)));
        Assert.Equal(oldLead! with { LeadId = "new" }, await Store.GetLeadAsync("new", CancellationToken.None));
        Assert.Equal("", await ScalarAsync("SELECT decision FROM leads WHERE lead_id = 'new'"));
    }

    private static string Sql(string text) => text.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>A routed lead of the sample playbook as the processor records it: its intake event's data and its row.</summary>
    private static (JsonObject Data, string DataJson, StoredLead Lead) RoutedIntake()
    {
        var pipeline = HandoffPipeline.InMemory(Router.Compile(new Acme.Rules.AcmePlaybook().Build()));
        foreach (var input in new HandoffRules.Simulation.LeadGenerator(11).Generate(50))
        {
            var trace = new DecisionTrace();
            var result = pipeline.Process(input, Monday, trace);
            if (result.Record is not { Outcome: HandoffOutcome.Routed } record || record.Notes.Length == 0)
            {
                continue;
            }

            var data = JsonNode.Parse(record.ToJson())!.AsObject();
            data[IntakeHistory.InputField] = JsonSerializer.SerializeToNode(input, HandoffSession.LeadJson);
            var lead = new StoredLead
            {
                LeadId = result.Lead!.Id,
                Outcome = record.Outcome,
                Status = "new",
                Queue = record.Queue,
                Member = record.Member,
                Source = result.Lead.Source.ToString(),
                ArrivedAt = Monday,
                Lead = JsonSerializer.Serialize(result.Lead, HandoffSession.LeadJson),
                Decision = record.ToJson(),
                Trace = HandoffSession.TraceJson(trace),
                UpdatedAt = Monday,
            };
            return (data, data.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), lead);
        }

        throw new InvalidOperationException("no routed lead with notes among the sample leads");
    }
}
