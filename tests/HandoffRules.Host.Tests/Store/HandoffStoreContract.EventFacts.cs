using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Pipeline;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Tests.Store;

/// <summary>What an event costs to keep (schema version 8): the facts of its lead once per distinct set, read back as written.</summary>
public abstract partial class HandoffStoreContract
{
    private protected static StoredLead FactsLead(string leadId, string? member) => new()
    {
        LeadId = leadId,
        Outcome = "routed",
        Queue = "Inbound \"NA\" — Mid-Market",
        Member = member,
        Source = "DemoRequest",
        Segment = "Mid-Market",
        Territory = null,
        ArrivedAt = Monday,
        Lead = "{}",
        Decision = "{}",
        UpdatedAt = Monday,
    };

    // The events a routed lead's hand-off logs, as the processor builds them (HandoffSession.Facts).
    private protected static EventMembers[] FactsEvents(StoredLead lead) =>
    [
        HandoffSession.Facts(lead, new EventMembers { ["sla"] = "First touch", ["kind"] = "FirstTouch", ["due"] = "2026-11-30T09:15:00.0000000Z" }),
        HandoffSession.Facts(lead, new EventMembers { ["subject"] = "Call within 15 minutes: demo request", ["trigger"] = "Demo request" }),
        HandoffSession.Facts(lead, new EventMembers { ["channel"] = "email", ["target"] = null, ["undeliverable"] = "no owner yet" }),
        HandoffSession.Facts(lead, new EventMembers { ["member"] = "ana", ["from_member"] = lead.Member }),
        HandoffSession.Facts(lead),
        new EventMembers { ["member"] = "ana", ["source"] = "DemoRequest" },
        new EventMembers(),
    ];

