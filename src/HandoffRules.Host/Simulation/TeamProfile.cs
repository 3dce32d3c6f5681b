using System.Globalization;
using System.Text.Json;
using HandoffRules.Host.Store;
using HandoffRules.Intake;
using HandoffRules.Records;
using HandoffRules.Simulation;

namespace HandoffRules.Host.Simulation;

/// <summary>
/// How one member worked the leads of a team's log: what <c>simulate --like</c> gives that member's
/// simulated SDR instead of a behaviour drawn from the seed.
/// </summary>
/// <param name="Member">The member.</param>
/// <param name="FirstTouches">Leads the member touched first.</param>
/// <param name="TouchMinutes">
/// Median minutes from a lead's arrival to its first touch by the member, counted from the member's
/// next working moment when the playbook gives their hours (as the simulation counts its delays),
/// on the wall clock otherwise; null when the member touched none.
/// </param>
/// <param name="TouchSpread">How widely those delays spread: the standard deviation of their natural logarithm (null below two touches); the simulation draws log-normal delays with this median and spread.</param>
/// <param name="Accepted">Leads the member accepted.</param>
/// <param name="Rejected">Leads the member rejected.</param>
/// <param name="Misroutes">Of those, rejected with a misroute reason.</param>
/// <param name="Meetings">Meetings the member booked.</param>
/// <param name="Recycled">Leads the member recycled to nurture.</param>
public sealed record MemberProfile(string Member, int FirstTouches, double? TouchMinutes, double? TouchSpread, int Accepted, int Rejected, int Misroutes, int Meetings, int Recycled)
{
    /// <summary>Accepted ÷ (accepted + rejected); null when the member answered none.</summary>
    public double? AcceptRate => Accepted + Rejected == 0 ? null : (double)Accepted / (Accepted + Rejected);

    /// <summary>Meetings ÷ accepted; null when the member accepted none.</summary>
    public double? MeetingRate => Accepted == 0 ? null : Math.Min(1, (double)Meetings / Accepted);

    /// <summary>Recycled ÷ accepted leads without a meeting (the simulation recycles only those); null when there are none.</summary>
    public double? RecycleRate => Accepted - Meetings <= 0 ? null : Math.Min(1, (double)Recycled / (Accepted - Meetings));

    /// <summary>Misroutes ÷ rejected; null when the member rejected none.</summary>
    public double? MisrouteShare => Rejected == 0 ? null : (double)Misroutes / Rejected;
}

/// <summary>
/// A team's week as its event log tells it — arrivals by hour of the week, the lead mix (sources,
/// countries, size bands and segments, messy and missing data, duplicates) and each member's
/// response (time to first touch, accept / reject / recycle rates) — fitted so that a week
/// simulation of a playbook change looks like this team's week, not the generator's defaults.
/// Read one event at a time (SQLite or PostgreSQL); the same log gives the same profile.
/// </summary>
public sealed record TeamProfile
{
    /// <summary>Leads taken in (routed, disqualified and duplicates).</summary>
    public int Leads { get; init; }

    /// <summary>The first arrival in the log.</summary>
    public DateTimeOffset? FirstArrival { get; init; }

    /// <summary>The last arrival in the log.</summary>
    public DateTimeOffset? LastArrival { get; init; }

    /// <summary>Weeks the arrivals span, at least 1: what the arrival counts are divided by.</summary>
    public double Weeks { get; init; } = 1;

    /// <summary>Leads per week on average: the count a simulated week takes when none is given.</summary>
    public double LeadsPerWeek => (double)Leads / Weeks;

    /// <summary>Leads per hour for each of the 168 hours of the week in UTC, Monday 00:00 first.</summary>
    public IReadOnlyList<double> ArrivalsPerHour { get; init; } = new double[7 * 24];

