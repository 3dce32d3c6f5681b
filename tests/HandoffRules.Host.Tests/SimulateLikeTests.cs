using System.Globalization;
using HandoffRules.Host.Simulation;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Records;
using HandoffRules.Tests.Support;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests;

/// <summary>
/// <c>simulate --like</c>: a week fitted to a team's log whose right answers are known. <c>handoff run</c>
/// takes in 30 leads, every one a referral from New York arriving on Tuesday 3 November between 9:00
/// and 10:00 UTC: 20 small companies go to the small desk, where cy touches each after 30 minutes
/// and rejects it (no budget); 10 large ones go to the main desk, where ana touches each after 60
/// minutes, accepts it, and books a meeting for half of them. The fitted parameters are exact
/// (counts, not estimates), and the simulated week shows them again.
/// </summary>
public sealed class SimulateLikeTests : IDisposable
{
    private static readonly string Rules = typeof(HistoryDeskBefore).Assembly.Location;

    private static readonly DateTimeOffset Tuesday = new(2026, 11, 3, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-simulate-like-").FullName;

    private string Database => Path.Combine(_folder, "handoff.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static string At(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private async Task TakeInTeamWeek()
    {
        List<string> leads = [], work = [];
        for (var i = 0; i < 30; i++)
        {
            var id = $"T{i:00}";
            var small = i < 20;
            var arrived = Tuesday.AddMinutes(i * 2);
            leads.Add($$$"""{"id":"{{{id}}}","email":"sam@{{{id.ToLowerInvariant()}}}.example","company":"Co {{{id}}}","country":"US","state":"NY","employees":"{{{(small ? 50 : 5000)}}}","source":"referral","score":40,"event":{"type":"form_submission","occurred_at":"{{{At(arrived)}}}"}}""");
            var touched = arrived.AddMinutes(small ? 30 : 60);
            work.Add($$$"""{"kind":"sdr_action","id":"{{{id}}}-touch","lead_id":"{{{id}}}","action":"touch","at":"{{{At(touched)}}}"}""");
            work.Add(small
                ? $$$"""{"kind":"sdr_action","id":"{{{id}}}-reject","lead_id":"{{{id}}}","action":"reject","reason":"NO_BUDGET","at":"{{{At(touched.AddMinutes(5))}}}"}"""
                : $$$"""{"kind":"sdr_action","id":"{{{id}}}-accept","lead_id":"{{{id}}}","action":"accept","at":"{{{At(touched.AddMinutes(5))}}}"}""");
            if (!small && i % 2 == 0)
            {
                work.Add($$$"""{"kind":"sdr_action","id":"{{{id}}}-meeting","lead_id":"{{{id}}}","action":"meeting_booked","at":"{{{At(touched.AddHours(2))}}}"}""");
            }
        }

        Leads.Write(Path.Combine(_folder, "leads.jsonl"), [.. leads, .. work]);
        var environment = new Dictionary<string, string> { ["Handoff__Urls"] = "http://127.0.0.1:0", ["Handoff__DurableCommits"] = "false" };
        using var run = await CliProcess.RunAsync(_folder, ["run", "--input", "leads.jsonl", "--db", "handoff.db", "--rules", Rules, "--playbook", nameof(HistoryDeskBefore)], environment);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var store = new SqliteHandoffStore(Database);
        Assert.Empty(await store.GetDeadLettersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_fitted_parameters_are_the_ones_the_log_was_built_with()
    {
        await TakeInTeamWeek();

        var profile = TeamProfile.Fit(Database);

        Assert.Equal(30, profile.Leads);
        Assert.Equal(1, profile.Weeks);
        // Tuesday is the second day of the week, 9:00 its tenth hour.
        var tuesdayNine = 24 + 9;
        Assert.Equal(30, profile.ArrivalsPerHour[tuesdayNine]);
        Assert.Equal(30, profile.ArrivalsPerHour.Sum());
        Assert.Equal(new Dictionary<string, double> { ["referral"] = 1.0 }, profile.Sources);
        Assert.Equal(new Dictionary<string, double> { ["US"] = 1.0 }, profile.Countries);
        Assert.Equal([2 / 3.0, 0, 1 / 3.0], profile.SizeBands);
        Assert.Equal(0, profile.DuplicateShare);
        Assert.Equal(0, profile.MissingCountryShare);

        var cy = profile.Members["cy"];
        Assert.Equal((20, 30.0, 0, 20, 0), (cy.FirstTouches, cy.TouchMinutes!.Value, cy.Accepted, cy.Rejected, cy.Misroutes));
        Assert.Equal(0, cy.AcceptRate);
        Assert.Equal(0, cy.TouchSpread!.Value, precision: 9);
        var ana = profile.Members["ana"];
        Assert.Equal((10, 60.0, 10, 0, 5), (ana.FirstTouches, ana.TouchMinutes!.Value, ana.Accepted, ana.Rejected, ana.Meetings));
        Assert.Equal(1, ana.AcceptRate);
        Assert.Equal(0.5, ana.MeetingRate);
        Assert.False(profile.Members.ContainsKey("olu"));
    }

    [Fact]
    public async Task The_simulated_week_looks_like_the_team_s_and_the_same_seed_gives_the_same_week()
    {
        await TakeInTeamWeek();
        var simulated = Path.Combine(_folder, "like.db");

        var (exit, output, error) = await CliRunner.Run("simulate", "--like", Database, "--rules", Rules, "--playbook", nameof(HistoryDeskBefore), "--seed", "7", "--db", simulated);

        Assert.True(exit == 0, output + error);
        Assert.Contains("Fitted from handoff.db: 30 leads from 2026-11-03 to 2026-11-03 (1.0 week), 30.0 a week.", output, StringComparison.Ordinal);
        Assert.Contains("busiest hour Tue 09:00–10:00 (30.0)", output, StringComparison.Ordinal);
        Assert.Contains("Sources: referral 100.0%", output, StringComparison.Ordinal);
        Assert.Contains("Simulated 7 days of", output, StringComparison.Ordinal);
        Assert.Matches(@"│ cy\s+│ 20\s+│ 30 min \(0\.00\)\s+│ 0\.0% of 20", output);

        // The week it simulated, fitted again: the same arrivals, mix and members' answers. Arrival
        // slots, the source and the answers are exact; a touch is 30 minutes after arrival (no spread
        // was seen) unless cy was busy, so its median is within a minute.
        var week = TeamProfile.Fit(simulated);
        Assert.Equal(30, week.Leads);
        Assert.Equal(week.Leads, week.ArrivalsPerHour[24 + 9]);
        Assert.Equal(new Dictionary<string, double> { ["referral"] = 1.0 }, week.Sources);
        Assert.Equal(new Dictionary<string, double> { ["US"] = 1.0 }, week.Countries);
        Assert.Equal(0, week.Members["cy"].Accepted);
        Assert.True(week.Members["cy"].Rejected > 0);
        Assert.Equal(0, week.Members["cy"].Misroutes);
        Assert.InRange(week.Members["cy"].TouchMinutes!.Value, 29, 31);
        Assert.Equal(0, week.Members["ana"].Rejected);
        Assert.InRange(week.Members["ana"].TouchMinutes!.Value, 59, 61);

        // Deterministic: the same log and seed give the same events.
        var again = Path.Combine(_folder, "again.db");
        (exit, _, error) = await CliRunner.Run("simulate", "--like", Database, "--rules", Rules, "--playbook", nameof(HistoryDeskBefore), "--seed", "7", "--db", again);
        Assert.True(exit == 0, error);
        Assert.Equal(await Events(simulated), await Events(again));
    }

    [Fact]
    public async Task Members_the_playbook_does_not_have_are_marked_and_a_window_without_the_team_s_days_is_refused()
    {
        await TakeInTeamWeek();

        // The sample playbook has none of the desk's members.
        var (exit, output, error) = await CliRunner.Run("simulate", "--like", Database, "--leads", "20", "--seed", "7");
        Assert.True(exit == 0, output + error);
        Assert.Matches(@"│ cy \*\s+│ 20 ", output);
        Assert.Contains("* not a member of this playbook", output, StringComparison.Ordinal);

        (exit, _, error) = await CliRunner.Run("simulate", "--like", Database, "--rules", Rules, "--playbook", nameof(HistoryDeskBefore), "--days", "1");
        Assert.Equal(1, exit);
        Assert.Contains("--like: the leads of handoff.db arrive on Tue only, and the 1-day window from Monday 2 November 2026 has none of those days: give --days 7.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Like_refuses_what_it_cannot_fit_naming_the_option()
    {
        var (exit, _, error) = await CliRunner.Run("simulate", "--like", Path.Combine(_folder, "missing.db"));
        Assert.Equal(1, exit);
        Assert.Contains("--like:", error, StringComparison.Ordinal);

        (exit, _, error) = await CliRunner.Run("simulate", "--like", Path.Combine(_folder, "missing.db"), "--routing-only");
        Assert.Equal(1, exit);
        Assert.Contains("--like fits the week simulation", error, StringComparison.Ordinal);
    }

    private static async Task<List<string>> Events(string database)
    {
        using var store = new SqliteHandoffStore(database);
        return [.. (await store.GetEventsAsync(null, null, null, CancellationToken.None)).Select(e => $"{e.Seq} {e.LeadId} {e.Type} {e.At:O} {e.DataJson}")];
    }
}
