using System.Globalization;
using HandoffRules.Cli.Loading;
using HandoffRules.Host.Simulation;
using HandoffRules.Host.Store;
using Spectre.Console;

namespace HandoffRules.Cli.Commands;

/// <summary><c>simulate --like</c>: a team's week fitted from its log, and printed before it is simulated.</summary>
internal static class TeamProfilePrinter
{
    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Fits the profile, naming --like in every problem.</summary>
    public static TeamProfile Fit(string database, Model.PlaybookModel playbook)
    {
        if (!PostgresConnection.Names(database))
        {
            FileArguments.Database("--like", Path.GetFullPath(database));
        }

        TeamProfile profile;
        try
        {
            profile = TeamProfile.Fit(PostgresConnection.Names(database) ? database : Path.GetFullPath(database), playbook);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new CommandException($"--like: {e.Message}");
        }
        catch (System.Data.Common.DbException e)
        {
            throw new CommandException($"--like: {IntakeHistory.Name(database)} cannot be read as a handoff event log: {e.Message}");
        }

        return profile.Leads > 0 ? profile : throw new CommandException($"--like: {IntakeHistory.Name(database)} has no leads taken in to fit a week to.");
    }

    /// <summary>Refuses a window of days on none of which the team's leads arrive, naming the days they do.</summary>
    public static void CheckWindow(TeamProfile profile, string name, int days)
    {
        var start = HandoffRules.Simulation.LeadGenerator.DefaultStart;
        bool Arrives(int weekday) => profile.ArrivalsPerHour.Skip(weekday * 24).Take(24).Sum() > 0;
        if (!Enumerable.Range(0, days).Any(d => Arrives(((int)start.AddDays(d).DayOfWeek + 6) % 7)))
        {
            var when = string.Join(", ", Enumerable.Range(0, 7).Where(Arrives).Select(d => Days[d]));
            throw new CommandException($"--like: the leads of {name} arrive on {when} only, and the {days}-day window from {start:dddd d MMMM yyyy} has none of those days: give --days 7.");
        }
    }

    public static void Print(Terminal terminal, TeamProfile profile, string name, Model.PlaybookModel playbook)
    {
        var text = terminal.Output;
        static string N(double n, string format = "N0") => n.ToString(format, CultureInfo.InvariantCulture);
        static string Shares(IReadOnlyDictionary<string, double> shares)
        {
            // The largest ten; the simulation draws from all of them.
            var shown = shares.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(10).Select(s => $"{s.Key} {TeamProfile.Percent(s.Value)}");
            return string.Join(", ", shown) + (shares.Count > 10 ? $" and {shares.Count - 10} more" : "");
        }

        text.WriteLine($"Fitted from {name}: {N(profile.Leads)} leads from {profile.FirstArrival:yyyy-MM-dd} to {profile.LastArrival:yyyy-MM-dd} " +
                       $"({N(profile.Weeks, "0.0")} week{(profile.Weeks == 1 ? "" : "s")}), {N(profile.LeadsPerWeek, "N1")} a week.");
        var hours = profile.ArrivalsPerHour;
        var busiest = Enumerable.Range(0, hours.Count).OrderByDescending(h => hours[h]).ThenBy(h => h).First();
        text.WriteLine($"  Arrivals (UTC, leads a week): {string.Join(", ", Days.Select((d, i) => $"{d} {N(hours.Skip(i * 24).Take(24).Sum(), "N1")}"))}; " +
                       $"busiest hour {Days[busiest / 24]} {busiest % 24:00}:00–{(busiest % 24) + 1:00}:00 ({N(hours[busiest], "N1")})");
        text.WriteLine($"  Sources: {Shares(profile.Sources)}");
        text.WriteLine($"  Countries: {Shares(profile.Countries)}");
        text.WriteLine($"  Sizes (employees): 1–199 {TeamProfile.Percent(profile.SizeBands[0])}, 200–999 {TeamProfile.Percent(profile.SizeBands[1])}, 1,000+ {TeamProfile.Percent(profile.SizeBands[2])}");
        if (profile.Segments.Count > 0)
        {
            text.WriteLine($"  Segments: {Shares(profile.Segments)}");
        }

        text.WriteLine($"  Data: messy (fixed or flagged at intake) {TeamProfile.Percent(profile.MessyShare)}, no country {TeamProfile.Percent(profile.MissingCountryShare)}, " +
                       $"no size {TeamProfile.Percent(profile.MissingSizeShare)}, no company {TeamProfile.Percent(profile.MissingCompanyShare)}, duplicates {TeamProfile.Percent(profile.DuplicateShare)}, " +
                       $"named accounts {TeamProfile.Percent(profile.NamedAccountShare)}");
        if (profile.Members.Count > 0)
        {
            string Rate(double? share) => share is { } s ? TeamProfile.Percent(s) : "-";
            var table = new Table().Title("Members as the log shows them (first touch from their next working moment)")
                .AddColumns("Member", "First touches", "Median (spread)", "Accepted", "Meetings", "Recycled", "Misroutes");
            foreach (var member in profile.Members.Values)
            {
                table.AddRow(
                    // A member the playbook no longer has is shown but simulates no one.
                    Markup.Escape(playbook.FindMember(member.Member) is null ? member.Member + " *" : member.Member), N(member.FirstTouches),
                    member.TouchMinutes is { } minutes ? $"{N(minutes, "N0")} min ({(member.TouchSpread is { } spread ? N(spread, "0.00") : "-")})" : "-",
                    $"{Rate(member.AcceptRate)} of {N(member.Accepted + member.Rejected)}", Rate(member.MeetingRate), Rate(member.RecycleRate), Rate(member.MisrouteShare));
            }

            terminal.Ansi.Write(table);
            if (profile.Members.Keys.Any(m => playbook.FindMember(m) is null))
            {
                text.WriteLine("  * not a member of this playbook: shown, but no simulated SDR works like them.");
            }
        }

        text.WriteLine("  Spread: the standard deviation of the log of the delays (the simulation draws log-normal delays around the median). " +
                       "Accepted: of leads answered (accepted or rejected); meetings: of accepted; recycled: of accepted without a meeting; misroutes: of rejects. Members the log does not show keep the simulation's own behaviour; a rate with nothing behind it (-) too.");
        text.WriteLine();
    }
}
