using Acme.Rules;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace HandoffRules.Host.Tests;

/// <summary>
/// What the durable write path costs per lead on SQLite, counted rather than timed: the statements
/// the writer runs and the bytes the log keeps, for the same generated leads taken in the way the
/// processor takes in a file (batches of 256, one transaction each).
/// </summary>
public sealed class StoreWritePathTests(ITestOutputHelper output) : IDisposable
{
    private const int LeadCount = 2_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-write-path-").FullName;

    [Fact]
    public async Task Taking_a_lead_in_costs_a_bounded_number_of_statements_and_bytes()
    {
        var path = Path.Combine(_folder, "handoff.db");
        // Prepared as a file's reader prepares it (every other lead: the processor prepares the rest).
        var (routed, statements) = await TakeInAsync(path, taken => taken % 2 == 0);

        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;";
            await vacuum.ExecuteNonQueryAsync();
        }

        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var whole = connection.CreateCommand();
            whole.CommandText = "SELECT COUNT(*) FROM leads WHERE lead <> ''";
            Assert.Equal(0L, (long)(await whole.ExecuteScalarAsync())!);
        }

        SqliteConnection.ClearAllPools();
        var perLead = (double)statements / LeadCount;
        var bytesPerLead = (double)new FileInfo(path).Length / LeadCount;
        output.WriteLine($"{LeadCount} leads ({routed} routed): {statements} statements, {perLead:F2} a lead; {bytesPerLead:F0} bytes a lead after VACUUM");

        Assert.True(routed > LeadCount / 3, $"only {routed} of {LeadCount} leads were routed: the leads do not exercise the write path");
        Assert.True(perLead <= MaxStatementsPerLead, $"taking a lead in ran {perLead:F2} statements a lead; at most {MaxStatementsPerLead} expected");
        Assert.True(bytesPerLead <= MaxBytesPerLead, $"the log keeps {bytesPerLead:F0} bytes a lead; at most {MaxBytesPerLead} expected");
    }

    [Fact]
    public async Task A_lead_its_reader_took_in_is_decided_and_kept_as_one_the_processor_takes_in()
    {
        var prepared = Path.Combine(_folder, "prepared.db");
        var unprepared = Path.Combine(_folder, "unprepared.db");
        await TakeInAsync(prepared, _ => true);
        await TakeInAsync(unprepared, _ => false);

        using var one = new SqliteHandoffStore(prepared);
        using var other = new SqliteHandoffStore(unprepared);
        var compared = 0;
        foreach (var lead in Leads.Generated(LeadCount, seed: 7))
        {
            var kept = await one.GetLeadAsync(lead.Id!, CancellationToken.None);
            Assert.NotNull(kept);
            Assert.Equal(await other.GetLeadAsync(lead.Id!, CancellationToken.None), kept);
            compared++;
        }

        Assert.Equal(LeadCount, compared);
        Assert.Equal(await other.CountAsync(CancellationToken.None), await one.CountAsync(CancellationToken.None));
    }

    // The generated leads taken in the way the processor takes in a file: batches of 256, one
    // transaction each; a lead is prepared by its reader when <paramref name="prepared"/> says so of its number.
    private static async Task<(int Routed, long Statements)> TakeInAsync(string path, Func<int, bool> prepared)
    {
        using var store = new SqliteHandoffStore(path, synchronousFull: false, new PlaybookVersion("1.0.0", "0123456789abcdef"));
        await store.InitializeAsync(CancellationToken.None);
        var leads = Leads.Generated(LeadCount, seed: 7);
        var clock = new FakeTimeProvider(leads.Min(l => l.Event!.OccurredAt!.Value));
        // Not a replay: a replay's session would breach the SLAs whose deadlines the generated
        // history passes between leads, and what is counted here is taking the leads in.
        using var driven = new DrivenSession(store, new AcmePlaybook().Build(), clock, replay: false);
        var session = driven.Session;
        var before = store.WriterStatements;
        var routed = 0;
        var taken = 0;
        foreach (var batch in leads.Chunk(256))
        {
            session.Writer.Begin();
            foreach (var lead in batch)
            {
                var at = lead.Event!.OccurredAt!.Value;
                var work = new LeadWork("leads.jsonl", lead.Id!, lead.Id!, lead, at);
                var result = session.Apply(prepared(++taken) ? work with { Prepared = PreparedIntake.Of(lead, at) } : work);
                routed += result.Outcome == "routed" ? 1 : 0;
            }

            session.SaveDistributionIfChanged();
            session.Commit();
        }

        return (routed, store.WriterStatements - before);
    }

    // 14.75 a lead before statements were merged (schema version 8 as first written); 7.40 with each
    // queued alert a statement of its own, 7.05 with a transaction's alerts inserted together.
    private const double MaxStatementsPerLead = 7.2;
    // 2,869 a lead at schema version 9, where the lead's row rebuilds the normalised lead from its input;
    // 2,480 at version 10, where time columns keep ticks and trace step ids are six bytes.
    private const double MaxBytesPerLead = 2_600;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
