using HandoffRules.Host.Crm;

namespace HandoffRules.Host.Inputs;

/// <summary>
/// A refresh of account owners read from the CRM: each company of HubSpot with what it gives the
/// account book, applied by the processor in its turn, so the owners change between two decisions
/// and are recorded in the same event log as the decisions they affect.
/// </summary>
/// <param name="Source">Where it came from ("hubspot").</param>
/// <param name="Position">Which refresh.</param>
/// <param name="Companies">Every company read, with its outcome (see <see cref="CompanyOwnership"/>).</param>
/// <param name="RefreshedAt">When the companies were read.</param>
public sealed record AccountOwnersWork(string Source, string Position, IReadOnlyList<CompanyOwner> Companies, DateTimeOffset RefreshedAt) : HandoffWork(Source, Position);
