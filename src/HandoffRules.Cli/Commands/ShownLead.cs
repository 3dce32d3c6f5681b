namespace HandoffRules.Cli.Commands;

/// <summary>
/// A lead that moves, as <c>plan --show-leads</c> names it: its company and e-mail address as it
/// arrived (nothing else of the person: no name, no phone), where it went before and where it goes now.
/// </summary>
internal sealed record ShownLead(string LeadId, string? Company, string? Email, string From, string To);
