using System.Globalization;
using System.Text.Json;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Pipeline;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Tests.Store;

/// <summary>What a lead's row costs (schema version 9): the normalised lead kept as the input its intake event holds, read back as written.</summary>
public abstract partial class HandoffStoreContract
{
    [SkippableFact]
    public async Task A_leads_row_keeps_its_normalised_lead_as_its_intake_input_and_reads_it_back_byte_for_byte()
    {
        SkipIfUnavailable();
        var written = new Dictionary<string, StoredLead>();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            foreach (var (input, receivedAt) in IntakeInputs())
            {
                var lead = Intake(writer, input, receivedAt);
                written[lead.LeadId] = lead;
            }

            // A lead saved as its input, as the processor saves one its reader normalised: the writer
            // keeps it so without a rebuild, and with its own decision when that is not the event's.
            foreach (var (input, receivedAt) in IntakeInputs().TakeLast(20))
            {
                var lead = Intake(writer, input with { Id = $"{input.Id}/as-its-input" }, receivedAt, asItsInput: true);
                written[lead.LeadId] = lead;

                // Asked for in the transaction that took it in, the writer rebuilds it from the input.
                Assert.Equal(lead.Lead, NormalisedLead.Json(writer.NormalisedLead(lead.LeadId)!));
            }

            var otherDecision = Intake(writer, Generated(7, 1)[0] with { Id = "other-decision" }, Monday, asItsInput: true, decision: "{\"outcome\":\"edited\"}");
            written[otherDecision.LeadId] = otherDecision;

            // A row whose lead is not what its input normalises to (an edit the host never makes) is kept whole.
            var edited = Intake(writer, Generated(5, 1)[0] with { Id = "edited" }, Monday, lead => lead.Replace("\"id\":\"edited\"", "\"id\":\"edited\",\"edited\":true", StringComparison.Ordinal));
            written[edited.LeadId] = edited;
            writer.Commit();

            // Saved again from what the writer reads back, as an SDR action does: the writer reads the
            // lead as stored ('' for one kept as its input) and rebuilds it only when asked.
            writer.Begin();
            foreach (var id in written.Keys.ToList())
            {
                var found = writer.FindLead(id)!;
                Assert.Equal(id is "edited" ? written[id].Lead : "", found.Lead);
                // The lead itself, as its JSON reads (the edited row's property no lead has is not one of its fields).
                Assert.Equal(NormalisedLead.Json(NormalisedLead.FromJson(written[id].Lead)), NormalisedLead.Json(writer.NormalisedLead(id)!));
                writer.SaveLead(found with { Status = "accepted" });
                written[id] = written[id] with { Status = "accepted" };
            }

            Assert.Null(writer.NormalisedLead("nobody"));
            writer.Commit();
        }

        foreach (var (id, lead) in written)
        {
            Assert.Equal(lead, await Store.GetLeadAsync(id, CancellationToken.None));
        }

        Assert.Equal(written.Count - 2L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM leads WHERE lead = '' AND decision = '' AND intake_seq IS NOT NULL"), CultureInfo.InvariantCulture));
        Assert.Equal("{\"outcome\":\"edited\"}", await ScalarAsync("SELECT decision FROM leads WHERE lead_id = 'other-decision' AND lead = '' AND intake_seq IS NOT NULL"));
        Assert.Equal(written["edited"].Lead, await ScalarAsync("SELECT lead FROM leads WHERE lead_id = 'edited'"));
        Assert.Contains("\"edited\":true", written["edited"].Lead, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_second_intake_event_of_the_same_lead_leaves_the_input_its_row_is_rebuilt_from_and_copies_the_new_decision()
    {
        SkipIfUnavailable();
        var inputs = Generated(17, 2);
        StoredLead first;
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            first = Intake(writer, inputs[0] with { Id = "twice" }, Monday);
            writer.Commit();

            // Another input logged under the same id, with the decision the row already shows.
            writer.Begin();
            writer.AppendIntake("twice", HandoffEventTypes.Routed, Monday, first.Decision, JsonSerializer.Serialize(inputs[1] with { Id = "twice" }, HandoffSession.LeadJson));
            writer.SaveLead(first with { Status = "accepted" });
            writer.Commit();
        }

        Assert.Equal(first with { Status = "accepted" }, await Store.GetLeadAsync("twice", CancellationToken.None));
        Assert.Equal(first.Decision, await ScalarAsync("SELECT decision FROM leads WHERE lead_id = 'twice'"));
        Assert.Equal(2L, Convert.ToInt64(await ScalarAsync("SELECT COUNT(*) FROM events WHERE lead_id = 'twice'"), CultureInfo.InvariantCulture));
        Assert.Equal(await ScalarAsync("SELECT MIN(seq) FROM events WHERE lead_id = 'twice'"), await ScalarAsync("SELECT intake_seq FROM leads WHERE lead_id = 'twice'"));
    }

    [SkippableFact]
    public async Task A_lead_saved_again_in_the_transaction_that_took_it_in_keeps_its_last_save_and_the_intake_it_was_saved_after()
    {
        SkipIfUnavailable();
        var inputs = Generated(19, 3);
        StoredLead again, between;
        using (var writer = Store.OpenWriter())
        {
            // Taken in, another lead taken in, then accepted before the commit: the writer keeps one
            // row for it, the last save.
            writer.Begin();
            again = Intake(writer, inputs[0] with { Id = "again" }, Monday);
            between = Intake(writer, inputs[1] with { Id = "between" }, Monday);
            writer.SaveLead(again with { Status = "accepted", Member = "sam.patel" });

            // A later input under the same id: the row was saved after the first intake, and is rebuilt
            // from it. A read in the transaction finds the last save.
            writer.AppendIntake("again", HandoffEventTypes.Routed, Monday, again.Decision, JsonSerializer.Serialize(inputs[2] with { Id = "again" }, HandoffSession.LeadJson));
            Assert.Equal(("accepted", "sam.patel"), (writer.FindLead("again")!.Status, writer.FindLead("again")!.Member));
            writer.Commit();
        }

        Assert.Equal(again with { Status = "accepted", Member = "sam.patel" }, await Store.GetLeadAsync("again", CancellationToken.None));
        Assert.Equal(between, await Store.GetLeadAsync("between", CancellationToken.None));
        Assert.Equal(await ScalarAsync("SELECT MIN(seq) FROM events WHERE lead_id = 'again'"), await ScalarAsync("SELECT intake_seq FROM leads WHERE lead_id = 'again'"));
    }

    [SkippableFact]
    public async Task A_row_whose_intake_input_was_damaged_is_refused_naming_the_lead()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Intake(writer, Generated(3, 1)[0] with { Id = "damaged" }, Monday);
            writer.Commit();
        }