    [SkippableFact]
    public async Task Events_keep_the_facts_of_their_lead_once_per_distinct_set_and_read_back_as_written()
    {
        SkipIfUnavailable();
        var leads = new[] { FactsLead("F1", "olivia.bennett"), FactsLead("F2", "olivia.bennett"), FactsLead("F3", null) };
        var written = new List<string>();
        using (var writer = Store.OpenWriter())
        {
            // Facts first logged in a batch that rolls back are not taken for kept.
            writer.Begin();
            writer.Append("F0", HandoffEventTypes.TaskCreated, Monday, HandoffSession.Facts(FactsLead("F0", "gone")));
            writer.Append("F0", HandoffEventTypes.TaskCreated, Monday, HandoffSession.Facts(leads[0]));
            writer.Rollback();

            foreach (var lead in leads)
            {
                writer.Begin();
                foreach (var data in FactsEvents(lead))
                {
                    written.Add(Json(data));
                    writer.Append(lead.LeadId, HandoffEventTypes.SlaStarted, Monday, data);
                }

                writer.Commit();
            }

            writer.Begin();
            writer.Append("F0", HandoffEventTypes.TaskCreated, Monday, HandoffSession.Facts(FactsLead("F0", "gone")));
            writer.Commit();
        }

        var read = new List<string>();
        foreach (var lead in leads)
        {
            read.AddRange((await Store.GetEventsAsync(lead.LeadId, null, null, CancellationToken.None)).Select(e => e.DataJson));
        }

        Assert.Equal(written, read);
        Assert.Equal(Json(HandoffSession.Facts(FactsLead("F0", "gone"))), Assert.Single(await Store.GetEventsAsync("F0", null, null, CancellationToken.None)).DataJson);

        // Four distinct sets (the owners olivia.bennett, ana and gone, and nobody), each kept once; no event repeats them in its data.
        Assert.Equal(4L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM event_facts"), CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM events WHERE data LIKE '%\"segment\"%'"), CultureInfo.InvariantCulture));
        Assert.Equal(16L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM events WHERE facts_id IS NOT NULL"), CultureInfo.InvariantCulture));

        // A store reopened (a restarted host, or another host on the same database) finds the sets already kept.
        var reopened = Reopen();
        using (var writer = reopened.OpenWriter())
        {
            writer.Begin();
            writer.Append("F4", HandoffEventTypes.TaskCreated, Monday, HandoffSession.Facts(leads[0], new EventMembers { ["subject"] = "Call" }));
            writer.Commit();
        }

        (reopened as IDisposable)?.Dispose();
        Assert.Equal(4L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM event_facts"), CultureInfo.InvariantCulture));
        Assert.Equal(Json(HandoffSession.Facts(leads[0], new EventMembers { ["subject"] = "Call" })),
            Assert.Single(await Store.GetEventsAsync("F4", null, null, CancellationToken.None)).DataJson);
    }

    [SkippableFact]
    public async Task A_log_written_at_schema_version_7_is_upgraded_and_reads_back_the_same_events_as_one_written_now()
    {
        SkipIfUnavailable();
        var intake = RoutedIntake();
        (Store as IDisposable)?.Dispose();
        Store = await CreateStoreAsync();
        foreach (var step in new SchemaMigrator(Schema).Migrations.Where(m => m.Version <= 7))
        {
            await ExecuteAsync(step.Sql);
        }

        // As a host at version 7 wrote a routed lead: the decision in the intake event with its input apart,
        // every other event with its lead's facts in its data.
        var lead = FactsLead("old", "olivia.bennett");
        var events = FactsEvents(lead).Select(Json).ToArray();
        var decision = JsonNode.Parse(intake.DataJson)!.AsObject();
        var input = decision[IntakeHistory.InputField]!.ToJsonString(Relaxed);
        decision.Remove(IntakeHistory.InputField);
        await ExecuteAsync($"""
            INSERT INTO meta (key, value) VALUES ('schema_version', '7');
            INSERT INTO events (lead_id, type, at, data, input) VALUES ('old', 'lead.routed', '2026-11-30T09:00:00.0000000Z', '{Sql(decision.ToJsonString(Relaxed))}', '{Sql(input)}');
            {string.Concat(events.Select(e => $"INSERT INTO events (lead_id, type, at, data) VALUES ('old', 'sla.started', '2026-11-30T09:00:00.0000000Z', '{Sql(e)}');\n"))}
            """);

        await Store.InitializeAsync(CancellationToken.None);
        var old = await Store.GetEventsAsync("old", null, null, CancellationToken.None);
        Assert.Equal([intake.DataJson, .. events], old.Select(e => e.DataJson));

        // The same events written now read back the same, their facts kept apart.
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.Append("new", HandoffEventTypes.Routed, Monday, EventMembers.From(JsonNode.Parse(intake.DataJson)!.AsObject()));
            foreach (var data in FactsEvents(lead))
            {
                writer.Append("new", HandoffEventTypes.SlaStarted, Monday, data);
            }

            writer.Commit();
        }

        Assert.Equal(old.Select(e => e.DataJson), (await Store.GetEventsAsync("new", null, null, CancellationToken.None)).Select(e => e.DataJson));
        Assert.Equal(5L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM events WHERE lead_id = 'new' AND facts_id IS NOT NULL"), CultureInfo.InvariantCulture));
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM events WHERE lead_id = 'old' AND facts_id IS NOT NULL"), CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task An_intake_event_appended_from_its_json_is_kept_as_the_same_event_built_as_an_object()
    {
        SkipIfUnavailable();
        var pipeline = HandoffPipeline.InMemory(Router.Compile(new Acme.Rules.AcmePlaybook().Build()));
        var generated = new HandoffRules.Simulation.LeadGenerator(5).Generate(60).ToList();

        // Text a writer escapes unless told not to: quotes, a backslash, markup, a plus, accents and an emoji.
        generated.Add(generated[0] with { Id = "tricky", FirstName = "Zoë \"Z\" O'Brien", Company = "Ünïcode <b>&</b> + \\ 🚀", JobTitle = "VP\tSales" });
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            foreach (var input in generated)
            {
                var record = pipeline.Process(input, Monday, new DecisionTrace()).Record!;
                outcomes.Add(record.Outcome);
                var decision = record.ToJson();
                var built = EventMembers.From(JsonNode.Parse(decision)!.AsObject());
                built[IntakeHistory.InputField] = JsonSerializer.SerializeToNode(input, HandoffSession.LeadJson);
                writer.Append($"object-{input.Id}", HandoffEventTypes.Routed, Monday, built);
                writer.AppendIntake($"json-{input.Id}", HandoffEventTypes.Routed, Monday, decision, JsonSerializer.Serialize(input, HandoffSession.LeadJson));
            }

            writer.Commit();
        }

        Assert.Superset(new HashSet<string> { HandoffOutcome.Routed, HandoffOutcome.Disqualified, HandoffOutcome.Duplicate }, outcomes);
        foreach (var input in generated)
        {
            var asObject = Assert.Single(await Store.GetEventsAsync($"object-{input.Id}", null, null, CancellationToken.None));
            var asJson = Assert.Single(await Store.GetEventsAsync($"json-{input.Id}", null, null, CancellationToken.None));
            Assert.Equal(asObject.DataJson, asJson.DataJson);
        }

        // Column by column, not only once put back together: the decision in data, the lead as received in input.
        Assert.Equal(0L, Convert.ToInt64(await ScalarAsync("""
            SELECT COUNT(*) FROM events o JOIN events j ON j.lead_id = 'json-' || substr(o.lead_id, 8)
            WHERE o.lead_id LIKE 'object-%' AND (o.data <> j.data OR o.input <> j.input OR o.facts_id IS NOT NULL OR j.facts_id IS NOT NULL)
            """), CultureInfo.InvariantCulture));
        Assert.Equal((long)generated.Count, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM events WHERE lead_id LIKE 'json-%'"), CultureInfo.InvariantCulture));
        Assert.Contains("Ünïcode <b>&</b> + \\\\", (string)(await ScalarAsync("SELECT input FROM events WHERE lead_id = 'json-tricky'"))!, StringComparison.Ordinal);
    }

    // An event's JSON written apart from the stores' own writing: a JSON object of the same members.
    private static string Json(EventMembers data)
    {
        var json = new JsonObject();
        for (var i = 0; i < data.Count; i++)
        {
            var (name, value) = data.GetAt(i);
            json[name] = value is JsonNode node ? node.DeepClone() : System.Text.Json.JsonSerializer.SerializeToNode(value);
        }

        return json.ToJsonString(Relaxed);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
