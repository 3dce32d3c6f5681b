using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace HandoffRules.Model;

/// <summary>
/// A lead as routing sees it: normalised by intake (ISO country, region code, numbers for
/// employees and revenue, lower-case e-mail domain). Definitions and routes are written against
/// these properties and the helper methods below.
/// </summary>
public sealed record Lead
{
    /// <summary>The lead's id in the source system; decisions and events are keyed by it.</summary>
    public required string Id { get; init; }

    /// <summary>E-mail address, trimmed.</summary>
    public string? Email
    {
        get => _email;
        init => _email = Text(LeadText.Email, value);
    }

    /// <summary>The e-mail's domain, lower case ("northwind-traders.com").</summary>
    public string? Domain
    {
        get => _domain;
        init => (_domain, _view.DomainKeys) = (Text(LeadText.Domain, value), LeadKeys.Domain(value));
    }

    /// <summary>True when the e-mail is at a free mail provider (gmail.com, outlook.com…).</summary>
    public bool IsFreeMail
    {
        get => _view.IsFreeMail;
        init => _view.IsFreeMail = value;
    }

    /// <summary>First name.</summary>
    public string? FirstName
    {
        get => _firstName;
        init => _firstName = Text(LeadText.FirstName, value);
    }

    /// <summary>Last name.</summary>
    public string? LastName
    {
        get => _lastName;
        init => _lastName = Text(LeadText.LastName, value);
    }

    /// <summary>Company name.</summary>
    public string? Company
    {
        get => _company;
        init => _company = Text(LeadText.Company, value);
    }

    /// <summary>Job title.</summary>
    public string? JobTitle
    {
        get => _jobTitle;
        init => (_jobTitle, _view.TitleMask) = (Text(LeadText.JobTitle, value), LeadView.TitleMaskOf(value));
    }

    /// <summary>Phone number.</summary>
    public string? Phone
    {
        get => _phone;
        init => _phone = Text(LeadText.Phone, value);
    }

    /// <summary>ISO 3166-1 alpha-2 country code ("US").</summary>
    public string? Country
    {
        get => _country;
        init => (_country, _view.CountryKey) = (Text(LeadText.Country, value), LeadKeys.Country(value));
    }

    /// <summary>State, province or region code within the country ("CA").</summary>
    public string? State
    {
        get => _state;
        init => (_state, _view.RegionKey) = (Text(LeadText.State, value), LeadKeys.Region(value));
    }

    /// <summary>Postal code, upper case without spaces.</summary>
    public string? PostalCode
    {
        get => _postalCode;
        init => (_postalCode, _view.PostalKey) = (Text(LeadText.PostalCode, value), LeadKeys.Postal(value));
    }

    /// <summary>City.</summary>
    public string? City
    {
        get => _city;
        init => _city = Text(LeadText.City, value);
    }

    /// <summary>Number of employees; for a range such as "51-200", its lower bound.</summary>
    public int? Employees
    {
        get => _view.HasEmployees ? _view.Employees : null;
        init => (_view.HasEmployees, _view.Employees) = (value.HasValue, value.GetValueOrDefault());
    }

    /// <summary>Annual revenue in US dollars.</summary>
    public long? AnnualRevenue
    {
        get => _view.HasAnnualRevenue ? _view.AnnualRevenue : null;
        init => (_view.HasAnnualRevenue, _view.AnnualRevenue) = (value.HasValue, value.GetValueOrDefault());
    }

    /// <summary>The channel the lead came from.</summary>
    public LeadSource Source
    {
        get => _view.Source;
        init => _view.Source = value;
    }

    /// <summary>Marketing's lead score (0–100).</summary>
    public int Score
    {
        get => _view.Score;
        init => _view.Score = value;
    }

    /// <summary>Product and intent signals seen for this lead ("pricing_page", "invited_teammate").</summary>
    public EquatableArray<string> Signals
    {
        get => _signals;
        init => (_signals, _view.SignalMask) = (value, LeadView.SignalMaskOf(value.AsSpan()));
    }

    /// <summary>The event that brought the lead in now.</summary>
    public required LeadEvent Event
    {
        get => _event;
        init => (_event, _view.EventCode) = (value, value is null ? (byte)0 : (byte)(1 + (int)value.Type));
    }

    /// <summary>What intake fixed or could not use.</summary>
    public EquatableArray<DataQualityNote> Notes { get; init; }

    // What routing reads of the lead (see LeadView): set with the fields, so a lead made by intake, by
    // hand or by `with` always carries the view of its own values.
    private readonly string? _email;
    private readonly string? _domain;
    private readonly string? _firstName;
    private readonly string? _lastName;
    private readonly string? _company;
    private readonly string? _jobTitle;
    private readonly string? _phone;
    private readonly string? _country;
    private readonly string? _state;
    private readonly string? _postalCode;
    private readonly string? _city;
    private readonly EquatableArray<string> _signals;
    private readonly LeadEvent _event = null!;
    private LeadView _view;

    internal ref readonly LeadView View => ref _view;

    internal DomainKeys DomainKeys => _view.DomainKeys;

    internal int CountryKey => _view.CountryKey;

    internal int RegionKey => _view.RegionKey;

    internal ulong PostalKey => _view.PostalKey;