        await ExecuteAsync("UPDATE events SET input = '[1, 2' WHERE lead_id = 'damaged'");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Store.GetLeadAsync("damaged", CancellationToken.None));
        Assert.StartsWith("lead damaged: its intake event's input is not a lead's JSON", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Generated leads of every kind, received over a day, and the inputs a rebuild could get wrong: no
    /// event time (the arrival stands in), a repeat submission's own id, text that JSON escapes.
    /// </summary>
    private static IEnumerable<(LeadInput Input, DateTimeOffset ReceivedAt)> IntakeInputs()
    {
        var generated = Generated(29, 200);
        for (var i = 0; i < generated.Count; i++)
        {
            yield return (generated[i], Monday.AddSeconds(i * 431.25));
        }

        yield return (generated[0] with { Id = "untimed", Event = generated[0].Event! with { OccurredAt = null } }, Monday.AddTicks(1234567));
        yield return (generated[1] with { Id = generated[1].Id + "/webhook-7" }, Monday);
        yield return (generated[2] with { Id = "tricky", Company = "Ünïcode <b>&</b> + \\ \"quoted\"", City = "  São Paulo  " }, Monday);
    }

    /// <summary>
    /// Takes the input in as the processor does: its intake event, then its row, in the open
    /// transaction; the lead saved with its JSON, or <paramref name="asItsInput"/> as the processor
    /// saves the lead its reader normalised from the input read back (<see cref="PreparedIntake"/>).
    /// Gives the lead as <see cref="IHandoffStore.GetLeadAsync"/> should show it.
    /// </summary>
    private static StoredLead Intake(IHandoffWriter writer, LeadInput input, DateTimeOffset receivedAt, Func<string, string>? edit = null, bool asItsInput = false, string? decision = null)
    {
        var pipeline = HandoffPipeline.InMemory(Router.Compile(new Acme.Rules.AcmePlaybook().Build()));
        var trace = new DecisionTrace();
        var prepared = PreparedIntake.Of(input, receivedAt);
        var result = pipeline.Process(asItsInput ? prepared.Intake : LeadNormalizer.Normalize(input, receivedAt), trace);
        var record = result.Record!;
        var json = NormalisedLead.Json(result.Lead!);
        var lead = new StoredLead
        {
            LeadId = result.Lead!.Id,
            Outcome = record.Outcome,
            Queue = record.Queue,
            Member = record.Member,
            Source = result.Lead.Source.ToString(),
            ArrivedAt = result.Lead.ArrivedAt,
            Lead = edit is null ? json : edit(json),
            Decision = decision ?? record.ToJson(),
            Trace = HandoffSession.TraceJson(trace),
            UpdatedAt = receivedAt,
        };
        writer.AppendIntake(lead.LeadId, HandoffEventTypes.Routed, lead.ArrivedAt, record.ToJson(), prepared.Input);
        writer.SaveLead(asItsInput ? lead with { Lead = NormalisedLead.AsItsInput } : lead);
        return lead;
    }

    private static List<LeadInput> Generated(int seed, int count) => [.. new HandoffRules.Simulation.LeadGenerator(seed).Generate(count)];
}
