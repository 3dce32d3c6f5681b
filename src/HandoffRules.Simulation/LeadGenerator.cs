using System.Globalization;
using Bogus;
using HandoffRules.Intake;

namespace HandoffRules.Simulation;

/// <summary>
/// Generates realistic inbound leads from Bogus's English names and places, drawn as Bogus's seeded
/// randomizer draws them: a seeded, culture- and time-zone-independent stream, so the same seed
/// gives byte-identical leads on any machine. The mix (sources, sizes, places, signals, and a
/// deliberate share of messy and duplicate data) is set by <see cref="LeadMix"/>.
/// Leads come out raw, as a form or CRM would send them, and go through intake like real ones.
/// </summary>
public sealed class LeadGenerator
{
    /// <summary>The default start of the generated window: Monday 2 November 2026, 00:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] HighIntentPages = ["/pricing", "/pricing/enterprise", "/security", "/compare/metricflow", "/integrations/salesforce"];
    // Bogus's English company suffixes and postcode formats, held once rather than rebuilt per call.
    private static readonly string[] CompanySuffixes = ["Inc", "and Sons", "LLC", "Group"];
    private static readonly string[] PostcodeFormats = ["#####", "#####-####"];
    private static readonly string[] ProductSignals = ["invited_teammate", "usage_limit_reached", "workspace_active", "connected_warehouse"];

    // Bogus's English first and last names and city prefixes and suffixes, taken out of its locale
    // data once: its FirstName(), LastName(), CityPrefix() and CitySuffix() look the list up by name
    // in that data on every call, which cost a lead more than drawing from it. Drawing an element of
    // the list is the one draw each of those makes, so the leads are the same.
    private static readonly string[] FirstNames = Words("name", "first_name");
    private static readonly string[] LastNames = Words("name", "last_name");
    private static readonly string[] CityPrefixes = Words("address", "city_prefix");
    private static readonly string[] CitySuffixes = Words("address", "city_suffix");

    // The lists drawn from for every lead, weighted once.
    private static readonly WeightedChoice<(string Code, double Weight, double Offset)> CountryChoice = new(Places.Countries, [.. Places.Countries.Select(c => (float)c.Weight)]);
    private static readonly Dictionary<string, WeightedChoice<(string Code, string Name, double Weight, double Offset)>> RegionChoices = new(StringComparer.Ordinal)
    {
        ["US"] = Regions(Places.UsStates),
        ["CA"] = Regions(Places.CanadianProvinces),
        ["AU"] = Regions(Places.AustralianStates),
    };

    private static readonly WeightedChoice<string> TitleChoice = new([.. Places.JobTitles.Select(t => t.Title)], [.. Places.JobTitles.Select(t => (float)t.Weight)]);
    private static readonly WeightedChoice<string> SourceChoice = new(
        ["organic", "paid", "referral", "events", "product_signup", "demo_request", "email", "direct"],
        [25f, 20f, 8f, 10f, 17f, 12f, 5f, 3f]);

    private static readonly WeightedChoice<string> ProductSignalChoice = new(ProductSignals, [35f, 20f, 35f, 10f]);
    private static readonly WeightedChoice<int> HourChoice = new(
        [.. Enumerable.Range(0, 24)],
        [0.2f, 0.1f, 0.1f, 0.1f, 0.1f, 0.2f, 0.4f, 0.8f, 1.6f, 2.4f, 2.6f, 2.5f, 2f, 2.3f, 2.5f, 2.3f, 2f, 1.5f, 1f, 0.8f, 0.7f, 0.6f, 0.4f, 0.3f]);

    private readonly int _seed;
    private readonly LeadMix _mix;
    private readonly DateTimeOffset _start;
    private readonly WeightedChoice<int> _dayChoice;
    private readonly string[] _accountDomains;
    private readonly string[] _bookDomains;
    private readonly string[] _competitorDomains;