    /// <summary>Share of leads per source, as the inputs named it (ordinal order).</summary>
    public IReadOnlyDictionary<string, double> Sources { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Share of leads per country, as intake read it (ISO code), among leads with one.</summary>
    public IReadOnlyDictionary<string, double> Countries { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Share of routed leads per segment the playbook gave them.</summary>
    public IReadOnlyDictionary<string, double> Segments { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Shares of leads with 1–199, 200–999 and 1,000+ employees, among leads with a size.</summary>
    public IReadOnlyList<double> SizeBands { get; init; } = [0, 0, 0];

    /// <summary>Share of leads intake fixed or flagged (a data-quality note): the messy-data share.</summary>
    public double MessyShare { get; init; }

    /// <summary>Share of leads with no country.</summary>
    public double MissingCountryShare { get; init; }

    /// <summary>Share of leads with neither an employee count nor revenue.</summary>
    public double MissingSizeShare { get; init; }

    /// <summary>Share of leads with no company.</summary>
    public double MissingCompanyShare { get; init; }

    /// <summary>Share of leads routed as a named account's.</summary>
    public double NamedAccountShare { get; init; }

    /// <summary>Share of leads taken in as duplicates of an earlier one.</summary>
    public double DuplicateShare { get; init; }

    /// <summary>How each member worked, by member id (ordinal order); members the log never shows are left out.</summary>
    public IReadOnlyDictionary<string, MemberProfile> Members { get; init; } = new SortedDictionary<string, MemberProfile>(StringComparer.Ordinal);

    /// <summary>The lead mix that generates leads like these: the fitted shares over the generator's other defaults.</summary>
    /// <param name="playbookMix">The playbook's own mix (<see cref="LeadMix.For"/>): the named-account domains to draw from.</param>
    public LeadMix Mix(LeadMix playbookMix)
    {
        var defaults = new LeadMix();
        // The generator writes a place messily at most as often as intake finds leads to fix.
        var messy = Math.Clamp(MessyShare, 0, 1);
        return (playbookMix with
        {
            SourceWeights = Sources.Count > 0 ? Sources : null,
            CountryWeights = Countries.Count > 0 ? Countries : null,
            ArrivalWeights = ArrivalsPerHour.Sum() > 0 ? ArrivalsPerHour : null,
            SizeBandWeights = SizeBands.Sum() > 0 ? SizeBands : null,
            MissingCountryShare = MissingCountryShare,
            MissingSizeShare = MissingSizeShare,
            MissingCompanyShare = MissingCompanyShare,
            DuplicateShare = DuplicateShare,
            NamedAccountShare = NamedAccountShare,
            MessyPlaceShare = Math.Min(defaults.MessyPlaceShare, messy),
            MessyCaseShare = Math.Min(defaults.MessyCaseShare, messy),
            EmployeeRangeShare = Math.Min(defaults.EmployeeRangeShare, messy),
        }).Validate();
    }

    /// <summary>Fits the profile from an event log.</summary>
    /// <param name="database">An SQLite file, or a PostgreSQL store as <c>handoff run --db</c> takes it.</param>
    /// <param name="playbook">The playbook whose members' working hours first touches are counted in; null for the wall clock.</param>
    /// <exception cref="InvalidDataException">An intake event's data cannot be read; the message names the event and lead.</exception>
    public static TeamProfile Fit(string database, Model.PlaybookModel? playbook = null)
    {
        using var connection = IntakeHistory.Open(database);
        var version = EventLogSchema.Check(connection, IntakeHistory.Name(database));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventLogSchema.EventColumns(version)} FROM events ORDER BY seq";
        using var reader = command.ExecuteReader();

        var hours = new int[7 * 24];
        var sources = new Dictionary<string, int>(StringComparer.Ordinal);
        var countries = new Dictionary<string, int>(StringComparer.Ordinal);
        var segments = new Dictionary<string, int>(StringComparer.Ordinal);
        var sizes = new int[3];
        var (leads, accounts, messy, noCountry, noSize, noCompany, duplicates) = (0, 0, 0, 0, 0, 0, 0);
        DateTimeOffset? first = null, last = null;
        // Leads not yet touched, with their arrival: what a first touch is measured from.
        var untouched = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var members = new Dictionary<string, Tally>(StringComparer.Ordinal);
        Tally Of(string member) => members.TryGetValue(member, out var t) ? t : members[member] = new Tally();

        while (reader.Read())
        {
            var e = StoredRows.ReadEvent(reader);
            switch (e.Type)
            {
                case HandoffEventTypes.Routed or HandoffEventTypes.Disqualified or HandoffEventTypes.Duplicate:
                    leads++;
                    first ??= e.At;
                    last = e.At;
                    var utc = e.At.UtcDateTime;
                    hours[(((int)utc.DayOfWeek + 6) % 7 * 24) + utc.Hour]++;
                    var input = Input(e);
                    var source = input.Source?.Trim() is { Length: > 0 } given ? given : "(none)";
                    sources[source] = sources.GetValueOrDefault(source) + 1;
                    if (e.Type == HandoffEventTypes.Duplicate)
                    {
                        duplicates++;
                    }

                    if (LeadNormalizer.Normalize(input, e.At).Lead is { } lead)
                    {
                        if (lead.Country is { } country)
                        {
                            countries[country] = countries.GetValueOrDefault(country) + 1;
                        }
                        else
                        {
                            noCountry++;
                        }

                        if (lead.Employees is { } employees)
                        {
                            sizes[employees < 200 ? 0 : employees < 1000 ? 1 : 2]++;
                        }
                        else if (lead.AnnualRevenue is null)
                        {
                            noSize++;
                        }

                        noCompany += lead.Company is null ? 1 : 0;
                        messy += lead.Notes.IsEmpty ? 0 : 1;
                    }

                    if (e.Type == HandoffEventTypes.Routed)
                    {
                        accounts += e.Text("account") is null ? 0 : 1;
                        untouched[e.LeadId] = e.At;
                        if (e.Text("segment") is { } segment)
                        {
                            segments[segment] = segments.GetValueOrDefault(segment) + 1;
                        }
                    }

                    break;
                case HandoffEventTypes.Touched when e.Text("member") is { } member && untouched.Remove(e.LeadId, out var arrived):
                    // A lead that arrives at night waits for the morning: that wait is the member's hours, not their pace.
                    var from = playbook?.FindMember(member) is { } known ? WorkingTime.Next(known, arrived) : arrived;
                    Of(member).TouchMinutes.Add(Math.Max(0, (e.At - from).TotalMinutes));
                    break;
                case HandoffEventTypes.Accepted when e.Text("member") is { } member:
                    Of(member).Accepted++;
                    break;
                case HandoffEventTypes.Rejected when e.Text("member") is { } member:
                    var tally = Of(member);
                    tally.Rejected++;
                    tally.Misroutes += e.Data["misroute"]?.GetValue<bool>() == true ? 1 : 0;
                    break;
                case HandoffEventTypes.MeetingBooked when e.Text("member") is { } member:
                    Of(member).Meetings++;
                    break;
                case HandoffEventTypes.Recycled when e.Text("member") is { } member:
                    Of(member).Recycled++;
                    break;
            }
        }

        var weeks = first is null ? 1 : Math.Max(1, (last!.Value - first.Value).TotalDays / 7);
        double Share(int n, int of) => of == 0 ? 0 : (double)n / of;
        SortedDictionary<string, double> Shares(Dictionary<string, int> counts)
        {
            var total = counts.Values.Sum();
            return new SortedDictionary<string, double>(counts.ToDictionary(c => c.Key, c => Share(c.Value, total), StringComparer.Ordinal), StringComparer.Ordinal);
        }

        return new TeamProfile
        {
            Leads = leads,
            FirstArrival = first,
            LastArrival = last,
            Weeks = weeks,
            ArrivalsPerHour = [.. hours.Select(h => (double)h / weeks)],
            Sources = Shares(sources),
            Countries = Shares(countries),
            Segments = Shares(segments),
            SizeBands = [.. sizes.Select(s => Share(s, sizes.Sum()))],
            MessyShare = Share(messy, leads),
            MissingCountryShare = Share(noCountry, leads),
            MissingSizeShare = Share(noSize, leads),
            MissingCompanyShare = Share(noCompany, leads),
            DuplicateShare = Share(duplicates, leads),
            NamedAccountShare = Share(accounts, leads),
            Members = new SortedDictionary<string, MemberProfile>(
                members.ToDictionary(m => m.Key, m => m.Value.Profile(m.Key), StringComparer.Ordinal), StringComparer.Ordinal),
        };
    }

    private static LeadInput Input(HandoffEvent intake)
    {
        var raw = intake.Data[IntakeHistory.InputField]
            ?? throw new InvalidDataException($"event {intake.Seq} ({intake.Type}) of lead {intake.LeadId}: no '{IntakeHistory.InputField}'; it was logged before the host kept leads as they arrived, so its mix cannot be read.");
        try
        {
            return raw.Deserialize<LeadInput>(Processing.HandoffSession.LeadJson)!;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"event {intake.Seq} ({intake.Type}) of lead {intake.LeadId}: {e.Message}", e);
        }
    }

    private sealed class Tally
    {
        public List<double> TouchMinutes { get; } = [];

        public int Accepted { get; set; }

        public int Rejected { get; set; }

        public int Misroutes { get; set; }

        public int Meetings { get; set; }

        public int Recycled { get; set; }

        public MemberProfile Profile(string member)
        {
            double? median = null, spread = null;
            if (TouchMinutes.Count > 0)
            {
                var sorted = TouchMinutes.Order().ToArray();
                median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
            }

            if (TouchMinutes.Count > 1)
            {
                // A touch within the minute counts as one minute: the logarithm needs a positive delay.
                var logs = TouchMinutes.Select(m => Math.Log(Math.Max(1, m))).ToArray();
                var mean = logs.Average();
                spread = Math.Sqrt(logs.Sum(l => (l - mean) * (l - mean)) / (logs.Length - 1));
            }

            return new MemberProfile(member, TouchMinutes.Count, median, spread, Accepted, Rejected, Misroutes, Meetings, Recycled);
        }
    }

    /// <summary>A share as a percentage with one decimal, for the printed profile.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