    /// <summary>
    /// Asks the processor for the lead's cache lines before routing reads them. Intake allocates a
    /// lead's texts, event and arrays right after the lead object, and leads one after another, so the
    /// lines from the lead up to about one lead's worth further hold what this decision reads (the view,
    /// the domain, the event, a title or signals a condition reads) and the start of the lead intake
    /// made next — the one a simulation, backtest or batch routes next. Requested together, those
    /// misses overlap instead of each stalling a decision in turn on leads that have left the caches.
    /// A hint only: nothing is read through these addresses, a line that holds something else costs a
    /// wasted fetch, and there is no fetch where the processor has no prefetch instruction.
    /// </summary>
    internal unsafe void Prefetch()
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var view = (byte*)Unsafe.AsPointer(ref _view);
        for (var offset = -PrefetchBefore; offset <= PrefetchAfter; offset += 64)
        {
            Sse.Prefetch0(view + offset);
        }
    }

    // The lead object's fields before its view (its references), and what follows the view: the rest
    // of the lead's own allocation and the start of the next lead's (see Prefetch). Measured on the
    // sample playbook's generated leads, which take about a kilobyte each.
    private const int PrefetchBefore = 128;
    private const int PrefetchAfter = 1472;

    /// <summary>The event's type, read from the view (conditions on <c>lead.Event.Type</c> are compiled to this).</summary>
    internal LeadEventType EventType => _view.EventCode != 0 ? (LeadEventType)(_view.EventCode - 1) : Event.Type;

    /// <summary>When the lead arrived: the time of its triggering event.</summary>
    public DateTimeOffset ArrivedAt => Event.OccurredAt;

    /// <summary>True when the lead carries the named product or intent signal.</summary>
    public bool HasSignal(string signal) => HasSignal(signal, LeadView.SignalBit(signal));

    /// <summary>
    /// <see cref="HasSignal(string)"/> with the signal's bit worked out once, when the condition was
    /// compiled: a lead whose mask lacks the bit does not have the signal, and its array is not read.
    /// </summary>
    internal bool HasSignal(string signal, ulong bit)
    {
        if (bit != 0 && (_view.SignalMask & bit) == 0)
        {
            return false;
        }

        foreach (var s in Signals.AsSpan())
        {
            if (string.Equals(s, signal, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the job title contains the text, ignoring case.</summary>
    public bool TitleContains(string text) => TitleContains(text, LeadView.TitleNeeds(text));

    /// <summary>
    /// <see cref="TitleContains(string)"/> with the text's pairs worked out once, when the condition
    /// was compiled: a title without one of them cannot contain the text, and is not read.
    /// </summary>
    internal bool TitleContains(string text, ulong needs) =>
        _view.LengthCode(LeadText.JobTitle) != 0 && LeadView.MayHold(_view.TitleMask, needs) && ContainsIgnoreCase(JobTitle!, text);

    /// <summary>True when the text is not null (conditions such as <c>lead.Email != null</c> are compiled to this).</summary>
    internal bool IsSet(LeadText text) => _view.LengthCode(text) != 0;

    /// <summary>False when the text cannot be <paramref name="length"/> characters long: a guard in front of comparisons with a constant.</summary>
    internal bool MayHaveLength(LeadText text, int length) =>
        length > LeadView.LongestExactLength || _view.LengthCode(text) == LeadView.LengthCodeOf(length);

    // Ordinal ignore-case search is a scalar loop when globalization is invariant (as it is here, for
    // deterministic output), and title checks run on every lead. For ASCII text — nearly every title —
    // find the first letter in either case with a vectorised scan and compare from there; ASCII-only
    // on both sides gives exactly the ordinal ignore-case answer. Anything else takes the general path.
    private static bool ContainsIgnoreCase(string text, string value)
    {
        if (value.Length == 0 || value.Length > text.Length || !char.IsAsciiLetter(value[0]) || !Ascii.IsValid(value) || !Ascii.IsValid(text))
        {
            return text.Contains(value, StringComparison.OrdinalIgnoreCase);
        }

        var (lower, upper) = (char.ToLowerInvariant(value[0]), char.ToUpperInvariant(value[0]));
        var span = text.AsSpan();
        for (var at = span.IndexOfAny(lower, upper); at >= 0 && span.Length - at >= value.Length; at = span.IndexOfAny(lower, upper))
        {
            if (Ascii.EqualsIgnoreCase(span.Slice(at, value.Length), value))
            {
                return true;
            }

            span = span[(at + 1)..];
        }

        return false;
    }

    // Sets a text's length code in the view and gives the text back, for the init accessors.
    private string? Text(LeadText text, string? value)
    {
        _view.SetText(text, value);
        return value;
    }

    /// <summary>True when the field has a value.</summary>
    public bool Has(LeadField field) => field switch
    {
        LeadField.Email => _view.LengthCode(LeadText.Email) > 1,
        LeadField.FirstName => _view.LengthCode(LeadText.FirstName) > 1,
        LeadField.LastName => _view.LengthCode(LeadText.LastName) > 1,
        LeadField.Company => _view.LengthCode(LeadText.Company) > 1,
        LeadField.JobTitle => _view.LengthCode(LeadText.JobTitle) > 1,
        LeadField.Phone => _view.LengthCode(LeadText.Phone) > 1,
        LeadField.Country => _view.LengthCode(LeadText.Country) > 1,
        LeadField.State => _view.LengthCode(LeadText.State) > 1,
        LeadField.PostalCode => _view.LengthCode(LeadText.PostalCode) > 1,
        LeadField.Employees => _view.HasEmployees,
        LeadField.AnnualRevenue => _view.HasAnnualRevenue,
        LeadField.Source => Source != LeadSource.Other,
        LeadField.Score => true,
        _ => false,
    };
}