    // A team's own mix, when the LeadMix carries one (simulate --like); null draws from the defaults above.
    private readonly WeightedChoice<string>? _sources;
    private readonly WeightedChoice<(string Code, double Weight, double Offset)>? _countries;
    private readonly WeightedChoice<(int Day, int Hour)>? _slots;
    private readonly double[]? _sizeBands;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">The seed: the same seed gives the same leads.</param>
    /// <param name="mix">The traffic mix (defaults to <see cref="LeadMix"/>'s defaults).</param>
    /// <param name="start">The start of the arrival window (defaults to <see cref="DefaultStart"/>).</param>
    /// <param name="days">How many days arrivals spread over.</param>
    public LeadGenerator(int seed, LeadMix? mix = null, DateTimeOffset? start = null, int days = 7)
    {
        if (days < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(days), days, "Leads arrive over at least one day.");
        }

        _seed = seed;
        _mix = (mix ?? new LeadMix()).Validate();
        _start = start ?? DefaultStart;

        // Weekdays carry most traffic.
        _dayChoice = new WeightedChoice<int>(
            [.. Enumerable.Range(0, days)],
            [.. Enumerable.Range(0, days).Select(d => _start.AddDays(d).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.25f : 1f)]);
        _accountDomains = [.. _mix.AccountDomains];
        _bookDomains = [.. _mix.BookDomains];
        _competitorDomains = [.. _mix.CompetitorDomains];

        // Weights in ordinal key order, so the same mix draws the same leads whatever order it was built in.
        if (_mix.SourceWeights is { } sources)
        {
            var keys = sources.Keys.Order(StringComparer.Ordinal).ToArray();
            _sources = new WeightedChoice<string>(keys, [.. keys.Select(k => (float)sources[k])]);
        }

        if (_mix.CountryWeights is { } countries)
        {
            var known = Places.Countries.ToDictionary(c => c.Code, c => c.Offset, StringComparer.Ordinal);
            var keys = countries.Keys.Order(StringComparer.Ordinal).ToArray();
            _countries = new WeightedChoice<(string, double, double)>(
                [.. keys.Select(k => (k, countries[k], known.GetValueOrDefault(k)))], [.. keys.Select(k => (float)countries[k])]);
        }

        if (_mix.ArrivalWeights is { } hours)
        {
            // Every hour of the window, weighted by its hour of the week (Monday 00:00 UTC first).
            var slots = Enumerable.Range(0, days).SelectMany(d => Enumerable.Range(0, 24).Select(h => (Day: d, Hour: h))).ToArray();
            var weights = slots.Select(s => (float)hours[(((int)_start.AddDays(s.Day).DayOfWeek + 6) % 7 * 24) + s.Hour]).ToArray();
            if (weights.Sum() <= 0)
            {
                throw new ArgumentException("The lead mix's arrival weights give no lead to any hour of the window; widen the window to days that had arrivals.", nameof(mix));
            }

            _slots = new WeightedChoice<(int, int)>(slots, weights);
        }

