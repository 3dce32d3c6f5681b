using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Pipeline;
using HandoffRules.Host.Store;
using HandoffRules.Model;
using HandoffRules.Routing;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// What every store does, whatever the database: one set of tests, run once per store
/// (<see cref="SqliteStoreTests"/>, <see cref="PostgresStoreTests"/>) on a real database of each.
/// </summary>
public abstract partial class HandoffStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    protected IHandoffStore Store { get; private set; } = null!;

    /// <summary>A new store on a new, empty database (not initialised).</summary>
    protected abstract Task<IHandoffStore> CreateStoreAsync();

    /// <summary>A store on the same database as <see cref="Store"/>, as a restarted host would open it (with its playbook's version, if given).</summary>
    protected abstract IHandoffStore Reopen(PlaybookVersion? playbook = null);

    /// <summary>Runs SQL on the database behind the store's back.</summary>
    protected abstract Task ExecuteAsync(string sql);

    /// <summary>Reads one value from the database behind the store's back.</summary>
    protected abstract Task<object?> ScalarAsync(string sql);

    /// <summary>The store's name among the schema migrations ("Sqlite", "Postgres").</summary>
    protected abstract string Schema { get; }

    /// <summary>Skips when the database cannot be had here (never under CI).</summary>
    protected virtual void SkipIfUnavailable()
    {
    }

    public virtual async Task InitializeAsync()
    {
        SkipIfUnavailableQuietly();
        if (Skipped)
        {
            return;
        }

        Store = await CreateStoreAsync();
        await Store.InitializeAsync(CancellationToken.None);
    }

    public virtual Task DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    private bool Skipped { get; set; }

    private void SkipIfUnavailableQuietly()
    {
        try
        {
            SkipIfUnavailable();
        }
        catch (SkipException)
        {
            Skipped = true;
        }
    }

    [SkippableFact]
    public async Task A_decision_commits_with_its_events_timers_alerts_and_distribution_state()
    {
        SkipIfUnavailable();
        var snapshot = new DistributionSnapshot([new QueueCursor("inbound-na", 2, [])], [new MemberLoad("olivia.bennett", new DateOnly(2026, 11, 30), 3)]);
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Decide(writer, "L1");
            writer.SaveDistribution(snapshot);
            writer.Commit();
        }

        var lead = await Store.GetLeadAsync("L1", CancellationToken.None);
        Assert.NotNull(lead);
        Assert.Equal(("routed", "inbound-na", "olivia.bennett", Monday), (lead.Outcome, lead.Queue, lead.Member, lead.ArrivedAt));
        Assert.Equal("""{"rule":"na","note":"Zoë → Ærø"}""", lead.Decision);
        var events = await Store.GetEventsAsync("L1", null, null, CancellationToken.None);
        Assert.Equal(["lead.routed", "lead.assigned"], events.Select(e => e.Type));
        Assert.Equal("Zoë", events[0].Data["first"]!.GetValue<string>());
        Assert.True(events[0].Seq < events[1].Seq);
        Assert.Equal([("first-touch", StoredTimer.Pending, Monday.AddMinutes(15))], (await Store.GetTimersAsync("L1", CancellationToken.None)).Select(t => (t.Sla, t.State, t.DueAt)));
        Assert.Equal(new StoreCounts(1, 0, 0, 0, 0, 0, 0, 1), await Store.CountAsync(CancellationToken.None));
        Assert.True(await Store.WasProcessedAsync("file", "lead:L1", CancellationToken.None));

        using var reader = Reopen().OpenWriter();
        Assert.Equal(Serialize(snapshot), Serialize(reader.LoadDistribution()!));
    }

    [SkippableFact]
    public async Task Every_event_carries_the_version_of_the_playbook_that_wrote_it_and_each_version_that_ran_is_kept_once()
    {
        SkipIfUnavailable();
        PlaybookVersion[] versions = [new("1.4.0", "0123456789abcdef"), new("1.5.0-beta.1", "fedcba9876543210")];
        foreach (var version in versions)
        {
            var store = Reopen(version);
            try
            {
                await store.RecordPlaybookAsync(version, Monday, CancellationToken.None);
                await store.RecordPlaybookAsync(version, Monday.AddHours(1), CancellationToken.None);
                using var writer = store.OpenWriter();
                writer.Begin();
                writer.Append("L-" + version.Version, "lead.routed", Monday, new EventMembers());
                writer.Commit();
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        }

        using (var writer = Store.OpenWriter())
        {
            // A store opened without a playbook (a tool) stamps nothing.
            writer.Begin();
            writer.Append("L-tool", "lead.routed", Monday, new EventMembers());
            writer.Commit();
        }

        var events = await Store.GetEventsAsync(null, null, null, CancellationToken.None);
        Assert.Equal([versions[0], versions[1], null], events.Select(e => e.Playbook));
        Assert.Equal(versions, await Store.GetPlaybooksAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Texts_short_long_and_empty_are_kept_as_written()
    {
        SkipIfUnavailable();

        // Short and long texts, past what a writer keeps a buffer for, in characters that take one to four bytes each.
        string[] texts = ["", "Zoë → Ærø 🚀", new string('x', 5_000) + "é", string.Concat(Enumerable.Repeat("Ærø 🚀 ", 12_000))];
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            for (var i = 0; i < texts.Length; i++)
            {
                writer.Append($"T{i}", "lead.property_changed", Monday, new EventMembers { ["property"] = "note", ["value"] = texts[i] });
            }

            writer.Commit();
        }

        for (var i = 0; i < texts.Length; i++)
        {
            var kept = Assert.Single(await Store.GetEventsAsync($"T{i}", null, null, CancellationToken.None));
            Assert.Equal(texts[i], kept.Data["value"]!.GetValue<string>());
        }
    }

    [SkippableFact]
    public void The_last_change_of_a_property_of_a_lead_is_found_inside_the_open_transaction()
    {
        SkipIfUnavailable();
        using var writer = Store.OpenWriter();
        writer.Begin();
        writer.Append("L1", "lead.property_changed", Monday, new EventMembers { ["property"] = "handoff_reject_reason", ["value"] = "NO_NEED", ["reason"] = "NO_NEED" });
        writer.Append("L1", "lead.property_changed", Monday, new EventMembers { ["property"] = "hs_lead_status", ["value"] = "UNQUALIFIED" });
        writer.Append("L1", "lead.property_changed", Monday.AddMinutes(1), new EventMembers { ["property"] = "handoff_reject_reason", ["value"] = "NO_BUDGET", ["reason"] = "NO_BUDGET" });
        writer.Append("L2", "lead.property_changed", Monday.AddMinutes(2), new EventMembers { ["property"] = "handoff_reject_reason", ["value"] = "PERSONAL_USE" });

        Assert.Equal("NO_BUDGET", writer.LastPropertyChange("L1", "handoff_reject_reason")?["reason"]?.GetValue<string>());
        Assert.Equal("UNQUALIFIED", writer.LastPropertyChange("L1", "hs_lead_status")?["value"]?.GetValue<string>());
        Assert.Null(writer.LastPropertyChange("L1", "hubspot_owner_id"));
        Assert.Null(writer.LastPropertyChange("L3", "hs_lead_status"));
        writer.Rollback();
    }

    [SkippableFact]
    public async Task A_rolled_back_transaction_leaves_nothing_behind()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Decide(writer, "L1");
            writer.CountRedelivery();
            writer.Rollback();
        }

        Assert.Null(await Store.GetLeadAsync("L1", CancellationToken.None));
        Assert.Empty(await Store.GetEventsAsync(null, null, null, CancellationToken.None));
        Assert.Equal(new StoreCounts(0, 0, 0, 0, 0, 0, 0, 0), await Store.CountAsync(CancellationToken.None));
        Assert.False(await Store.WasProcessedAsync("file", "lead:L1", CancellationToken.None));
    }

    [SkippableFact]
    public async Task An_input_is_known_by_its_key_and_every_kind_of_input_is_counted()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Assert.Null(writer.InputOutcome("webhook", "event:1"));
            writer.RecordInput("webhook", "event:1", "event", "applied", "L1", Monday);
            writer.RecordInput("file", "lead:2", "lead", "disqualified", "L2", Monday);
            writer.RecordInput("file", "lead:3", "lead", "duplicate", "L3", Monday);

            // The transaction knows the inputs it recorded.
            Assert.Equal("disqualified", writer.InputOutcome("file", "lead:2"));
            Assert.Equal(("duplicate", false), writer.InputOutcomeAndLead("file", "lead:3", "L3"));
            writer.DeadLetter("file", "line 4", "{not json", "line 4: not JSON", Monday);
            writer.CountRedelivery();
            writer.CountRedelivery();
            writer.CountRotation();
            writer.CountBlankLine();
            writer.Commit();
            writer.Begin();
            Assert.Equal("applied", writer.InputOutcome("webhook", "event:1"));
            Assert.Null(writer.InputOutcome("file", "event:1"));
            writer.Commit();
        }

        await Store.RecordRejectedRequestAsync("/webhooks/hubspot", "bad signature", "127.0.0.1", [1, 2, 3], Monday, CancellationToken.None);

        Assert.Equal(new StoreCounts(0, 1, 1, 1, 1, 2, 1, 0, Rotations: 1, BlankLines: 1), await Store.CountAsync(CancellationToken.None));
        var dead = Assert.Single(await Store.GetDeadLettersAsync(CancellationToken.None));
        Assert.Equal(("file", "line 4", "{not json", "line 4: not JSON", Monday), (dead.Source, dead.Position, dead.Raw, dead.Reason, dead.At));
    }

    [SkippableFact]
    public async Task A_new_leads_timers_start_with_the_transactions_other_writes_and_read_back_running()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.StartTimerOfNewLead(new StoredTimer("N1", "first-touch", "FirstTouch", Monday, Monday.AddHours(1), StoredTimer.Pending, null, false));
            writer.StartTimerOfNewLead(new StoredTimer("N1", "acceptance", "Acceptance", Monday, Monday.AddHours(4), StoredTimer.Pending, null, false));
            writer.Commit();

            // Not kept when the transaction is not.
            writer.Begin();
            writer.StartTimerOfNewLead(new StoredTimer("N2", "first-touch", "FirstTouch", Monday, Monday.AddHours(1), StoredTimer.Pending, null, false));
            writer.Rollback();
        }

        Assert.Equal(
            [("first-touch", "FirstTouch", Monday.AddHours(1), StoredTimer.Pending), ("acceptance", "Acceptance", Monday.AddHours(4), StoredTimer.Pending)],
            (await Store.GetTimersAsync("N1", CancellationToken.None)).Select(t => (t.Sla, t.Kind, t.DueAt, t.State)));
        Assert.Empty(await Store.GetTimersAsync("N2", CancellationToken.None));
        Assert.Equal(["N1"], (await Store.GetDueTimersAsync(Monday.AddHours(1), 10, CancellationToken.None)).Select(t => t.LeadId));
    }

    [SkippableFact]
    public async Task A_running_timer_keeps_its_deadline_and_an_ended_one_starts_again()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Decide(writer, "L1");
            Assert.False(writer.StartTimer(new StoredTimer("L1", "first-touch", "touch", Monday, Monday.AddHours(1), StoredTimer.Pending, null, false)));
            writer.SettleTimer("L1", "first-touch", StoredTimer.Met, Monday.AddMinutes(5), late: false);
            writer.SettleTimer("L1", "first-touch", StoredTimer.Breached, Monday.AddMinutes(20), late: true);
            writer.Commit();
        }

        var met = Assert.Single(await Store.GetTimersAsync("L1", CancellationToken.None));
        Assert.Equal((StoredTimer.Met, Monday.AddMinutes(5), false), (met.State, met.SettledAt, met.Late));
        Assert.Empty(await Store.GetDueTimersAsync(Monday.AddDays(1), 10, CancellationToken.None));

        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Assert.True(writer.StartTimer(new StoredTimer("L1", "first-touch", "touch", Monday.AddHours(1), Monday.AddHours(2), StoredTimer.Pending, null, false)));
            writer.Commit();
        }

        var due = Assert.Single(await Store.GetDueTimersAsync(Monday.AddHours(2), 10, CancellationToken.None));
        Assert.Equal(("L1", "first-touch", Monday.AddHours(2), (DateTimeOffset?)null), (due.LeadId, due.Sla, due.DueAt, due.SettledAt));
        Assert.Empty(await Store.GetDueTimersAsync(Monday.AddHours(2).AddTicks(-10), 10, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Due_timers_come_earliest_first()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            foreach (var (lead, minutes) in new[] { ("A", 30), ("B", 10), ("C", 20), ("D", 90) })
            {
                writer.StartTimer(new StoredTimer(lead, "first-touch", "touch", Monday, Monday.AddMinutes(minutes), StoredTimer.Pending, null, false));
            }

            writer.Commit();
        }

        Assert.Equal(["B", "C", "A"], (await Store.GetDueTimersAsync(Monday.AddMinutes(60), 10, CancellationToken.None)).Select(t => t.LeadId));
        Assert.Equal(["B", "C"], (await Store.GetDueTimersAsync(Monday.AddMinutes(60), 2, CancellationToken.None)).Select(t => t.LeadId));
    }

    [SkippableFact]
    public async Task Timers_started_settled_and_started_again_in_one_transaction_read_back_in_it_and_are_kept_as_it_left_them()
    {
        SkipIfUnavailable();
        var firstTouch = (string lead, DateTimeOffset start, DateTimeOffset due) => new StoredTimer(lead, "first-touch", "FirstTouch", start, due, StoredTimer.Pending, null, false);
        using (var writer = Store.OpenWriter())
        {
            // Stored before: S1's timer ended (met), S2's still running.
            writer.Begin();
            writer.StartTimerOfNewLead(firstTouch("S1", Monday, Monday.AddHours(1)));
            writer.StartTimerOfNewLead(firstTouch("S2", Monday, Monday.AddHours(1)));
            writer.Commit();
            writer.Begin();
            writer.SettleTimer("S1", "first-touch", StoredTimer.Met, Monday.AddMinutes(10), late: false);
            writer.Commit();

            // Twenty new leads' timers, one settled as breached, one settled and started again.
            writer.Begin();
            for (var i = 0; i < 20; i++)
            {
                writer.StartTimerOfNewLead(firstTouch($"N{i}", Monday, Monday.AddHours(2)));
            }

            Assert.False(writer.StartTimer(firstTouch("N1", Monday.AddMinutes(30), Monday.AddHours(3))));
            writer.SettleTimer("N3", "first-touch", StoredTimer.Breached, Monday.AddHours(2), late: true);
            writer.SettleTimer("N3", "first-touch", StoredTimer.Met, Monday.AddHours(3), late: false);
            writer.SettleTimer("N5", "first-touch", StoredTimer.Met, Monday.AddMinutes(5), late: false);
            Assert.True(writer.StartTimer(firstTouch("N5", Monday.AddHours(1), Monday.AddHours(4))));
            Assert.True(writer.StartTimer(firstTouch("S1", Monday.AddHours(1), Monday.AddHours(2))));
            Assert.False(writer.StartTimer(firstTouch("S2", Monday.AddHours(1), Monday.AddHours(2))));

            // The transaction reads what it started and settled.
            var breached = Assert.Single(writer.Timers("N3"));
            Assert.Equal((StoredTimer.Breached, Monday.AddHours(2), true), (breached.State, breached.SettledAt, breached.Late));
            var startedAgain = Assert.Single(writer.Timers("N5"));
            Assert.Equal((StoredTimer.Pending, Monday.AddHours(4)), (startedAgain.State, startedAgain.DueAt));
            writer.Commit();

            // A rolled back transaction's timers, started or settled, are not kept.
            writer.Begin();
            writer.StartTimerOfNewLead(firstTouch("X1", Monday, Monday.AddHours(1)));
            writer.SettleTimer("N7", "first-touch", StoredTimer.Met, Monday.AddMinutes(1), late: false);
            writer.Rollback();
        }

        async Task<(string State, DateTimeOffset Due, DateTimeOffset? Settled, bool Late)> TimerOf(string lead)
        {
            var timer = Assert.Single(await Store.GetTimersAsync(lead, CancellationToken.None));
            return (timer.State, timer.DueAt, timer.SettledAt, timer.Late);
        }

        Assert.Equal((StoredTimer.Breached, Monday.AddHours(2), (DateTimeOffset?)Monday.AddHours(2), true), await TimerOf("N3"));
        Assert.Equal((StoredTimer.Pending, Monday.AddHours(4), (DateTimeOffset?)null, false), await TimerOf("N5"));
        Assert.Equal((StoredTimer.Pending, Monday.AddHours(2), (DateTimeOffset?)null, false), await TimerOf("N1"));
        Assert.Equal((StoredTimer.Pending, Monday.AddHours(2), (DateTimeOffset?)null, false), await TimerOf("N7"));
        Assert.Equal((StoredTimer.Pending, Monday.AddHours(2), (DateTimeOffset?)null, false), await TimerOf("S1"));
        Assert.Equal((StoredTimer.Pending, Monday.AddHours(1), (DateTimeOffset?)null, false), await TimerOf("S2"));
        Assert.Empty(await Store.GetTimersAsync("X1", CancellationToken.None));
        Assert.Equal(
            Enumerable.Range(0, 20).Where(i => i is not 3 and not 5).Select(i => $"N{i}").Append("S1").Append("S2").Order(StringComparer.Ordinal),
            (await Store.GetDueTimersAsync(Monday.AddHours(2), 100, CancellationToken.None)).Select(t => t.LeadId).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task The_outbox_hands_out_due_alerts_oldest_first_at_most_ten_a_target_until_delivered()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            for (var i = 0; i < 12; i++)
            {
                writer.Enqueue("slack", "#busy", $"busy {i}", null, Monday);
            }

            writer.Enqueue("email", "lead-desk@example.com", "quiet", "L9", Monday);
            writer.Enqueue("slack", "#later", "later", null, Monday.AddHours(1));
            writer.Commit();
        }

        var due = await Store.GetDueOutboxAsync(Monday, 100, CancellationToken.None);
        Assert.Equal(11, due.Count);
        Assert.Equal(10, due.Count(i => i.Target == "#busy"));
        Assert.Equal(due.Select(i => i.Id).Order(), due.Select(i => i.Id));
        var quiet = Assert.Single(due, i => i.Channel == "email");
        Assert.Equal(("quiet", "L9", 0), (quiet.Body, quiet.LeadId, quiet.Attempts));

        await Store.MarkDeliveredAsync(due[0].Id, Monday, CancellationToken.None);
        await Store.MarkAttemptFailedAsync(quiet.Id, Monday.AddMinutes(5), "connection refused", CancellationToken.None);

        var next = await Store.GetDueOutboxAsync(Monday.AddMinutes(1), 100, CancellationToken.None);
        Assert.DoesNotContain(next, i => i.Id == due[0].Id || i.Id == quiet.Id);
        Assert.Equal(10, next.Count(i => i.Target == "#busy"));
        var retried = Assert.Single(await Store.GetDueOutboxAsync(Monday.AddMinutes(5), 100, CancellationToken.None), i => i.Id == quiet.Id);
        Assert.Equal(1, retried.Attempts);
        Assert.Equal(13, (await Store.CountAsync(CancellationToken.None)).OutboxPending);
    }

    [SkippableFact]
    public async Task Alerts_queued_in_a_transaction_go_in_in_their_order_are_read_back_in_it_and_go_with_its_rollback()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            // More than one statement's worth (a writer may insert them together), the last a write-back.
            writer.Begin();
            for (var i = 0; i < 20; i++)
            {
                writer.Enqueue("slack", $"#t{i}", $"alert {i}", $"L{i}", Monday.AddMinutes(i));
            }

            writer.Enqueue("hubspot", "C1", """{"hr_queue":"Inbound NA"}""", "L20", Monday.AddMinutes(20));

            // The transaction reads what it queued: the write-back's echo is recognised before the commit.
            Assert.Equal("Inbound NA", writer.LastHubSpotWrite("C1", "hr_queue"));
            writer.Enqueue("slack", "#t21", "alert 21", null, Monday.AddMinutes(21));
            writer.Commit();

            writer.Begin();
            writer.Enqueue("slack", "#gone", "rolled back", "L22", Monday);
            writer.Rollback();

            writer.Begin();
            writer.Enqueue("slack", "#after", "after the rollback", "L23", Monday);
            writer.Commit();

            writer.Enqueue("slack", "#now", "outside a transaction", null, Monday);
        }

        var due = await Store.GetDueOutboxAsync(Monday.AddHours(1), 100, CancellationToken.None);
        Assert.Equal(
            [.. Enumerable.Range(0, 20).Select(i => ($"#t{i}", $"alert {i}", (string?)$"L{i}")), ("C1", """{"hr_queue":"Inbound NA"}""", "L20"), ("#t21", "alert 21", null), ("#after", "after the rollback", "L23"), ("#now", "outside a transaction", null)],
            due.OrderBy(i => i.Id).Select(i => (i.Target, i.Body, i.LeadId)));
        Assert.Equal(24, (await Store.CountAsync(CancellationToken.None)).OutboxPending);
    }

    [SkippableFact]
    public async Task The_last_HubSpot_write_of_a_field_is_the_newest_write_back_to_that_contact_which_sets_it_nested_fields_included()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            // A contact's status set, then only its owner, among alerts and another contact's write-backs.
            writer.Begin();
            writer.Enqueue("hubspot", "C1", """{"properties":{"hs_lead_status":"IN_PROGRESS"},"owner":"sam.patel"}""", "L1", Monday);
            for (var i = 0; i < 40; i++)
            {
                writer.Enqueue("slack", "#sdr-leads", $"alert {i}", $"L{i}", Monday.AddMinutes(i));
                writer.Enqueue("hubspot", $"C{i + 2}", """{"properties":{"hs_lead_status":"UNQUALIFIED"},"owner":"ana.ruiz"}""", $"L{i + 2}", Monday.AddMinutes(i));
            }

            writer.Enqueue("hubspot", "C1", """{"owner":"ana.ruiz"}""", "L1", Monday.AddHours(1));
            writer.Commit();
        }

        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Assert.Equal("IN_PROGRESS", writer.LastHubSpotWrite("C1", "properties.hs_lead_status"));
            Assert.Equal("ana.ruiz", writer.LastHubSpotWrite("C1", "owner"));
            Assert.Null(writer.LastHubSpotWrite("C1", "properties.hr_reason"));
            Assert.Equal("UNQUALIFIED", writer.LastHubSpotWrite("C41", "properties.hs_lead_status"));

            // A contact the host never wrote to, and an alert's target, have no write of theirs.
            Assert.Null(writer.LastHubSpotWrite("C999", "owner"));
            Assert.Null(writer.LastHubSpotWrite("#sdr-leads", "owner"));
            writer.Rollback();
        }
    }

    [SkippableFact]
    public async Task With_a_long_backlog_the_outbox_hands_out_each_targets_first_ten_due_alerts_in_id_order_up_to_the_limit()
    {
        SkipIfUnavailable();
        var cancel = CancellationToken.None;

        // 600 alerts over 30 addresses on two channels (a target is both), one of them with a long
        // backlog; then some delivered, some failed and waiting for a later attempt, and some queued
        // for later than the look below.
        var random = new Random(7);
        var alerts = new List<(string Channel, string Target, DateTimeOffset Next, bool Delivered)>();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            for (var i = 0; i < 600; i++)
            {
                var (channel, target) = random.Next(3) == 0 ? ("slack", "#busy") : (random.Next(4) == 0 ? "email" : "slack", $"#team-{random.Next(30)}");
                var at = Monday.AddMinutes(random.Next(-60, 20));
                writer.Enqueue(channel, target, $"alert {i}", null, at);
                alerts.Add((channel, target, at, false));
            }

            writer.Commit();
        }

        var first = Convert.ToInt64(await ScalarAsync("SELECT MIN(id) FROM outbox"), CultureInfo.InvariantCulture);
        for (var i = 0; i < alerts.Count; i++)
        {
            switch (random.Next(5))
            {
                case 0:
                    await Store.MarkDeliveredAsync(first + i, Monday, cancel);
                    alerts[i] = alerts[i] with { Delivered = true };
                    break;
                case 1:
                    var next = Monday.AddMinutes(random.Next(-10, 10));
                    await Store.MarkAttemptFailedAsync(first + i, next, "connection refused", cancel);
                    alerts[i] = alerts[i] with { Next = next };
                    break;
            }
        }

        // The rule, stated once over every alert: the undelivered ones due by now, in id order; of
        // each target its first ten; of those the first as many as asked for.
        IEnumerable<long> Expected(int limit) => alerts
            .Select((alert, i) => (Id: first + i, alert.Channel, alert.Target, alert.Next, alert.Delivered))
            .Where(a => !a.Delivered && a.Next <= Monday)
            .GroupBy(a => (a.Channel, a.Target)).SelectMany(target => target.Take(10))
            .Select(a => a.Id).Order().Take(limit);

        Assert.True(alerts.Count(a => a.Target == "#busy" && !a.Delivered && a.Next <= Monday) > 100, "the backlog is long");
        foreach (var limit in new[] { 1, 25, 100, 1000 })
        {
            Assert.Equal(Expected(limit), (await Store.GetDueOutboxAsync(Monday, limit, cancel)).Select(i => i.Id));
        }

        Assert.Equal(alerts.Count(a => !a.Delivered), await Store.CountOutboxPendingAsync(cancel));
        Assert.Equal(alerts.Count(a => !a.Delivered), (await Store.CountAsync(cancel)).OutboxPending);
    }

    [SkippableFact]
    public async Task Cursors_duplicate_keys_and_holds_read_back_as_written()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Assert.Null(writer.LoadCursor("leads.jsonl"));
            writer.SaveCursor(new InputCursor("leads.jsonl", 5_000_000_000, 42, "2049:77", 1));
            writer.SaveDuplicateKey("email:ana@example.com", "L1", "inbound-na", null, Monday);
            writer.SaveDuplicateKey("email:ana@example.com", "L1", "inbound-na", "olivia.bennett", Monday.AddMinutes(1));
            writer.SaveHold(new StoredHold("L1", "inbound-na", Monday, Monday.AddHours(4), StoredHold.Held, "liam.ortiz", null));
            writer.SaveHold(new StoredHold("L2", "inbound-na", Monday.AddMinutes(-5), Monday.AddHours(4), StoredHold.Expired, null, null));
            writer.SaveHold(new StoredHold("L3", "inbound-na", Monday.AddMinutes(-9), Monday.AddHours(4), StoredHold.Offered, null, Monday));
            writer.SaveHold(new StoredHold("L4", "inbound-emea", Monday.AddMinutes(2), Monday.AddHours(1), StoredHold.Held, null, null));
            writer.Commit();

            writer.Begin();
            Assert.Equal(new InputCursor("leads.jsonl", 5_000_000_000, 42, "2049:77", 1), writer.LoadCursor("leads.jsonl"));
            Assert.Equal(("L1", "inbound-na", "olivia.bennett", Monday.AddMinutes(1)), writer.FindDuplicateKey("email:ana@example.com"));
            Assert.Null(writer.FindDuplicateKey("email:bo@example.com"));
            var l1 = new StoredHold("L1", "inbound-na", Monday, Monday.AddHours(4), StoredHold.Held, "liam.ortiz", null);
            var l2 = new StoredHold("L2", "inbound-na", Monday.AddMinutes(-5), Monday.AddHours(4), StoredHold.Expired, null, null);
            var l4 = new StoredHold("L4", "inbound-emea", Monday.AddMinutes(2), Monday.AddHours(1), StoredHold.Held, null, null);
            Assert.Equal([l2, l1], writer.OpenHolds("inbound-na", null, 10));
            Assert.Equal([l2], writer.OpenHolds("inbound-na", null, 1));
            Assert.Equal([l1], writer.OpenHolds("inbound-na", l2, 10));
            Assert.Empty(writer.OpenHolds("inbound-na", l1, 10));

            // Holds started at the same moment come in lead id order, page after page.
            var l0 = l1 with { LeadId = "L0" };
            Assert.Equal([l1], writer.OpenHolds("inbound-na", l0, 10));
            Assert.Equal([l2, l1], writer.OpenHolds("inbound-na", l1 with { HeldAt = Monday.AddMinutes(-6) }, 10));
            Assert.Equal([l4], writer.OpenHolds("inbound-emea", null, 10));

            // Past the maximum hold: only holds still held (an expired one was escalated once), earliest first.
            Assert.Empty(writer.HoldsRunningOut(Monday.AddMinutes(59), 10));
            Assert.Equal([l4], writer.HoldsRunningOut(Monday.AddHours(1), 10));
            Assert.Equal([l4, l1], writer.HoldsRunningOut(Monday.AddHours(4), 10));

            // A hold follows its lead to another queue and ends when another path gives it an owner; an ended hold stays as it ended.
            writer.MoveHold("L4", "inbound-na");
            writer.ReleaseHold("L2", Monday.AddHours(2));
            writer.ReleaseHold("L3", Monday.AddHours(2));
            writer.MoveHold("L3", "inbound-emea");
            writer.ReleaseHold("NO-HOLD", Monday.AddHours(2));
            Assert.Equal([l1, l4 with { Queue = "inbound-na" }], writer.OpenHolds("inbound-na", null, 10));
            Assert.Empty(writer.OpenHolds("inbound-emea", null, 10));
            Assert.Equal([l4 with { Queue = "inbound-na" }, l1], writer.HoldsRunningOut(Monday.AddHours(4), 10));
            writer.Commit();
        }

        Assert.Equal(new InputCursor("leads.jsonl", 5_000_000_000, 42, "2049:77", 1), await Store.GetCursorAsync("leads.jsonl", CancellationToken.None));
        Assert.True(await Store.HasHeldLeadsAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_lead_left_without_an_owner_is_found_with_the_owner_it_was_taken_from()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Decide(writer, "L1");
            var lead = writer.FindLead("L1")!;
            writer.Append("L1", "lead.reassigned", Monday.AddHours(1), new EventMembers { ["from_member"] = "olivia.bennett", ["member"] = null });
            writer.SaveLead(lead with { Member = null, UpdatedAt = Monday.AddHours(1) });
            Decide(writer, "L2");
            writer.Commit();
        }

        Assert.True(await Store.HasHeldLeadsAsync(CancellationToken.None));
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            var (lead, previous) = Assert.Single(writer.UnheldLeads(10));
            Assert.Equal(("L1", "olivia.bennett"), (lead.LeadId, previous));
            writer.Commit();
        }

        var load = await Store.GetOpenLoadAsync(CancellationToken.None);
        Assert.Equal([("inbound-na", null, "new", 1), ("inbound-na", "olivia.bennett", "new", 1)], load);
    }

    [SkippableFact]
    public async Task Events_are_read_by_lead_and_by_window_in_log_order()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.Append("L1", "lead.routed", Monday.AddHours(2), new EventMembers());
            writer.Append("L2", "lead.routed", Monday, new EventMembers());
            writer.Append("L1", "lead.accepted", Monday.AddHours(3), new EventMembers { ["reason"] = null });
            writer.Commit();
        }

        Assert.Equal(["lead.routed", "lead.accepted"], (await Store.GetEventsAsync("L1", null, null, CancellationToken.None)).Select(e => e.Type));
        Assert.Equal(["L1", "L2"], (await Store.GetEventsAsync(null, Monday, Monday.AddHours(3), CancellationToken.None)).Select(e => e.LeadId));
        Assert.Equal(["L1"], (await Store.GetEventsAsync(null, Monday.AddHours(1), Monday.AddHours(3), CancellationToken.None)).Select(e => e.LeadId));
    }

    [SkippableFact]
    public void Events_without_a_lead_are_read_by_type_after_a_position_with_the_open_transactions_own()
    {
        SkipIfUnavailable();
        using var writer = Store.OpenWriter();
        writer.Begin();
        writer.Append("", "member.availability_set", Monday, new EventMembers { ["member"] = "a" });
        writer.Append("", "input.rotated", Monday, new EventMembers());
        writer.Append("L1", "member.availability_set", Monday, new EventMembers { ["member"] = "not under no lead" });
        writer.Commit();
        writer.Begin();
        writer.Append("", "member.availability_set", Monday.AddMinutes(1), new EventMembers { ["member"] = "b" });

        var all = writer.EventsWithoutLead("member.availability_set", 0);
        var after = writer.EventsWithoutLead("member.availability_set", all[0].Seq);
        writer.Rollback();

        Assert.Equal(["a", "b"], all.Select(e => e.Text("member")));
        Assert.Equal(["b"], after.Select(e => e.Text("member")));
        Assert.Equal(["a"], writer.EventsWithoutLead("member.availability_set", 0).Select(e => e.Text("member")));
    }

    [SkippableFact]
    public async Task Starting_again_keeps_the_data_and_a_newer_schema_is_refused()
    {
        SkipIfUnavailable();
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            Decide(writer, "L1");
            writer.Commit();
        }

        (Store as IDisposable)?.Dispose();
        Store = Reopen();
        await Store.InitializeAsync(CancellationToken.None);
        Assert.NotNull(await Store.GetLeadAsync("L1", CancellationToken.None));

        (Store as IDisposable)?.Dispose();
        await ExecuteAsync("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        Store = Reopen();
        var refused = await Assert.ThrowsAsync<StoreSchemaException>(() => Store.InitializeAsync(CancellationToken.None));
        Assert.Equal(99, refused.Found);
        Assert.Contains("schema version 99, newer than this host knows", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_trace_is_kept_once_per_distinct_step_and_reads_back_as_the_json_written_and_as_an_older_host_kept_it()
    {
        SkipIfUnavailable();
        var traces = SampleTraces(40);
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            foreach (var (leadId, trace) in traces)
            {
                writer.SaveLead(TracedLead(leadId, trace));
            }

            writer.Commit();
        }

        // The same leads as a host before schema version 6 kept them: the trace as JSON (in the lead's
        // row then, moved to lead_traces by version 16).
        var at = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero).UtcTicks;
        foreach (var (leadId, trace) in traces)
        {
            await InsertTracedLeadAsync($"old-{leadId}", at, trace.Replace("'", "''", StringComparison.Ordinal));
        }

        // And as a host before schema version 10 kept them: compact, with 8-byte step ids (63 bits of the hash).
        foreach (var (leadId, trace) in traces.Take(5))
        {
            var steps = CompactTrace.StepRanges(trace)!.Select(r => trace[r]).ToList();
            var ids = steps.Select(WideStepId).ToList();
            var compact = CompactTrace.WideMark + Convert.ToBase64String([.. ids.SelectMany(BitConverter.GetBytes)]);
            foreach (var (id, step) in ids.Zip(steps).DistinctBy(s => s.First))
            {
                await ExecuteAsync($"INSERT INTO trace_steps (id, step) VALUES ({id}, '{step.Replace("'", "''", StringComparison.Ordinal)}') ON CONFLICT (id) DO NOTHING");
            }

            await InsertTracedLeadAsync($"wide-{leadId}", at, compact);
        }

        foreach (var (leadId, trace) in traces)
        {
            var written = await Store.GetLeadAsync(leadId, CancellationToken.None);
            var old = await Store.GetLeadAsync("old-" + leadId, CancellationToken.None);
            Assert.Equal(trace, written!.Trace);
            Assert.Equal(old!.Trace, written.Trace);
            Assert.StartsWith(CompactTrace.Mark.ToString(), await ScalarAsync($"SELECT trace FROM lead_traces WHERE lead_id = '{leadId}'") as string, StringComparison.Ordinal);
        }

        foreach (var (leadId, trace) in traces.Take(5))
        {
            Assert.Equal(trace, (await Store.GetLeadAsync("wide-" + leadId, CancellationToken.None))!.Trace);
        }

        var full = traces.Sum(t => (long)t.Trace.Length);
        var stored = Convert.ToInt64(await ScalarAsync("SELECT SUM(LENGTH(trace)) FROM lead_traces WHERE lead_id NOT LIKE 'old-%' AND lead_id NOT LIKE 'wide-%'"), CultureInfo.InvariantCulture)
            + Convert.ToInt64(await ScalarAsync($"SELECT SUM(LENGTH(step)) FROM trace_steps WHERE id < {1L << 48}"), CultureInfo.InvariantCulture);
        Assert.True(stored * 2 < full, $"the traces take {stored} characters stored, against {full} written");
    }

    [SkippableFact]
    public async Task A_step_met_for_the_first_time_stays_in_its_trace_and_goes_into_trace_steps_when_met_again()
    {
        SkipIfUnavailable();
        const string unique = """{"stage":"Account","subject":"(none)","result":"Failed","detail":"domain first-met.example is in no account"}""";
        const string shared = """{"stage":"Qualification","subject":"Inbound MQL","result":"Passed","detail":"met once by each lead"}""";
        var first = $"[{shared},{unique}]";
        var again = $"[{unique},{shared},{unique}]";
        var steps = $"SELECT COUNT(*) FROM trace_steps WHERE id IN ({CompactTrace.Id(unique)}, {CompactTrace.Id(shared)})";
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.SaveLead(TracedLead("L-first", first));
            writer.Commit();
            Assert.Equal(0L, Convert.ToInt64(await ScalarAsync(steps), CultureInfo.InvariantCulture));

            writer.Begin();
            writer.SaveLead(TracedLead("L-again", again));
            writer.Commit();
        }

        Assert.Equal(2L, Convert.ToInt64(await ScalarAsync(steps), CultureInfo.InvariantCulture));
        Assert.Contains("first-met.example", await ScalarAsync("SELECT trace FROM lead_traces WHERE lead_id = 'L-first'") as string, StringComparison.Ordinal);
        Assert.DoesNotContain("first-met.example", await ScalarAsync("SELECT trace FROM lead_traces WHERE lead_id = 'L-again'") as string, StringComparison.Ordinal);
        Assert.Equal(first, (await Store.GetLeadAsync("L-first", CancellationToken.None))!.Trace);
        Assert.Equal(again, (await Store.GetLeadAsync("L-again", CancellationToken.None))!.Trace);
    }

    [SkippableFact]
    public async Task A_trace_saved_in_a_rolled_back_batch_is_kept_whole_by_the_next_and_a_lead_saved_again_keeps_its_trace()
    {
        SkipIfUnavailable();
        var (leadId, trace) = SampleTraces(1)[0];
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.SaveLead(TracedLead("L-undone", trace));
            writer.Rollback();

            writer.Begin();
            writer.SaveLead(TracedLead(leadId, trace));
            writer.Commit();

            // A projection read inside the processor's transaction and saved with a new status.
            writer.Begin();
            writer.SaveLead(writer.FindLead(leadId)! with { Status = "accepted" });
            writer.Commit();
        }

        var lead = await Store.GetLeadAsync(leadId, CancellationToken.None);
        Assert.Equal(("accepted", trace), (lead!.Status, lead.Trace));
        Assert.Null(await Store.GetLeadAsync("L-undone", CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_lead_saved_again_rewrites_its_row_and_not_its_trace_and_a_lead_taken_in_again_replaces_its_trace()
    {
        SkipIfUnavailable();
        var traces = SampleTraces(5);
        var (leadId, trace) = traces[0];
        var second = traces[1].Trace;
        Assert.NotEqual(trace, second);
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.SaveLead(TracedLead(leadId, trace));
            writer.Commit();
        }

        // The trace's row changed under the store: a save that wrote the trace again would put it back.
        var stored = (await ScalarAsync($"SELECT trace FROM lead_traces WHERE lead_id = '{leadId}'") as string)!.Replace("'", "''", StringComparison.Ordinal);
        await ExecuteAsync($"UPDATE lead_traces SET trace = 'untouched' WHERE lead_id = '{leadId}'");
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            var found = writer.FindLead(leadId)!;
            Assert.Null(found.Trace);
            writer.SaveLead(found with { Status = "accepted" });
            writer.Commit();
        }

        Assert.Equal("accepted", (await ScalarAsync($"SELECT status FROM leads WHERE lead_id = '{leadId}'")) as string);
        Assert.Equal("untouched", await ScalarAsync($"SELECT trace FROM lead_traces WHERE lead_id = '{leadId}'") as string);
        await ExecuteAsync($"UPDATE lead_traces SET trace = '{stored}' WHERE lead_id = '{leadId}'");

        // Taken in again (a lead re-routed with a trace of its own): the new trace replaces the old.
        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            writer.SaveLead(TracedLead(leadId, second) with { Status = "new" });
            writer.Commit();
        }

        var lead = await Store.GetLeadAsync(leadId, CancellationToken.None);
        Assert.Equal(("new", second), (lead!.Status, lead.Trace));
        Assert.Equal(1L, Convert.ToInt64(await ScalarAsync($"SELECT COUNT(*) FROM lead_traces WHERE lead_id = '{leadId}'"), CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task A_trace_the_processor_wrote_is_kept_from_its_steps_without_joining_its_text_and_reads_back_as_that_text()
    {
        SkipIfUnavailable();
        var pipeline = HandoffPipeline.InMemory(Router.Compile(new Acme.Rules.AcmePlaybook().Build()));
        var written = new List<(string LeadId, TraceSteps Steps)>();
        foreach (var input in new HandoffRules.Simulation.LeadGenerator(13).Generate(30).DistinctBy(l => l.Id))
        {
            var trace = new DecisionTrace();
            if (pipeline.Process(input, Monday, trace).Lead is { } lead)
            {
                written.Add((lead.Id, TraceText.Write(trace)));
            }
        }

        using (var writer = Store.OpenWriter())
        {
            writer.Begin();
            foreach (var (leadId, steps) in written)
            {
                writer.SaveLead(TracedLead(leadId, "") with { WrittenTrace = steps });
            }

            // Saved again in the same transaction (an offer minutes after the routing): the same trace.
            writer.SaveLead(writer.FindLead(written[0].LeadId)! with { Status = "Working" });
            writer.Commit();
        }

        Assert.All(written, w => Assert.False(w.Steps.HasText, $"the trace of {w.LeadId} was joined into text"));
        foreach (var (leadId, steps) in written)
        {
            var expected = "[" + string.Join(",", Enumerable.Range(0, steps.Count).Select(i => steps.Step(i).ToString())) + "]";
            Assert.Equal(expected, (await Store.GetLeadAsync(leadId, CancellationToken.None))!.Trace);
            Assert.StartsWith(CompactTrace.Mark.ToString(), await ScalarAsync($"SELECT trace FROM lead_traces WHERE lead_id = '{leadId}'") as string, StringComparison.Ordinal);
            Assert.Equal(expected, steps.Trace);
        }

        Assert.Equal("Working", (await Store.GetLeadAsync(written[0].LeadId, CancellationToken.None))!.Status);
    }

    private Task InsertTracedLeadAsync(string leadId, long at, string trace) => ExecuteAsync(
        $"INSERT INTO leads (lead_id, outcome, arrived_at, lead, decision, updated_at) VALUES ('{leadId}', 'routed', {at}, '{{}}', '{{}}', {at}); " +
        $"INSERT INTO lead_traces (lead_id, trace) VALUES ('{leadId}', '{trace}')");

    // A step's id as hosts before schema version 10 gave it: 63 bits of FNV-1a over its text.
    private static long WideStepId(string step)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in step)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)(hash & long.MaxValue);
    }

    /// <summary>Traces the way the processor writes them, of seeded leads routed by the sample playbook.</summary>
    protected static List<(string LeadId, string Trace)> SampleTraces(int count)
    {
        var pipeline = HandoffPipeline.InMemory(Router.Compile(new Acme.Rules.AcmePlaybook().Build()));
        var traces = new List<(string, string)>();
        foreach (var input in new HandoffRules.Simulation.LeadGenerator(11).Generate(count))
        {
            var trace = new DecisionTrace();
            var result = pipeline.Process(input, Monday, trace);
            if (result.Lead is { } lead)
            {
                traces.Add((lead.Id, HandoffRules.Host.Processing.HandoffSession.TraceJson(trace)));
            }
        }

        return [.. traces.DistinctBy(t => t.Item1)];
    }

    protected static StoredLead TracedLead(string leadId, string trace) => new()
    {
        LeadId = leadId,
        Outcome = "routed",
        ArrivedAt = Monday,
        Lead = "{}",
        Decision = "{}",
        Trace = trace,
        UpdatedAt = Monday,
    };

    /// <summary>What the processor writes for a routed lead.</summary>
    internal static void DecideFor(IHandoffWriter writer, string leadId) => Decide(writer, leadId);

    /// <summary>What the processor writes for a routed lead.</summary>
    protected static void Decide(IHandoffWriter writer, string leadId)
    {
        writer.RecordInput("file", "lead:" + leadId, "lead", "routed", leadId, Monday);
        writer.Append(leadId, "lead.routed", Monday, new EventMembers { ["first"] = "Zoë", ["queue"] = "inbound-na" });
        writer.Append(leadId, "lead.assigned", Monday, new EventMembers { ["member"] = "olivia.bennett" });
        writer.SaveLead(new StoredLead
        {
            LeadId = leadId,
            Outcome = "routed",
            Status = "new",
            Queue = "inbound-na",
            Member = "olivia.bennett",
            Source = "demo-request",
            ArrivedAt = Monday,
            Lead = """{"id":"L1"}""",
            Decision = """{"rule":"na","note":"Zoë → Ærø"}""",
            UpdatedAt = Monday,
        });
        writer.StartTimer(new StoredTimer(leadId, "first-touch", "touch", Monday, Monday.AddMinutes(15), StoredTimer.Pending, null, false));
        writer.Enqueue("slack", "#sdr-na", $"New lead {leadId}", leadId, Monday);
    }

    private static string Serialize(DistributionSnapshot snapshot) => System.Text.Json.JsonSerializer.Serialize(snapshot);
}
