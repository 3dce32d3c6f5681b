using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Records;
using HandoffRules.Reporting;

namespace HandoffRules.Tests.Reporting;

/// <summary>
/// Findings for a queue whose breaches come from capacity and for leads nobody owns at the window's
/// end, on event logs whose right answers are worked out by hand.
/// </summary>
public sealed class CapacityFindingTests
{
    private static readonly ReportWindow Week = new(At("2026-11-02 00:00"), At("2026-11-09 00:00"));

    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private sealed class Log : List<HandoffEvent>
    {
        public void Add(string lead, string type, string at, JsonObject? data = null) => Add(new HandoffEvent(Count + 1, lead, type, At(at), data ?? []));

        public void Routed(string lead, string queue, string? member, string at)
        {
            Add(lead, HandoffEventTypes.Routed, at, new JsonObject { ["queue"] = queue, ["member"] = member, ["route"] = "R" });
            Add(lead, HandoffEventTypes.SlaStarted, at, new JsonObject { ["sla"] = "First touch" });
            if (member is null)
            {
                Add(lead, HandoffEventTypes.Held, at, new JsonObject { ["queue"] = queue });
            }
        }
    }

    [Fact]
    public void Breaches_while_held_with_nobody_free_make_a_capacity_finding_and_a_short_hold_before_a_slow_touch_does_not()
    {
        var log = new Log();
        // Desk, by hand: 8 leads breached; 6 breached while held (D1–D3 held from hand-off for 2 h,
        // D4–D6 held for 4 h after their member was taken away), D7–D8 breached by a slow member.
        for (var i = 1; i <= 3; i++)
        {
            log.Routed($"D{i}", "Desk", null, "2026-11-03 10:00");
            log.Add($"D{i}", HandoffEventTypes.SlaBreached, "2026-11-03 10:15", new JsonObject { ["sla"] = "First touch" });
            log.Add($"D{i}", HandoffEventTypes.Offered, "2026-11-03 12:00", new JsonObject { ["member"] = "a" });
        }

        for (var i = 4; i <= 6; i++)
        {
            log.Routed($"D{i}", "Desk", "a", "2026-11-03 09:00");
            log.Add($"D{i}", HandoffEventTypes.Reassigned, "2026-11-03 09:30", new JsonObject { ["member"] = null, ["reason"] = "away" });
            log.Add($"D{i}", HandoffEventTypes.Held, "2026-11-03 09:30", new JsonObject { ["queue"] = "Desk" });
            log.Add($"D{i}", HandoffEventTypes.SlaBreached, "2026-11-03 11:00", new JsonObject { ["sla"] = "First touch" });
            log.Add($"D{i}", HandoffEventTypes.Offered, "2026-11-03 13:30", new JsonObject { ["member"] = "b" });
        }

        for (var i = 7; i <= 8; i++)
        {
            log.Routed($"D{i}", "Desk", "b", "2026-11-03 10:00");
            log.Add($"D{i}", HandoffEventTypes.SlaBreached, "2026-11-03 14:00", new JsonObject { ["sla"] = "First touch" });
        }

        // Fast, by hand: 6 leads held five minutes at hand-off, then offered; they breached three hours
        // later in the member's hands: slow touches, not capacity.
        for (var i = 1; i <= 6; i++)
        {
            log.Routed($"F{i}", "Fast", null, "2026-11-04 10:00");
            log.Add($"F{i}", HandoffEventTypes.Offered, "2026-11-04 10:05", new JsonObject { ["member"] = "c" });
            log.Add($"F{i}", HandoffEventTypes.SlaBreached, "2026-11-04 13:00", new JsonObject { ["sla"] = "First touch" });
        }

        var report = HealthReportBuilder.Build(log, Week);

        var finding = Assert.Single(report.Findings, f => f.Kind == "capacity" && f.Subject != "held leads");
        Assert.Equal("Desk", finding.Subject);
        Assert.StartsWith("SLA breaches in 'Desk' come from capacity, not from slow SDRs", finding.Message, StringComparison.Ordinal);
        Assert.Equal(
            "6 of 8 breached leads breached while held with nobody free (3 held from hand-off, 3 after a reassignment or escalation left them with nobody); " +
            "they waited a median 2.0 h, the longest 4.0 h.",
            finding.Evidence);
    }