        if (_mix.SizeBandWeights is { } sizes)
        {
            var total = sizes.Sum();
            _sizeBands = [sizes[0] / total, (sizes[0] + sizes[1]) / total];
        }
    }

    /// <summary>How many drafts are sorted in memory at a time; more than this go through sorted files.</summary>
    internal const int DraftsInMemory = 50_000;

    /// <summary>
    /// How many earlier leads repeats are drawn from at most. The pool takes every lead until it holds
    /// 5,000, then one new lead in twenty; past this size a new lead takes the place of the oldest, so
    /// the pool stops growing with the run. It fills at about 1.27 million leads: shorter runs draw
    /// exactly the leads they drew when the pool had no bound.
    /// </summary>
    internal const int RepeatPool = 65_536;

    /// <summary>Generates <paramref name="count"/> leads in arrival order, ids L000001 upwards.</summary>
    public IEnumerable<LeadInput> Generate(int count) => Generate(count, DraftsInMemory);

    /// <summary>Generates leads, sorting at most <paramref name="inMemory"/> drafts at a time and drawing repeats from at most <paramref name="repeatPool"/> earlier leads.</summary>
    internal IEnumerable<LeadInput> Generate(int count, int inMemory, int repeatPool = RepeatPool)
    {
        // Arrival times are drawn first and sorted, so ids follow arrival order. Drafts are sorted a
        // chunk at a time; a run larger than one chunk keeps its sorted chunks on disk and merges
        // them, so memory holds one chunk (and the pool duplicates are drawn from), not every lead.
        // A run of one chunk sorts its leads as they are; a larger one keeps each chunk as bytes.
        if (count <= inMemory)
        {
            foreach (var lead in InArrivalOrder([.. Drafts(count, repeatPool)]))
            {
                yield return lead;
            }

            yield break;
        }

        var spills = new List<DraftSpill>();
        try
        {
            // No lead comes out before the last is drawn: the drafts are drawn on a thread of their own
            // while this one writes, sorts and spills them, which took a third of that time on one thread.
            using (var chunk = new DraftChunk())
            {
                var draw = 0;
                foreach (var lead in ReadAhead.Of(Drafts(count, repeatPool), 64))
                {
                    chunk.Add(lead, lead.Event!.OccurredAt!.Value.UtcTicks, draw++);
                    if (chunk.Count == inMemory || draw == count)
                    {
                        spills.Add(chunk.Spill());
                    }
                }
            }

            foreach (var lead in Merged(spills))
            {
                yield return lead;
            }
        }
        finally
        {
            foreach (var spill in spills)
            {
                spill.Dispose();
            }
        }
    }

    // The leads in the order they are drawn, without ids, repeats among them.
    private IEnumerable<LeadInput> Drafts(int count, int repeatPool)
    {
        var random = new Draws(_seed);
        var earlier = new List<LeadInput>();
        var replaced = 0;
        for (var i = 0; i < count; i++)
        {
            if (earlier.Count > 20 && random.Bool((float)_mix.DuplicateShare))
            {
                yield return Duplicate(random.ListItem(earlier), random);
                continue;
            }

            var lead = NewLead(random);
            if (earlier.Count < 5000 || random.Bool(0.05f))
            {
                // A full pool replaces its oldest lead: the draws stay the same, only what a later
                // repeat can pick changes, and memory stays at the pool's size.
                if (earlier.Count < repeatPool)
                {
                    earlier.Add(lead);
                }
                else
                {
                    earlier[replaced] = lead;
                    replaced = (replaced + 1) % repeatPool;
                }
            }

            yield return lead;
        }
    }

    private static IEnumerable<LeadInput> InArrivalOrder(List<LeadInput> drafts)
    {
        // Arrival order, ties in draw order: the (instant, draw) keys are unique, so any sort agrees.
        var order = Order(drafts, 0);
        for (var n = 0; n < order.Length; n++)
        {
            // Let go of each draft once it is out: a large run then holds its leads once, not twice.
            var draft = drafts[order[n].Draw];
            drafts[order[n].Draw] = null!;
            yield return draft with { Id = Id(n) };
        }
    }

    private static (long Ticks, int Draw)[] Order(List<LeadInput> drafts, int firstDraw)
    {
        var order = new (long Ticks, int Draw)[drafts.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = (drafts[i].Event!.OccurredAt!.Value.UtcTicks, firstDraw + i);
        }

        Array.Sort(order);
        return order;
    }

    // The sorted chunks merged on the same (instant, draw) keys, so the leads and their ids are the
    // ones a single sort gives.
    private static IEnumerable<LeadInput> Merged(List<DraftSpill> spills)
    {
        var next = new PriorityQueue<(LeadInput Lead, int Spill), (long Ticks, int Draw)>();
        for (var s = 0; s < spills.Count; s++)
        {
            if (spills[s].TryRead(out var lead, out var ticks, out var draw))
            {
                next.Enqueue((lead, s), (ticks, draw));
            }
        }

        var n = 0;
        while (next.TryDequeue(out var item, out _))
        {
            yield return item.Lead with { Id = Id(n++) };
            if (spills[item.Spill].TryRead(out var lead, out var ticks, out var draw))
            {
                next.Enqueue((lead, item.Spill), (ticks, draw));
            }
        }
    }

    private static string Id(int n) => "L" + (n + 1).ToString("D6", CultureInfo.InvariantCulture);

    private LeadInput NewLead(Draws random)
    {
        var first = random.ArrayElement(FirstNames);
        var last = random.ArrayElement(LastNames);

        // Place.
        var (country, offset) = random.Bool((float)_mix.EmbargoedShare)
            ? (random.ArrayElement(Places.EmbargoedCountries), 3.5)
            : PickCountry(_countries ?? CountryChoice, random);
        string? state = null;
        if (RegionChoices.TryGetValue(country, out var regions))
        {
            var region = regions.Pick(random);
            offset = region.Offset;
            state = random.Bool((float)_mix.MissingStateShare) ? null
                : random.Bool((float)_mix.MessyPlaceShare) ? MessyRegion(random, region.Code, region.Name)
                : region.Code;
        }

        var countryText = random.Bool((float)_mix.MissingCountryShare) ? null
            : random.Bool((float)_mix.MessyPlaceShare) && Places.CountryAliases.TryGetValue(country, out var aliases) ? random.ArrayElement(aliases)
            : country;

        // Company and size.
        string? company = CompanyName(random);
        var domain = Slug(company) + random.ArrayElement([".com", ".com", ".com", ".io", ".co", ".net"]);
        var segmentRoll = random.Double();
        var (small, mid) = _sizeBands is { } bands ? (bands[0], bands[1]) : (0.56, 0.85);
        var employees = segmentRoll < small ? random.Number(1, 199) : segmentRoll < mid ? random.Number(200, 999) : random.Number(1000, 60000);
        long? revenue = (long)(employees * random.Double(80_000, 320_000));

        // Who they are.
        var title = TitleChoice.Pick(random);
        if (random.Bool((float)_mix.NamedAccountShare) && _accountDomains.Length + _bookDomains.Length > 0)
        {
            domain = AccountDomain(random);
            domain = random.Bool(0.15f) ? random.ArrayElement(["eu.", "us.", "apac."]) + domain : domain;
            company = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(domain.Split('.')[^2].Replace('-', ' '));
            employees = random.Number(1000, 80000);
            revenue = employees * 250_000L;
        }
        else if (random.Bool((float)_mix.CompetitorShare) && _competitorDomains.Length > 0)
        {
            domain = random.ArrayElement(_competitorDomains);
        }
        else if (random.Bool((float)_mix.StudentShare))
        {
            domain = random.ArrayElement(Places.UniversityDomains);
            title = random.ArrayElement(["Student", "Graduate Student", "PhD Student", "Research Assistant"]);
            company = domain.Split('.')[0].ToUpperInvariant() + " University";
            employees = random.Number(2000, 20000);
        }
        else if (random.Bool((float)_mix.FreeMailShare))
        {
            domain = random.ArrayElement(Places.FreeMailDomains);
        }

        var email = $"{Slug(first)}.{Slug(last)}@{domain}";
        if (random.Bool((float)_mix.TestSubmissionShare))
        {
            company = random.ArrayElement(["test", "Test", "TEST"]);
            last = "Test";
        }

        // Source, event, score and signals.
        var source = (_sources ?? SourceChoice).Pick(random);
        var signals = new List<string>();
        var score = (int)Math.Round(Math.Clamp(Gaussian(random, 48, 20), 0, 100));
        string eventType;
        string? detail;
        switch (source)
        {
            case "demo_request":
                eventType = "demo_request";
                detail = "/demo";
                score = Math.Min(100, score + 20);
                break;
            case "product_signup" when random.Bool(0.55f):
                eventType = "product_signal";
                detail = ProductSignalChoice.Pick(random);
                signals.Add(detail);
                if (random.Bool(0.3f))
                {
                    signals.Add(random.ArrayElement(ProductSignals));
                }

                break;
            default:
                if (random.Bool(0.15f))
                {
                    eventType = "high_intent_page_view";
                    detail = random.ArrayElement(HighIntentPages);
                    if (detail.StartsWith("/pricing", StringComparison.Ordinal))
                    {
                        signals.Add("pricing_page");
                    }
                }
                else
                {
                    eventType = "form_submission";
                    detail = random.ArrayElement(["Contact us", "Ebook: Modern BI", "Webinar registration", "Newsletter", "ROI calculator"]);
                }

                break;
        }

        if (random.Bool(0.12f))
        {
            signals.Add("pricing_page");
        }

        // Size as forms give it: exact, a range, revenue only, or nothing.
        string? employeesText = employees.ToString(CultureInfo.InvariantCulture);
        string? revenueText = random.Bool(0.5f) ? RevenueText(random, revenue.Value) : null;
        if (random.Bool((float)_mix.EmployeeRangeShare))
        {
            employeesText = Places.EmployeeRanges.First(r => employees <= r.Max).Text;
        }

        if (random.Bool((float)_mix.MissingSizeShare))
        {
            employeesText = null;
            revenueText = null;
        }
        else if (random.Bool(0.05f))
        {
            employeesText = null;
            revenueText = RevenueText(random, revenue.Value);
        }

        if (random.Bool((float)_mix.MissingCompanyShare))
        {
            company = null;
        }

        if (random.Bool((float)_mix.MessyCaseShare))
        {
            (first, last) = random.Bool() ? (first.ToUpperInvariant(), last.ToUpperInvariant()) : (first.ToLowerInvariant(), "  " + last.ToLowerInvariant() + " ");
        }

        return new LeadInput
        {
            Id = "",
            Email = email,
            FirstName = first,
            LastName = last,
            Company = company,
            JobTitle = title,
            Phone = Digits(random, "###-###-####"),
            Country = countryText,
            State = state,
            PostalCode = Digits(random, country == "US" ? "#####" : random.ArrayElement(PostcodeFormats)),
            City = City(random),
            Employees = employeesText,
            AnnualRevenue = revenueText,
            Source = source,
            Score = score,
            Signals = [.. signals.Distinct()],
            Event = new LeadEventInput { Type = eventType, Detail = detail, OccurredAt = Arrival(random, offset) },
        };
    }

    // A second submission by someone seen before: the same e-mail (sometimes in another case), or
    // the same person at the same company with another address.
    private LeadInput Duplicate(LeadInput original, Draws random)
    {
        var email = original.Email!;
        if (random.Bool(0.3f))
        {
            email = email.ToUpperInvariant();
        }
        else if (random.Bool(0.3f) && !Places.FreeMailDomains.Any(d => email.EndsWith(d, StringComparison.Ordinal)))
        {
            // Another address of the same person at the same company: caught by name and domain.
            var at = email.IndexOf('@', StringComparison.Ordinal);
            email = email[..at].Replace('.', '_') + email[at..];
        }

        return original with
        {
            Email = email,
            Country = random.Bool(0.3f) && original.Country is not null && Places.CountryAliases.TryGetValue(original.Country, out var aliases) ? random.ArrayElement(aliases) : original.Country,
            Source = random.Bool(0.5f) ? original.Source : "demo_request",
            Event = new LeadEventInput { Type = random.Bool(0.4f) ? "demo_request" : "form_submission", Detail = "Return visit", OccurredAt = Arrival(random, -5) },
        };
    }

    private DateTimeOffset Arrival(Draws random, double offsetHours)
    {
        if (_slots is { } slots)
        {
            // A team's own week: the hour is already UTC, as its log recorded it.
            var (slotDay, slotHour) = slots.Pick(random);
            return _start.AddDays(slotDay).AddHours(slotHour).AddMinutes(random.Number(0, 59)).AddSeconds(random.Number(0, 59));
        }

        // A weighted day; within it, business hours in the lead's own time zone.
        var day = _dayChoice.Pick(random);
        var hour = HourChoice.Pick(random);
        var local = _start.AddDays(day).AddHours(hour).AddMinutes(random.Number(0, 59)).AddSeconds(random.Number(0, 59));
        return local.AddHours(-offsetHours);
    }

    // Box–Muller: a normal draw from two uniform draws.
    private static double Gaussian(Draws random, double mean, double deviation)
    {
        var u1 = 1.0 - random.Double();
        var u2 = random.Double();
        return mean + deviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static (string Code, double Offset) PickCountry(WeightedChoice<(string Code, double Weight, double Offset)> countries, Draws random)
    {
        var item = countries.Pick(random);
        return (item.Code, item.Offset);
    }

    private static WeightedChoice<(string Code, string Name, double Weight, double Offset)> Regions((string Code, string Name, double Weight, double Offset)[] regions) =>
        new(regions, [.. regions.Select(r => (float)r.Weight)]);

    // One draw either way, so adding an account book moves only the leads that come from an
    // account's domain, not every lead after the first of them.
    private string AccountDomain(Draws random)
    {
        if (_bookDomains.Length == 0 || _accountDomains.Length == 0)
        {
            return random.ArrayElement(_bookDomains.Length == 0 ? _accountDomains : _bookDomains);
        }

        var draw = random.Double();
        return draw < 0.5
            ? _accountDomains[Math.Min((int)(draw * 2 * _accountDomains.Length), _accountDomains.Length - 1)]
            : _bookDomains[Math.Min((int)((draw - 0.5) * 2 * _bookDomains.Length), _bookDomains.Length - 1)];
    }

    // Bogus's CompanyName(), City(), ZipCode() and PhoneNumber() fill templates by reflection, regular
    // expressions and LINQ, which cost more than the rest of a lead together; these draw the same
    // parts with the same draws in the same order, so the leads are the same.
    private static string CompanyName(Draws random) => random.Number(2) switch
    {
        0 => $"{random.ArrayElement(LastNames)} {random.ArrayElement(CompanySuffixes)}",
        1 => $"{random.ArrayElement(LastNames)} - {random.ArrayElement(LastNames)}",
        _ => $"{random.ArrayElement(LastNames)}, {random.ArrayElement(LastNames)} and {random.ArrayElement(LastNames)}",
    };

    private static string City(Draws random) => random.Number(0, 3) switch
    {
        0 => $"{random.ArrayElement(CityPrefixes)} {random.ArrayElement(FirstNames)}{random.ArrayElement(CitySuffixes)}",
        1 => $"{random.ArrayElement(CityPrefixes)} {random.ArrayElement(FirstNames)}",
        2 => $"{random.ArrayElement(FirstNames)}{random.ArrayElement(CitySuffixes)}",
        _ => $"{random.ArrayElement(LastNames)}{random.ArrayElement(CitySuffixes)}",
    };

    private static string[] Words(string category, string path)
    {
        var list = (Bogus.Bson.BArray)Database.Get(category, path, "en");
        var words = new string[list.Count];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = list[i].StringValue;
        }

        return words;
    }

    private static string Digits(Draws random, string format)
    {
        Span<char> digits = stackalloc char[format.Length];
        for (var i = 0; i < format.Length; i++)
        {
            digits[i] = format[i] == '#' ? (char)('0' + random.Number(9)) : format[i];
        }

        return new string(digits);
    }

    private static string MessyRegion(Draws random, string code, string name) => random.Number(0, 3) switch
    {
        0 => name,
        1 => name.ToLowerInvariant(),
        2 => code.ToLowerInvariant(),
        _ => " " + name.ToUpperInvariant(),
    };

    private static string RevenueText(Draws random, long revenue) => random.Number(0, 2) switch
    {
        0 => revenue.ToString(CultureInfo.InvariantCulture),
        1 => revenue >= 1_000_000_000
            ? "$" + (revenue / 1_000_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "B"
            : "$" + (revenue / 1_000_000m).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        _ => revenue.ToString("N0", CultureInfo.InvariantCulture),
    };

    // Lower-case ASCII letters, digits and hyphens only: what an e-mail local part or domain keeps.
    private static string Slug(string text)
    {
        Span<char> slug = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(lower) || lower == '-')
            {
                slug[length++] = lower;
            }
        }

        return new string(slug[..length]);
    }
}
