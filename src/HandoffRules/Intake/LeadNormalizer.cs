using System.Globalization;
using HandoffRules.Checks;
using HandoffRules.Model;

namespace HandoffRules.Intake;

/// <summary>
/// Turns a raw <see cref="LeadInput"/> into a <see cref="Lead"/> routing can trust: e-mail to
/// domain, country names and aliases to ISO codes, state and province names to codes, trimmed and
/// cased values, employee ranges and revenue text to numbers. Every fix is recorded as a
/// <see cref="DataQualityNote"/>; only a missing id or an unknown event type stops a record.
/// </summary>
public static class LeadNormalizer
{
    private static readonly HashSet<string> FreeMailDomains = new(StringComparer.OrdinalIgnoreCase)
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "hotmail.com", "hotmail.co.uk", "outlook.com",
        "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net",
        "web.de", "mail.com", "yandex.ru", "qq.com", "163.com", "126.com", "zoho.com", "fastmail.com", "hey.com", "orange.fr",
        "free.fr", "libero.it", "t-online.de", "naver.com", "rediffmail.com",
    };

    /// <summary>Normalises one record. <paramref name="receivedAt"/> stands in for a missing event time.</summary>
    public static IntakeResult Normalize(LeadInput input, DateTimeOffset receivedAt)
    {
        var id = Clean(input.Id);
        if (id is null)
        {
            return new IntakeResult(null, new IntakeError("id", "is missing; every lead needs the id its source system gave it"));
        }

        if (!TryReadEvent(input.Event, receivedAt, out var leadEvent, out var eventError))
        {
            return new IntakeResult(null, eventError);
        }

        var notes = new List<DataQualityNote>();
        var email = Clean(input.Email);
        string? domain = null;
        if (email is not null)
        {
            var at = email.LastIndexOf('@');
            if (at <= 0 || at == email.Length - 1 || email.IndexOf('.', at) < 0)
            {
                notes.Add(new DataQualityNote(LeadField.Email, "not an e-mail address; no domain taken from it"));
            }
            else
            {
                domain = email[(at + 1)..].ToLowerInvariant();
            }
        }

        var (country, state) = ReadPlace(input.Country, input.State, notes);
        var firstName = Name(input.FirstName, LeadField.FirstName, notes);
        var lastName = Name(input.LastName, LeadField.LastName, notes);
        var company = Clean(input.Company);
        var jobTitle = Clean(input.JobTitle);
        var postalCode = Clean(input.PostalCode) is { } postal ? TerritoryChecks.PostalPrefix(postal) : null;
        var employees = ReadEmployees(input.Employees, notes);
        var revenue = ReadRevenue(input.AnnualRevenue, notes);
        var source = ReadSource(input.Source, notes);
        var score = ReadScore(input.Score, notes);
        EquatableArray<DataQualityNote> noted = [.. notes];

        // Where a lead's data sits decides what routing it costs once it has left the processor's caches
        // (a backtest, a simulation, a batch): the texts playbook conditions usually read
        // (domain, names, company, title, postal code) are copied here, with the signals and the event, last
        // and together, so the lead and what routing reads of it are allocated side by side, in a few
        // neighbouring cache lines the processor fetches as one run, instead of strings scattered
        // wherever the input was parsed. The domain and the event come first, right after the lead object:
        // every decision reads them. Nothing else changes: same values, same lead.
        var lead = new Lead
        {
            Id = id,
            Email = email,
            Domain = Local(domain),
            Event = new LeadEvent(leadEvent.Type, leadEvent.Detail, leadEvent.At),
            IsFreeMail = domain is not null && FreeMailDomains.Contains(domain),
            FirstName = Local(firstName),
            LastName = Local(lastName),
            Company = Local(company),
            JobTitle = Local(jobTitle),
            Phone = Clean(input.Phone),
            Country = country,
            State = state,
            PostalCode = Local(postalCode),
            City = Clean(input.City),
            Employees = employees,
            AnnualRevenue = revenue,
            Source = source,
            Score = score,
            Signals = ReadSignals(input.Signals),
            Notes = noted,
        };
        return new IntakeResult(lead, null);
    }

    /// <summary>Reads an event type as written in files and CRMs ("demo_request", "DemoRequest", "page_view").</summary>
    public static LeadEventType? ReadEventType(string? text) => Key(text) switch
    {
        "" or "FORM" or "FORMSUBMISSION" or "FORMSUBMIT" => LeadEventType.FormSubmission,
        "DEMO" or "DEMOREQUEST" or "DEMOREQUESTED" => LeadEventType.DemoRequest,
        "PAGEVIEW" or "HIGHINTENTPAGEVIEW" or "INTENT" or "HIGHINTENT" => LeadEventType.HighIntentPageView,
        "PRODUCT" or "PRODUCTSIGNAL" or "PQL" => LeadEventType.ProductSignal,
        _ => null,
    };

    /// <summary>Reads a source as written in files and CRMs ("organic", "PAID_SEARCH", "Demo request").</summary>
    public static LeadSource? ReadSourceText(string? text) => Key(text) switch
    {
        "ORGANIC" or "ORGANICSEARCH" or "SEO" or "SOCIALMEDIA" or "CONTENT" => LeadSource.Organic,
        "PAID" or "PAIDSEARCH" or "PAIDSOCIAL" or "PPC" or "ADS" => LeadSource.Paid,
        "REFERRAL" or "REFERRALS" or "PARTNER" => LeadSource.Referral,
        "EVENT" or "EVENTS" or "WEBINAR" or "OFFLINE" or "TRADESHOW" => LeadSource.Events,
        "PRODUCT" or "PRODUCTSIGNUP" or "SIGNUP" or "TRIAL" or "FREETRIAL" => LeadSource.ProductSignup,
        "DEMO" or "DEMOREQUEST" => LeadSource.DemoRequest,
        "EMAIL" or "EMAILMARKETING" => LeadSource.Email,
        "DIRECT" or "DIRECTTRAFFIC" => LeadSource.Direct,
        "OTHER" or "OTHERCAMPAIGNS" => LeadSource.Other,
        _ => null,
    };

    // The event is read here and built beside the lead (see Normalize).
    private static bool TryReadEvent(LeadEventInput? input, DateTimeOffset receivedAt, out (LeadEventType Type, string? Detail, DateTimeOffset At) leadEvent, out IntakeError? error)
    {
        error = null;
        var type = ReadEventType(input?.Type);
        if (type is null)
        {
            leadEvent = default;
            error = new IntakeError("event.type", $"'{input?.Type}' is not an event type; use form_submission, demo_request, high_intent_page_view or product_signal");
            return false;
        }

        leadEvent = (type.Value, Clean(input?.Detail), (input?.OccurredAt ?? receivedAt).ToUniversalTime());
        return true;
    }

    private static (string? Country, string? State) ReadPlace(string? countryText, string? stateText, List<DataQualityNote> notes)
    {
        var rawCountry = Clean(countryText);
        var rawState = Clean(stateText);
        string? country = null;
        if (rawCountry is not null)
        {
            country = Geography.CountryCode(rawCountry);
            if (country is null)
            {
                notes.Add(new DataQualityNote(LeadField.Country, $"'{rawCountry}' is not a known country; left empty"));
            }
            else if (country != rawCountry)
            {
                notes.Add(new DataQualityNote(LeadField.Country, $"'{rawCountry}' read as {country}"));
            }
        }

        if (rawState is null)
        {
            return (country, null);
        }

        if (country is null)
        {
            // A full US state or Canadian province name says the country too; two-letter codes do not
            // (CA is California and Canada).
            foreach (var candidate in new[] { "US", "CA" })
            {
                if (Geography.Key(rawState).Length > 3 && Geography.RegionCode(candidate, rawState) is { } inferred)
                {
                    notes.Add(new DataQualityNote(LeadField.Country, $"missing; {candidate} inferred from state '{rawState}'"));
                    notes.Add(new DataQualityNote(LeadField.State, $"'{rawState}' read as {inferred}"));
                    return (candidate, inferred);
                }
            }

            return (null, Geography.Key(rawState));
        }

        var state = Geography.RegionCode(country, rawState);
        if (state is null)
        {
            notes.Add(new DataQualityNote(LeadField.State, $"'{rawState}' is not a region of {country}; left empty"));
        }
        else if (state != rawState)
        {
            notes.Add(new DataQualityNote(LeadField.State, $"'{rawState}' read as {state}"));
        }

        return (country, state);
    }

    private static EquatableArray<string> ReadSignals(string[]? signals)
    {
        if (signals is null || signals.Length == 0)
        {
            return [];
        }

        var read = new List<string>(signals.Length);
        foreach (var signal in signals)
        {
            if (Clean(signal) is { } clean && clean.ToLowerInvariant() is var lower && !read.Contains(lower))
            {
                read.Add(lower);
            }
        }

        return [.. read];
    }

    private static string? Name(string? text, LeadField field, List<DataQualityNote> notes)
    {
        var name = Clean(text);
        if (name is null || HasBothCases(name))
        {
            return name;
        }

        // ALL CAPS or all lower case: give it the usual capitals.
        var cased = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.ToLowerInvariant());
        if (cased != name)
        {
            notes.Add(new DataQualityNote(field, "capitalised"));
        }

        return cased;
    }

    private static int? ReadEmployees(string? text, List<DataQualityNote> notes)
    {
        var raw = Clean(text);
        if (raw is null)
        {
            return null;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }

        // Ranges ("51-200", "1,000+", "10001 or more") count by their lower bound: the size the
        // company is known to have at least.
        var digits = FirstNumber(raw);
        if (digits.Length > 0 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var lower))
        {
            notes.Add(new DataQualityNote(LeadField.Employees, $"'{raw}' read as {lower}{(raw.IndexOfAny(['-', '–', '+']) >= 0 ? " (lower bound of the range)" : "")}"));
            return lower;
        }

        notes.Add(new DataQualityNote(LeadField.Employees, $"'{raw}' is not a number of employees; left empty"));
        return null;
    }

    private static long? ReadRevenue(string? text, List<DataQualityNote> notes)
    {
        var raw = Clean(text);
        if (raw is null)
        {
            return null;
        }

        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }

        var cleaned = raw.Replace("$", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace("USD", "", StringComparison.OrdinalIgnoreCase).Trim();
        var multiplier = 1m;
        if (cleaned.Length > 0)
        {
            multiplier = char.ToUpperInvariant(cleaned[^1]) switch
            {
                'K' => 1_000m,
                'M' => 1_000_000m,
                'B' => 1_000_000_000m,
                _ => 1m,
            };
            if (multiplier != 1m)
            {
                cleaned = cleaned[..^1].Trim();
            }
        }

        if (decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            var revenue = (long)Math.Round(amount * multiplier);
            notes.Add(new DataQualityNote(LeadField.AnnualRevenue, $"'{raw}' read as {revenue.ToString(CultureInfo.InvariantCulture)}"));
            return revenue;
        }

        notes.Add(new DataQualityNote(LeadField.AnnualRevenue, $"'{raw}' is not an amount; left empty"));
        return null;
    }

    private static LeadSource ReadSource(string? text, List<DataQualityNote> notes)
    {
        var raw = Clean(text);
        if (raw is null)
        {
            return LeadSource.Other;
        }

        var source = ReadSourceText(raw);
        if (source is null)
        {
            notes.Add(new DataQualityNote(LeadField.Source, $"'{raw}' is not a known source; counted as Other"));
        }

        return source ?? LeadSource.Other;
    }

    private static int ReadScore(int? score, List<DataQualityNote> notes)
    {
        if (score is null)
        {
            return 0;
        }

        var clamped = Math.Clamp(score.Value, 0, 100);
        if (clamped != score.Value)
        {
            notes.Add(new DataQualityNote(LeadField.Score, $"{score.Value} is outside 0–100; read as {clamped}"));
        }

        return clamped;
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        return trimmed.Contains("  ", StringComparison.Ordinal) ? string.Join(' ', trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries)) : trimmed;
    }

    // A copy of a text the lead keeps, allocated now (see Normalize); country and region codes are shared
    // constants and stay shared.
    private static string? Local(string? text) => text is null ? null : new string(text.AsSpan());

    /// <summary>The first run of digits (thousands separators dropped): "1,000+" → "1000".</summary>
    private static string FirstNumber(string text)
    {
        var start = text.AsSpan().IndexOfAnyInRange('0', '9');
        if (start < 0)
        {
            return "";
        }

        var digits = new System.Text.StringBuilder();
        for (var i = start; i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == ','); i++)
        {
            if (text[i] != ',')
            {
                digits.Append(text[i]);
            }
        }

        return digits.ToString();
    }

    // Mixed case anywhere in the alphabet (accented and non-Latin letters too) means someone cased it on purpose.
    private static bool HasBothCases(string name)
    {
        var (lower, upper) = (false, false);
        foreach (var c in name)
        {
            lower |= char.IsLower(c);
            upper |= char.IsUpper(c);
        }

        return lower && upper;
    }

    private static string Key(string? text)
    {
        if (text is null)
        {
            return "";
        }

        Span<char> key = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                key[length++] = char.ToUpperInvariant(c);
            }
        }

        return new string(key[..length]);
    }
}
