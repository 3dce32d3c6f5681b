namespace HandoffRules.Model;

/// <summary>The kinds of event that bring a lead to the handoff.</summary>
public enum LeadEventType
{
    /// <summary>Any form submission (content download, contact us).</summary>
    FormSubmission = 0,

    /// <summary>A demo request.</summary>
    DemoRequest,

    /// <summary>A view of a high-intent page (pricing, security, comparison).</summary>
    HighIntentPageView,

    /// <summary>A product usage signal (invited a teammate, hit a plan limit).</summary>
    ProductSignal,
}

/// <summary>
/// The event that made a lead arrive now: its type, a detail (the page path or the product
/// signal's name) and when it happened.
/// </summary>
/// <param name="Type">What happened.</param>
/// <param name="Detail">The page path for page views, the signal name for product signals, else the form's name.</param>
/// <param name="OccurredAt">When it happened; the routing clock and every SLA start from here.</param>
public sealed record LeadEvent(LeadEventType Type, string? Detail, DateTimeOffset OccurredAt);