    [Fact]
    public void Leads_nobody_owns_at_the_windows_end_are_a_finding_per_queue_with_held_and_unassigned_counted()
    {
        var log = new Log();
        log.Routed("U1", "Desk", null, "2026-11-08 20:00");                     // held at the end, 4 h
        log.Routed("U2", "Desk", "a", "2026-11-08 10:00");
        log.Add("U2", HandoffEventTypes.Reassigned, "2026-11-08 12:00", new JsonObject { ["member"] = null }); // unassigned, no hold: 12 h
        log.Routed("U3", "Desk", null, "2026-11-07 09:00");
        log.Add("U3", HandoffEventTypes.Offered, "2026-11-07 10:00", new JsonObject { ["member"] = "a" });     // owned again
        log.Routed("U4", "Desk", null, "2026-11-06 09:00");
        log.Add("U4", HandoffEventTypes.Recycled, "2026-11-06 12:00", new JsonObject { ["reason"] = "BAD_TIMING" }); // left the handoff
        log.Routed("U5", "Other", null, "2026-11-01 08:00");                     // handed off last window, still held: 7 d 16 h
        log.Routed("U6", "Other", "m", "2026-11-05 08:00");
        log.Add("U6", HandoffEventTypes.Reassigned, "2026-11-09 01:00", new JsonObject { ["member"] = null }); // after the window: owned at its end

        var report = HealthReportBuilder.Build(log, Week);

        var findings = report.Findings.Where(f => f.Kind == "unassigned").ToList();
        Assert.Equal(["Desk", "Other"], findings.Select(f => f.Subject));
        Assert.StartsWith("2 leads in 'Desk' had no owner at the window's end: no SDR is working them.", findings[0].Message, StringComparison.Ordinal);
        Assert.Equal("1 held waiting for a free member, 1 unassigned with no hold; the oldest, U2, has waited 12.0 h (since 2026-11-08 12:00 UTC).", findings[0].Evidence);
        Assert.StartsWith("1 lead in 'Other' had no owner at the window's end: no SDR is working it.", findings[1].Message, StringComparison.Ordinal);
        Assert.Equal("1 held waiting for a free member, 0 unassigned with no hold; the oldest, U5, has waited 7.7 d (since 2026-11-01 08:00 UTC).", findings[1].Evidence);
    }

    [Fact]
    public void Leads_whose_owner_changes_and_holds_interleave_with_thousands_of_others_each_keep_their_own()
    {
        // 1,500 leads routed to Desk/a, then reassigned one to three times in rounds across all of them
        // (more changes than a report first makes room for). Lead i's last reassignment leaves it with
        // nobody in Q((i + k) % 4), k = i % 3 + 1, and holds it. Even leads are offered to b, held again
        // and offered again: owned at the end, two holds each; odd leads are still held at the end.
        const int leads = 1_500;
        var log = new Log();
        static string Lead(int i) => $"L{i:D4}";
        static int Changes(int i) => (i % 3) + 1;
        for (var i = 0; i < leads; i++)
        {
            log.Routed(Lead(i), "Desk", "a", "2026-11-03 09:00");
        }

        for (var round = 1; round <= 3; round++)
        {
            for (var i = 0; i < leads; i++)
            {
                if (Changes(i) < round)
                {
                    continue;
                }

                var last = Changes(i) == round;
                var at = $"2026-11-03 1{round}:00";
                log.Add(Lead(i), HandoffEventTypes.Reassigned, at, new JsonObject { ["queue"] = $"Q{(i + round) % 4}", ["member"] = last ? null : "m" });
                if (last)
                {
                    log.Add(Lead(i), HandoffEventTypes.Held, at, new JsonObject { ["queue"] = $"Q{(i + round) % 4}" });
                }
            }
        }

        foreach (var at in new[] { "2026-11-04 09:00", "2026-11-05 09:00" })
        {
            for (var i = 0; i < leads; i += 2)
            {
                log.Add(Lead(i), HandoffEventTypes.Offered, at, new JsonObject { ["member"] = "b" });
            }

            if (at.StartsWith("2026-11-04", StringComparison.Ordinal))
            {
                for (var i = 0; i < leads; i += 2)
                {
                    log.Add(Lead(i), HandoffEventTypes.Reassigned, "2026-11-04 12:00", new JsonObject { ["member"] = null });
                    log.Add(Lead(i), HandoffEventTypes.Held, "2026-11-04 12:00", new JsonObject { ["queue"] = "Desk" });
                }
            }
        }

        var report = HealthReportBuilder.Build(log, Week);

        // Odd leads, by their last queue: the oldest is the first lead left with nobody at 11:00 (one change).
        var expected = Enumerable.Range(0, leads).Where(i => i % 2 == 1)
            .GroupBy(i => $"Q{(i + Changes(i)) % 4}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), Lead(g.OrderBy(Changes).ThenBy(i => i).First())))
            .ToList();
        var findings = report.Findings.Where(f => f.Kind == "unassigned").ToList();
        Assert.Equal(expected.Select(e => e.Key), findings.Select(f => f.Subject));
        Assert.All(findings.Zip(expected), pair =>
        {
            Assert.StartsWith($"{pair.Second.Item2} leads in '{pair.Second.Key}' had no owner", pair.First.Message, StringComparison.Ordinal);
            Assert.StartsWith($"{pair.Second.Item2} held waiting for a free member, 0 unassigned with no hold; the oldest, {pair.Second.Item3}, ", pair.First.Evidence, StringComparison.Ordinal);
        });
        Assert.Equal((leads / 2 * 2 + (leads / 2), leads / 2), (report.Holds.Held, report.Holds.HeldAtEnd));
    }
}
