using System.Text;
using Acme.Rules;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Host.Timers;
using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// The SQLite store's writer runs its writes on a thread of their own (<see cref="QueuedWriter"/>)
/// and answers the hot reads from what is committed plus what its transaction wrote. Each test sets
/// it beside the writer that runs every statement at once (<see cref="SqliteHandoffStore.InlineWrites"/>):
/// the same work must read the same answers and leave the same rows.
/// </summary>
public sealed class QueuedWriterTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-queued-writer-").FullName;

    // Every table the processor writes, in the order written (leads by id: a lead's row is rewritten in place).
    private static readonly string[] Tables =
        ["leads ORDER BY lead_id", "events ORDER BY seq", "inputs ORDER BY source, source_id", "timers ORDER BY lead_id, sla", "dedupe ORDER BY key",
         "trace_steps ORDER BY id", "event_facts ORDER BY id", "outbox ORDER BY id", "holds ORDER BY lead_id", "distribution"];

    [Fact]
    public async Task A_replay_through_the_queued_writer_leaves_the_rows_the_inline_writer_leaves_and_waits_only_to_commit()
    {
        // Breaches fired in the batch that took their lead in, repeats of open leads, held leads and
        // their scans: every read the queue answers from its own transaction is asked.
        var leads = Leads.Generated(1_500, seed: 7);
        var queued = await ReplayAsync(Path.Combine(_folder, "queued.db"), inline: false, leads);
        var inline = await ReplayAsync(Path.Combine(_folder, "inline.db"), inline: true, leads);

        Assert.True(queued.Breaches > 300, $"only {queued.Breaches} breaches were fired");
        Assert.Equal(inline.Results, queued.Results);
        foreach (var table in Tables)
        {
            Assert.Equal(await DumpAsync(inline.Path, table), await DumpAsync(queued.Path, table));
        }

        // Taking a lead in, breaching its SLA and scanning the holds never waited for the writes: each
        // of the six batches waited once, at its commit.
        Assert.Equal(6, queued.Waits);
    }

    [Fact]
    public async Task Reads_inside_a_transaction_see_its_queued_writes_as_the_inline_writer_sees_them()
    {
        var queued = await ScriptAsync(Path.Combine(_folder, "queued.db"), inline: false);
        var inline = await ScriptAsync(Path.Combine(_folder, "inline.db"), inline: true);

        Assert.Equal(inline, queued);
        Assert.Contains("input k1 in its transaction: routed, lead kept: True", queued);
        Assert.Contains("timers after the settle: Acceptance pending 09:15; First touch met 09:05 09:15", queued);

        // The lead taken in as its input is rebuilt from it, in its transaction and after.
        var normalised = NormalisedLead.Json(PreparedIntake.Of(Leads.DemoRequest("L1", Monday), Monday).Intake.Lead!);
        Assert.Contains($"its normalised lead: {normalised}", queued);
        Assert.Contains($"its normalised lead, saved again as read: {normalised}", queued);
        foreach (var table in Tables)
        {
            Assert.Equal(await DumpAsync(Path.Combine(_folder, "inline.db"), table), await DumpAsync(Path.Combine(_folder, "queued.db"), table));
        }
    }

    [Fact]
    public async Task The_held_lead_scans_reads_are_answered_from_the_writers_own_holds_as_the_store_answers_them_through_rollbacks()
    {
        using var queuedStore = new SqliteHandoffStore(Path.Combine(_folder, "holds-queued.db"), synchronousFull: false);
        using var inlineStore = new SqliteHandoffStore(Path.Combine(_folder, "holds-inline.db"), synchronousFull: false) { InlineWrites = true };
        await queuedStore.InitializeAsync(CancellationToken.None);
        await inlineStore.InitializeAsync(CancellationToken.None);
        using var queued = (QueuedWriter)queuedStore.OpenWriter();
        using var inline = inlineStore.OpenWriter();

        // Lead ids that SQLite orders by their UTF-8 bytes: a character from U+E000 up sorts before
        // a surrogate pair, the other way round from UTF-16.
        string[] leads = ["L1", "L2", "L10", "l1", "L\uFF21", "L\U0001F600", "L3", "L4"];
        string[] queues = ["Enterprise", "SMB", "Gone"];
        string[] states = [StoredHold.Held, StoredHold.Held, StoredHold.Expired, StoredHold.Offered, StoredHold.Released];
        var random = new Random(5);
        var asked = 0;
        foreach (var writer in new[] { queued, inline })
        {
            writer.Begin();
        }

        for (var step = 0; step < 600; step++)
        {
            var lead = leads[random.Next(leads.Length)];
            var held = Monday.AddMinutes(random.Next(0, 4) * 15).ToOffset(TimeSpan.FromHours(random.Next(-2, 3)));
            var hold = new StoredHold(lead, queues[random.Next(queues.Length)], held, held.AddMinutes(random.Next(0, 4) * 30), states[random.Next(states.Length)], random.Next(3) == 0 ? "sam.patel" : null, null);
            Action<IHandoffWriter> write = random.Next(10) switch
            {
                < 5 => w => w.SaveHold(hold),
                < 7 => w => w.ReleaseHold(lead, held),
                < 9 => w => w.MoveHold(lead, hold.Queue),
                _ => random.Next(2) == 0 ? w => { w.Commit(); w.Begin(); } : w => { w.Rollback(); w.Begin(); },
            };
            write(queued);
            write(inline);

            var waits = queued.Waits;
            var at = Monday.AddMinutes(random.Next(0, 12) * 15);
            Assert.Equal(Show(inline.HoldsRunningOut(at, 3)), Show(queued.HoldsRunningOut(at, 3)));
            foreach (var queue in queues)
            {
                StoredHold? after = null;
                for (var page = 0; page < 4; page++)
                {
                    var expected = inline.OpenHolds(queue, after, 2);
                    Assert.Equal(Show(expected), Show(queued.OpenHolds(queue, after, 2)));
                    asked++;
                    if (expected.Count < 2)
                    {
                        break;
                    }

                    after = expected[^1];
                }
            }

            // Answered without waiting for the writes queued before them.
            Assert.Equal(waits, queued.Waits);
        }

        queued.Commit();
        inline.Commit();
        Assert.True(asked > 1_800, $"{asked} pages read");
        Assert.Equal(await DumpAsync(inlineStore.Path, "holds ORDER BY lead_id"), await DumpAsync(queuedStore.Path, "holds ORDER BY lead_id"));

        static string Show(IReadOnlyList<StoredHold> holds) => string.Join(" | ", holds);
    }

    [Fact]
    public async Task A_write_that_fails_on_the_writing_thread_is_thrown_to_the_caller_and_nothing_of_its_transaction_is_kept()
    {
        using var store = new SqliteHandoffStore(Path.Combine(_folder, "failing.db"), synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        using var writer = store.OpenWriter();
        Assert.IsType<QueuedWriter>(writer);

        writer.Begin();
        writer.RecordInput("web", "k1", "lead", "routed", "L1", Monday);
        writer.SaveLead(Lead("L1", "olivia.bennett"));

        // The same input twice breaks the inputs' key: SQLite refuses it on the writing thread, which
        // the writes behind it (more than a run's worth) hand it to. The refusal is thrown at the
        // caller's next call after it: one of those writes, or the commit at the latest.
        writer.RecordInput("web", "k1", "lead", "routed", "L1", Monday);
        var refused = Assert.Throws<SqliteException>(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                writer.RecordInput("web", $"after-{i}", "lead", "routed", null, Monday);
            }

            writer.Commit();
        });
        Assert.Contains("UNIQUE", refused.Message);
        writer.Rollback();

        Assert.Null(await store.GetLeadAsync("L1", CancellationToken.None));
        Assert.False(await store.WasProcessedAsync("web", "k1", CancellationToken.None));
        Assert.False(await store.WasProcessedAsync("web", "after-199", CancellationToken.None));

        // The writer goes on after the rollback, and its reads no longer see the undone writes.
        writer.Begin();
        Assert.Equal((null, false), writer.InputOutcomeAndLead("web", "k1", "L1"));
        Assert.Null(writer.FindLead("L1"));
        writer.RecordInput("web", "k2", "lead", "routed", "L2", Monday);
        writer.SaveLead(Lead("L2", null));
        writer.Commit();
        Assert.NotNull(await store.GetLeadAsync("L2", CancellationToken.None));
    }

    [Fact]
    public async Task Timers_a_commit_left_are_read_from_memory_in_later_transactions_and_a_rollback_leaves_them_as_committed()
    {
        using var store = new SqliteHandoffStore(Path.Combine(_folder, "timers.db"), synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        using (var writer = store.OpenWriter())
        {
            writer.Begin();
            writer.SaveLead(Lead("L1", "olivia.bennett"));
            writer.StartTimerOfNewLead(new StoredTimer("L1", "First touch", "FirstTouch", Monday, Monday.AddMinutes(15), StoredTimer.Pending, null, false));
            writer.StartTimerOfNewLead(new StoredTimer("L1", "Acceptance", "Acceptance", Monday, Monday.AddHours(4), StoredTimer.Pending, null, false));
            writer.Commit();

            // A breach a batch later: it reads the lead's timers and settles one, with no statement
            // run to read them (the store's count of statements moves only with the write).
            writer.Begin();
            var before = store.WriterStatements;
            Assert.Equal("First touch pending 09:15; Acceptance pending 13:00", Timers(writer, "L1"));
            writer.SettleTimer("L1", "First touch", StoredTimer.Breached, Monday.AddMinutes(15), late: false);
            Assert.Equal("First touch breached 09:15 09:15; Acceptance pending 13:00", Timers(writer, "L1"));
            Assert.Equal(before, store.WriterStatements);
            writer.Rollback();

            // Undone: memory gives the timers as committed, as the store does.
            writer.Begin();
            Assert.Equal("First touch pending 09:15; Acceptance pending 13:00", Timers(writer, "L1"));
            writer.SettleTimer("L1", "Acceptance", StoredTimer.Met, Monday.AddHours(1), late: false);
            writer.Commit();
            Assert.Equal("First touch pending 09:15; Acceptance met 10:00 13:00", Describe(await store.GetTimersAsync("L1", CancellationToken.None)));
            writer.Begin();
            Assert.Equal("First touch pending 09:15; Acceptance met 10:00 13:00", Timers(writer, "L1"));
            writer.Commit();
        }

        // A writer that never wrote them reads them from the store.
        using var next = store.OpenWriter();
        next.Begin();
        var reading = store.WriterStatements;
        Assert.Equal("First touch pending 09:15; Acceptance met 10:00 13:00", Timers(next, "L1"));
        Assert.Equal(reading + 1, store.WriterStatements);
        next.Commit();
    }

    [Fact]
    public async Task The_first_writer_on_an_empty_store_answers_what_it_never_wrote_without_reading_and_stops_when_another_writer_opens()
    {
        using var store = new SqliteHandoffStore(Path.Combine(_folder, "never-written.db"), synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        using var first = store.OpenWriter();
        first.Begin();
        first.RecordInput("file", "k1", "lead", "routed", "L1", Monday);
        first.SaveLead(Lead("L1", "olivia.bennett"));
        first.SaveDuplicateKeys(["email:l1@example.com", "domain:example.com|robin quill"], "L1", "Enterprise", "olivia.bennett", Monday);
        first.Commit();

        // What it never wrote is answered with no statement run; what it wrote is read back as stored.
        first.Begin();
        var before = store.WriterStatements;
        Assert.Equal((null, false), first.InputOutcomeAndLead("file", "k2", "L2"));
        Assert.Equal([null, null], first.FindDuplicateKeys(["email:l2@example.com", "domain:other.example|ana"]));
        Assert.Null(first.FindLead("L2"));
        Assert.Null(first.NormalisedLead("L2"));
        Assert.Equal(before, store.WriterStatements);
        Assert.Equal(("routed", true), first.InputOutcomeAndLead("file", "k1", "L1"));
        Assert.Equal(("L1", "Enterprise", "olivia.bennett", Monday), first.FindDuplicateKeys(["email:l2@example.com", "email:l1@example.com"])[1]);
        Assert.Equal("olivia.bennett", first.FindLead("L1")!.Member);
        Assert.True(store.WriterStatements > before);
        first.Commit();

        // Another writer opens and writes: the first asks the store from then on, and sees it.
        using (var second = store.OpenWriter())
        {
            second.Begin();
            second.RecordInput("file", "k2", "lead", "routed", "L2", Monday);
            second.SaveLead(Lead("L2", null));
            second.SaveDuplicateKeys(["email:l2@example.com"], "L2", "Enterprise", null, Monday);
            second.Commit();
        }

        first.Begin();
        Assert.Equal(("routed", true), first.InputOutcomeAndLead("file", "k2", "L2"));
        Assert.Equal(("L2", "Enterprise", null, Monday), first.FindDuplicateKeys(["email:l2@example.com"])[0]);
        Assert.Equal("L2", first.FindLead("L2")!.LeadId);
        first.Commit();

        // A writer on a store that already holds leads reads from the store whatever it asks.
        using var third = store.OpenWriter();
        third.Begin();
        var reading = store.WriterStatements;
        Assert.Equal((null, false), third.InputOutcomeAndLead("file", "k3", "L3"));
        Assert.Equal(reading + 1, store.WriterStatements);
        third.Commit();
    }

    [Fact]
    public async Task A_scratch_stores_writer_holds_duplicate_keys_back_past_their_commits_answers_them_and_writes_them_at_its_bound_and_its_end()
    {
        var path = Path.Combine(_folder, "scratch.db");
        using var store = SqliteHandoffStore.Scratch(path);
        await store.InitializeAsync(CancellationToken.None);
        using (var writer = store.OpenWriter())
        {
            writer.Begin();
            writer.SaveDuplicateKeys(["email:a@example.com", "domain:example.com|ana"], "L1", "Enterprise", "olivia.bennett", Monday);
            writer.Commit();
            Assert.Equal(0, await CountAsync(path, "dedupe"));

            // A second writer would not see what the first holds back.
            Assert.Throws<InvalidOperationException>(store.OpenWriter);

            // Held back, a key is still found; a rolled-back transaction's key is neither found nor written.
            writer.Begin();
            Assert.Equal(("L1", "Enterprise", "olivia.bennett", Monday), writer.FindDuplicateKeys(["email:a@example.com"])[0]);
            writer.SaveDuplicateKeys(["email:b@example.com"], "L2", "SMB", null, Monday);
            writer.Rollback();
            writer.Begin();
            Assert.Null(writer.FindDuplicateKeys(["email:b@example.com"])[0]);

            // A key saved again keeps what was saved last.
            writer.SaveDuplicateKeys(["email:a@example.com"], "L3", "SMB", null, Monday.AddHours(1));
            writer.Commit();
            Assert.Equal(0, await CountAsync(path, "dedupe"));

            // At the bound, the commit writes every key held back.
            writer.Begin();
            SaveAsManyKeysAsHeldBack(writer);
            writer.Commit();
            Assert.Equal(QueuedWriter.KeysHeldBackAtMost + 2, await CountAsync(path, "dedupe"));

            writer.Begin();
            writer.SaveDuplicateKeys(["email:last@example.com"], "L4", null, null, Monday);
            writer.Commit();
            Assert.Equal(QueuedWriter.KeysHeldBackAtMost + 2, await CountAsync(path, "dedupe"));
        }

        // The writer's end writes the rest, as a store writing each key at once would have kept it.
        Assert.Equal(QueuedWriter.KeysHeldBackAtMost + 3, await CountAsync(path, "dedupe"));
        var direct = Path.Combine(_folder, "direct.db");
        using (var kept = new SqliteHandoffStore(direct, synchronousFull: false))
        {
            await kept.InitializeAsync(CancellationToken.None);
            using var writer = kept.OpenWriter();
            writer.Begin();
            writer.SaveDuplicateKeys(["email:a@example.com", "domain:example.com|ana"], "L1", "Enterprise", "olivia.bennett", Monday);
            writer.SaveDuplicateKeys(["email:a@example.com"], "L3", "SMB", null, Monday.AddHours(1));
            SaveAsManyKeysAsHeldBack(writer);
            writer.SaveDuplicateKeys(["email:last@example.com"], "L4", null, null, Monday);
            writer.Commit();
        }

        Assert.Equal(await DumpAsync(direct, "dedupe ORDER BY key"), await DumpAsync(path, "dedupe ORDER BY key"));

        static void SaveAsManyKeysAsHeldBack(IHandoffWriter writer)
        {
            for (var i = 0; i < QueuedWriter.KeysHeldBackAtMost; i++)
            {
                writer.SaveDuplicateKeys([$"email:{i}@example.com"], $"M{i}", "SMB", null, Monday);
            }
        }
    }

    [Fact]
    public async Task A_scratch_stores_writer_commits_behind_and_answers_what_the_commit_not_yet_written_holds_from_memory()
    {
        var path = Path.Combine(_folder, "behind.db");
        using var store = SqliteHandoffStore.Scratch(path);
        await store.InitializeAsync(CancellationToken.None);
        using var held = new ManualResetEventSlim();
        using var writer = Assert.IsType<QueuedWriter>(store.OpenWriter());
        writer.BeforeCommitBehind = held.Wait;

        // A key held back past the first commit; the second reaches the bound and writes every key
        // held back, this one among them, with its own commit.
        writer.Begin();
        writer.SaveDuplicateKeys(["email:a@example.com"], "L0", "SMB", null, Monday);
        writer.Commit();
        writer.Begin();
        writer.RecordInput("web", "k1", "lead", "routed", "L1", Monday);
        writer.SaveLead(Lead("L1", "olivia.bennett"));
        writer.StartTimerOfNewLead(new StoredTimer("L1", "First touch", "FirstTouch", Monday, Monday.AddMinutes(15), StoredTimer.Pending, null, false));
        for (var i = 1; i < QueuedWriter.KeysHeldBackAtMost; i++)
        {
            writer.SaveDuplicateKeys([$"email:{i}@example.com"], $"M{i}", "SMB", null, Monday);
        }

        // The commit is held on the writing thread: the caller goes on, and its reads are answered
        // from what the commit holds, which the store does not have yet. (Bounded: a caller that
        // waited for the commit would wait for good.)
        var whileHeld = Task.Run(() =>
        {
            writer.CommitBehind();
            writer.Begin();
            return (writer.InputOutcomeAndLead("web", "k1", "L1"), writer.FindLead("L1"), writer.FindDuplicateKeys(["email:a@example.com", "email:7@example.com"]), Timers(writer, "L1"));
        });
        try
        {
            var (input, lead, keys, timers) = await whileHeld.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, await CountAsync(path, "leads"));
            Assert.Equal(0, await CountAsync(path, "dedupe"));
            Assert.Equal(("routed", true), input);
            Assert.Equal(Describe(Lead("L1", "olivia.bennett") with { ArrivedAt = Monday }), Describe(lead!));
            Assert.Equal([("L0", "SMB", null, Monday), ("M7", "SMB", null, Monday)], keys);
            Assert.Equal("First touch pending 09:15", timers);
        }
        finally
        {
            held.Set();
        }

        // Committing at once waits for the commit handed over; the store then has it all.
        writer.SaveLead(Lead("L2", null));
        writer.Commit();
        Assert.Equal(2, await CountAsync(path, "leads"));
        Assert.Equal(QueuedWriter.KeysHeldBackAtMost, await CountAsync(path, "dedupe"));
        Assert.Equal(1, await CountAsync(path, "timers"));
        Assert.True(await store.WasProcessedAsync("web", "k1", CancellationToken.None));
    }

    [Fact]
    public async Task A_commit_handed_over_that_fails_or_follows_a_failed_write_stops_the_writer_and_no_rollback_clears_it()
    {
        // The commit itself fails on the writing thread.
        var failing = Path.Combine(_folder, "commit-fails.db");
        using (var store = SqliteHandoffStore.Scratch(failing))
        {
            await store.InitializeAsync(CancellationToken.None);
            var writer = Assert.IsType<QueuedWriter>(store.OpenWriter());
            writer.BeforeCommitBehind = () => throw new IOException("disk full");
            writer.Begin();
            writer.SaveLead(Lead("L1", null));
            writer.CommitBehind();

            // Thrown at a later call: the next transaction's begin, or its commit at the latest.
            var failed = Assert.Throws<CommitBehindFailedException>(() =>
            {
                writer.Begin();
                writer.Commit();
            });
            Assert.Equal("disk full", failed.InnerException!.Message);
            Assert.Same(failed, Assert.Throws<CommitBehindFailedException>(writer.Rollback));
            Assert.Same(failed, Assert.Throws<CommitBehindFailedException>(() => writer.FindLead("L1")));
            Assert.Same(failed, Assert.Throws<CommitBehindFailedException>(writer.Dispose));
            Assert.Equal(0, await CountAsync(failing, "leads"));
        }

        // A write before the commit fails after the caller handed the commit over: the transaction it
        // took as committed is not, and the failure is the commit's.
        var refused = Path.Combine(_folder, "write-fails.db");
        using (var store = SqliteHandoffStore.Scratch(refused))
        {
            await store.InitializeAsync(CancellationToken.None);
            var writer = Assert.IsType<QueuedWriter>(store.OpenWriter());
            writer.Begin();
            writer.RecordInput("web", "k1", "lead", "routed", "L1", Monday);
            writer.SaveLead(Lead("L1", null));
            writer.RecordInput("web", "k1", "lead", "routed", "L1", Monday);
            writer.CommitBehind();
            var failed = Assert.Throws<CommitBehindFailedException>(() =>
            {
                writer.Begin();
                writer.Commit();
            });
            Assert.Contains("UNIQUE", Assert.IsType<SqliteException>(failed.InnerException).Message);
            Assert.Throws<CommitBehindFailedException>(writer.Rollback);
            Assert.Throws<CommitBehindFailedException>(writer.Dispose);
            Assert.Equal(0, await CountAsync(refused, "leads"));
        }

        // A host's store is not thrown away if the run stops: its writer commits at once.
        var host = Path.Combine(_folder, "host.db");
        using (var store = new SqliteHandoffStore(host, synchronousFull: false))
        {
            await store.InitializeAsync(CancellationToken.None);
            using var writer = store.OpenWriter();
            writer.Begin();
            writer.SaveLead(Lead("L1", null));
            writer.CommitBehind();
            Assert.Equal(1, await CountAsync(host, "leads"));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_lead_saved_again_in_its_transaction_is_written_once_as_last_saved_and_a_read_of_the_leads_finds_it(bool inline)
    {
        var path = Path.Combine(_folder, $"saved-again-{(inline ? "inline" : "queued")}.db");
        using var store = new SqliteHandoffStore(path, synchronousFull: false) { InlineWrites = inline };
        await store.InitializeAsync(CancellationToken.None);
        using var writer = store.OpenWriter();

        // Routed to a queue, a second lead, then the first offered to a member before the commit: two
        // rows, a statement each (no trace, whose steps would be looked up by statements of their own).
        writer.Begin();
        var before = store.WriterStatements;
        writer.SaveLead(Lead("L1", null) with { Trace = null });
        writer.SaveLead(Lead("L2", null) with { Trace = null });
        writer.SaveLead(Lead("L1", "olivia.bennett") with { Trace = null, UpdatedAt = Monday.AddMinutes(5) });
        writer.Commit();
        Assert.Equal(before + 2, store.WriterStatements);
        Assert.Equal("L1 olivia.bennett 09:05; L2 - 09:00", await LeadRowsAsync(path));

        // A read of the leads table in the transaction finds the rows saved before it: L2 owned, L3 new.
        writer.Begin();
        writer.SaveLead(Lead("L2", "sam.patel") with { Trace = null, UpdatedAt = Monday.AddMinutes(6) });
        writer.SaveLead(Lead("L3", null) with { Trace = null, UpdatedAt = Monday.AddMinutes(7) });
        Assert.Equal(["L3"], writer.UnheldLeads(10).Select(unheld => unheld.Lead.LeadId));
        writer.SaveLead(Lead("L3", "sam.patel") with { Trace = null, UpdatedAt = Monday.AddMinutes(8) });
        writer.Rollback();

        // Undone, saved or written: nothing of it reaches the store, then or with the next commit.
        writer.Begin();
        writer.Commit();
        Assert.Equal("L1 olivia.bennett 09:05; L2 - 09:00", await LeadRowsAsync(path));
    }

    [Fact]
    public async Task The_writing_thread_writes_the_oldest_lead_rows_ahead_of_the_commit_and_the_store_ends_as_if_each_was_written_once_at_it()
    {
        var path = Path.Combine(_folder, "written-ahead.db");
        using var store = new SqliteHandoffStore(path, synchronousFull: false);
        await store.InitializeAsync(CancellationToken.None);
        using var writer = store.OpenWriter();

        // 700 leads saved: ten runs of 64 saves are handed to the writing thread, 60 are not handed yet.
        // With nothing else queued it writes the oldest of the 640 rows it keeps, leaving the newest 512.
        writer.Begin();
        var before = store.WriterStatements;
        for (var i = 0; i < 700; i++)
        {
            writer.SaveLead(Lead($"L{i:D3}", null) with { Trace = null, UpdatedAt = Monday.AddMinutes(i % 60) });
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (store.WriterStatements - before < 128 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(before + 128, store.WriterStatements);

        // A lead written ahead and saved again is written again; one still kept is written once, as last saved.
        writer.SaveLead(Lead("L000", "olivia.bennett") with { Trace = null, UpdatedAt = Monday.AddHours(1) });
        writer.SaveLead(Lead("L600", "sam.patel") with { Trace = null, UpdatedAt = Monday.AddHours(2) });
        writer.Commit();
        Assert.Equal(before + 701, store.WriterStatements);

        var rows = (await LeadRowsAsync(path)).Split("; ");
        Assert.Equal(Enumerable.Range(0, 700).Select(i => $"L{i:D3}"), rows.Select(row => row.Split(' ')[0]));
        Assert.Equal("L000 olivia.bennett 10:00", rows[0]);
        Assert.Equal("L600 sam.patel 11:00", rows[600]);
        Assert.Equal("L599 - 09:59", rows[599]);
    }

    [Fact]
    public void Pending_lead_rows_are_written_oldest_first_ahead_of_the_flush_and_a_row_saved_again_after_waits_again()
    {
        var written = new List<string>();
        var rows = new PendingLeadRows(row => written.Add($"{row[0].Value}:{row[1].Value}"));
        foreach (var (lead, saved) in new[] { ("L1", "a"), ("L2", "a"), ("L3", "a"), ("L1", "b"), ("L4", "a") })
        {
            rows.Save(lead, [("$lead", lead), ("$saved", saved)], inTransaction: true);
        }

        // Two at most, keeping the newest two: L1 as last saved, then L2; none is left beyond the two kept.
        Assert.False(rows.WriteAhead(rows: 2, keep: 2));
        Assert.Equal(["L1:b", "L2:a"], written);
        Assert.Equal(2, rows.Count);
        Assert.False(rows.WriteAhead(rows: 2, keep: 2));
        Assert.Equal(2, written.Count);

        // L1 saved again after it was written waits again, behind the rows that waited before it.
        rows.Save("L1", [("$lead", "L1"), ("$saved", "c")], inTransaction: true);
        Assert.True(rows.WriteAhead(rows: 1, keep: 1));
        rows.Flush();
        Assert.Equal(["L1:b", "L2:a", "L3:a", "L4:a", "L1:c"], written);
        Assert.Equal(0, rows.Count);

        // Outside a transaction a row is written at once.
        rows.Save("L5", [("$lead", "L5"), ("$saved", "a")], inTransaction: false);
        Assert.Equal("L5:a", written[^1]);
    }

    [Fact]
    public void Committed_timers_keep_the_newest_of_each_lead_and_at_most_their_bound()
    {
        var kept = new CommittedTimers(leadsAtMost: 4);
        for (var i = 0; i < 10; i++)
        {
            kept.Committed($"L{i}", [new StoredTimer($"L{i}", "First touch", "FirstTouch", Monday, Monday.AddMinutes(i), StoredTimer.Pending, null, false)]);
            Assert.InRange(kept.Count, 1, 4);
        }

        Assert.True(kept.TryGet("L9", out var newest));
        Assert.Equal(Monday.AddMinutes(9), Assert.Single(newest).DueAt);
        Assert.False(kept.TryGet("L0", out _));

        // The halves turn: L8 is in the older one. Committed again, the newer half's copy is read, and
        // it stays the one read when the halves turn again and the older copy goes.
        kept.Committed("L10", []);
        kept.Committed("L8", [new StoredTimer("L8", "First touch", "FirstTouch", Monday, Monday.AddMinutes(8), StoredTimer.Met, Monday, false)]);
        Assert.True(kept.TryGet("L8", out var again));
        Assert.Equal(StoredTimer.Met, Assert.Single(again).State);
        kept.Committed("L11", []);
        Assert.True(kept.TryGet("L8", out again));
        Assert.Equal(StoredTimer.Met, Assert.Single(again).State);
        Assert.False(kept.TryGet("L9", out _));
    }

    private sealed record Replay(string Path, string[] Results, int Breaches, long Waits);

    private static async Task<Replay> ReplayAsync(string path, bool inline, List<LeadInput> leads)
    {
        using var store = new SqliteHandoffStore(path, synchronousFull: false) { InlineWrites = inline };
        await store.InitializeAsync(CancellationToken.None);
        var clock = new FakeTimeProvider(leads.Min(l => l.Event!.OccurredAt!.Value));
        using var driven = new DrivenSession(store, new AcmePlaybook().Build(), clock, replay: true);
        var session = driven.Session;
        var results = new List<string>();
        var breaches = 0;
        foreach (var batch in leads.Chunk(256))
        {
            session.Writer.Begin();
            foreach (var lead in batch)
            {
                var at = lead.Event!.OccurredAt!.Value;
                var taken = session.Apply(new LeadWork("leads.jsonl", lead.Id!, lead.Id!, lead, at));
                results.Add($"{lead.Id}: {taken.Status} {taken.Message}");
                foreach (var sla in new[] { "Demo first touch", "First touch" })
                {
                    var breach = session.Apply(new TimerWork(taken.LeadId ?? lead.Id!, sla));
                    breaches += breach.Status == WorkStatus.Done ? 1 : 0;
                    results.Add($"  {sla}: {breach.Status} {breach.Message}");
                }
            }

            var scan = session.Apply(new HoldScanWork(batch[^1].Event!.OccurredAt!.Value));
            results.Add($"scan: {scan.Status} {scan.Message}");
            session.SaveDistributionIfChanged();
            session.Commit();
        }

        return new Replay(path, [.. results], breaches, session.Writer is QueuedWriter queued ? queued.Waits : -1);
    }

    // Each read of the processor's, after the writes it would follow, inside one transaction, then
    // after its commit and after a rollback.
    private static async Task<string[]> ScriptAsync(string path, bool inline)
    {
        using var store = new SqliteHandoffStore(path, synchronousFull: false) { InlineWrites = inline };
        await store.InitializeAsync(CancellationToken.None);
        using var writer = store.OpenWriter();
        Assert.Equal(inline, writer is not QueuedWriter);
        var said = new List<string>();

        writer.Begin();
        said.Add($"input k1 before: {writer.InputOutcome("web", "k1") ?? "none"}");
        var intake = PreparedIntake.Of(Leads.DemoRequest("L1", Monday), Monday);
        writer.AppendIntake("L1", "lead.routed", Monday, Decision, intake.Input);
        writer.RecordInput("web", "k1", "lead", "routed", "L1", Monday);
        // Saved as the processor saves the lead its reader normalised: as its input.
        writer.SaveLead(Lead("L1", "olivia.bennett") with { Lead = NormalisedLead.AsItsInput });
        var (outcome, kept) = writer.InputOutcomeAndLead("web", "k1", "L1");
        said.Add($"input k1 in its transaction: {outcome}, lead kept: {kept}");
        said.Add($"lead L1 under another input: {writer.InputOutcomeAndLead("web", "k2", "L1")}");

        said.Add($"keys before: {Keys(writer)}");
        writer.SaveDuplicateKeys(["email:l1@example.com", "name:robin quill@example.com"], "L1", "Enterprise", "olivia.bennett", Monday);
        writer.SaveDuplicateKey("email:l9@example.com", "L9", null, null, Monday.AddMinutes(1));
        said.Add($"keys after: {Keys(writer)}");

        // Two SLAs due at the same minute: read in the order of their names.
        writer.StartTimerOfNewLead(new StoredTimer("L1", "First touch", "FirstTouch", Monday, Monday.AddMinutes(15), StoredTimer.Pending, null, false));
        writer.StartTimerOfNewLead(new StoredTimer("L1", "Acceptance", "Acceptance", Monday, Monday.AddMinutes(15), StoredTimer.Pending, null, false));
        said.Add($"timers started: {Timers(writer, "L1")}");
        said.Add($"a pending timer started again: {writer.StartTimer(new StoredTimer("L1", "First touch", "FirstTouch", Monday, Monday.AddHours(1), StoredTimer.Pending, null, false))}");
        writer.SettleTimer("L1", "First touch", StoredTimer.Met, Monday.AddMinutes(5), late: false);
        said.Add($"timers after the settle: {Timers(writer, "L1")}");

        // The lead read back and saved again in the same transaction (a breach in the batch that took it in).
        var found = writer.FindLead("L1")!;
        said.Add($"lead found: {Describe(found)}");
        writer.SaveLead(found with { Member = "ana", UpdatedAt = Monday.AddMinutes(20) });
        said.Add($"lead found again: {Describe(writer.FindLead("L1")!)}");
        said.Add($"its normalised lead: {Normalised(writer, "L1")}");
        said.Add($"the normalised lead of a lead never kept: {Normalised(writer, "L0")}");
        writer.SaveDistribution(new DistributionSnapshot([], []));
        writer.Commit();

        writer.Begin();
        said.Add($"input k1 committed: {writer.InputOutcome("web", "k1")}");
        var committed = writer.FindLead("L1")!;
        said.Add($"lead committed: {Describe(committed)}");

        // Read back as stored (its lead '' for the input it is rebuilt from) and saved again, as an SDR action does.
        writer.SaveLead(committed with { Status = "Working" });
        said.Add($"its normalised lead, saved again as read: {Normalised(writer, "L1")}");
        said.Add($"a met timer started again: {writer.StartTimer(new StoredTimer("L1", "First touch", "FirstTouch", Monday.AddHours(1), Monday.AddHours(2), StoredTimer.Pending, null, false))}");
        writer.SettleTimer("L1", "Acceptance", StoredTimer.Breached, Monday.AddMinutes(15), late: true);
        said.Add($"timers changed on a committed lead: {Timers(writer, "L1")}");
        writer.Rollback();

        writer.Begin();
        said.Add($"timers after the rollback: {Timers(writer, "L1")}");
        said.Add($"keys after the rollback: {Keys(writer)}");
        writer.Commit();
        return [.. said];
    }

    private static string Normalised(IHandoffWriter writer, string leadId) =>
        writer.NormalisedLead(leadId) is { } lead ? NormalisedLead.Json(lead) : "none";

    private static string Keys(IHandoffWriter writer) => string.Join("; ",
        writer.FindDuplicateKeys(["email:l1@example.com", "name:robin quill@example.com", "email:l9@example.com"])
            .Select(k => k is { } key ? $"{key.LeadId} {key.Queue} {key.Member} {key.At:O}" : "none"));

    private static string Timers(IHandoffWriter writer, string leadId) => Describe(writer.Timers(leadId));

    private static string Describe(IReadOnlyList<StoredTimer> timers) => string.Join("; ",
        timers.Select(t => $"{t.Sla} {t.State}{(t.SettledAt is { } at ? $" {at:HH:mm}" : "")}{(t.Late ? " late" : "")} {t.DueAt:HH:mm}"));

    // What the processor uses of a lead it finds (its trace and normalised lead it only saves back).
    private static string Describe(StoredLead lead) =>
        $"{lead.LeadId} {lead.Outcome} {lead.Status} {lead.Queue} {lead.Member} {lead.Source} {lead.Segment} {lead.Territory} {lead.ArrivedAt:O} {lead.UpdatedAt:O} {lead.NurtureTrack} {lead.Decision}";

    private const string Decision = """{"lead_id":"L1","outcome":"routed"}""";

    private static StoredLead Lead(string leadId, string? member) => new()
    {
        LeadId = leadId,
        Outcome = "routed",
        Status = "New",
        Queue = "Enterprise",
        Member = member,
        Source = "DemoRequest",
        Segment = "Enterprise",
        Territory = "North America",
        ArrivedAt = Monday.ToOffset(TimeSpan.FromHours(2)),
        Lead = $$"""{"id":"{{leadId}}","email":"{{leadId.ToLowerInvariant()}}@example.com"}""",
        Decision = Decision,
        Trace = """[{"stage":"Qualify","subject":"Demo request","result":"Matched","detail":"a step only this lead meets"}]""",
        UpdatedAt = Monday,
    };

    // Each lead's row, in the order the rows were added: its owner and when it was last updated.
    private static async Task<string> LeadRowsAsync(string path)
    {
        await using var connection = await ReadOnlyAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT lead_id, member, updated_at FROM leads ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)} {(reader.IsDBNull(1) ? "-" : reader.GetString(1))} {new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero):HH:mm}");
        }

        return string.Join("; ", rows);
    }

    private static async Task<SqliteConnection> ReadOnlyAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> CountAsync(string path, string table)
    {
        await using var connection = await ReadOnlyAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string> DumpAsync(string path, string table)
    {
        await using var connection = await ReadOnlyAsync(path);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                rows.Append(reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) is byte[] bytes ? Convert.ToHexString(bytes) : reader.GetValue(i).ToString()).Append('|');
            }

            rows.Append('\n');
        }

        return $"{table}:\n{rows}";
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
