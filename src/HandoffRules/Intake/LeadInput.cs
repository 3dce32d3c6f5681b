using System.Text.Json.Serialization;

namespace HandoffRules.Intake;

/// <summary>
/// A lead as it arrives, before normalisation: every field as the form, CRM or file gave it.
/// This is the JSON shape of a lead line (snake_case names); numbers may arrive as text
/// ("51-200", "$125M") and are read by <see cref="LeadNormalizer"/>.
/// </summary>
public sealed record LeadInput
{
    /// <summary>The lead's id in the source system (required).</summary>
    public string? Id { get; init; }

    /// <summary>E-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>First name.</summary>
    public string? FirstName { get; init; }

    /// <summary>Last name.</summary>
    public string? LastName { get; init; }

    /// <summary>Company name.</summary>
    public string? Company { get; init; }

    /// <summary>Job title.</summary>
    public string? JobTitle { get; init; }

    /// <summary>Phone number.</summary>
    public string? Phone { get; init; }

    /// <summary>Country: code, name or alias ("US", "USA", "United States").</summary>
    public string? Country { get; init; }

    /// <summary>State, province or region: code or name.</summary>
    public string? State { get; init; }

    /// <summary>Postal code.</summary>
    public string? PostalCode { get; init; }

    /// <summary>City.</summary>
    public string? City { get; init; }

    /// <summary>Employees: a number or a range ("51-200", "1,000+").</summary>
    [JsonConverter(typeof(NumberAsTextConverter))]
    public string? Employees { get; init; }

    /// <summary>Annual revenue in US dollars: a number or text ("$125M", "1.2B").</summary>
    [JsonConverter(typeof(NumberAsTextConverter))]
    public string? AnnualRevenue { get; init; }

    /// <summary>Lead source ("organic", "PAID_SEARCH", "demo_request"…).</summary>
    public string? Source { get; init; }

    /// <summary>Lead score, 0–100.</summary>
    public int? Score { get; init; }

    /// <summary>Product and intent signals.</summary>
    public string[]? Signals { get; init; }

    /// <summary>The triggering event; a form submission when absent.</summary>
    public LeadEventInput? Event { get; init; }
}

/// <summary>The triggering event of a <see cref="LeadInput"/>.</summary>
public sealed record LeadEventInput
{
    /// <summary>"form_submission", "demo_request", "high_intent_page_view" or "product_signal".</summary>
    public string? Type { get; init; }

    /// <summary>The page path, the signal name or the form name.</summary>
    public string? Detail { get; init; }

    /// <summary>When it happened; the time of receipt when absent.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}
