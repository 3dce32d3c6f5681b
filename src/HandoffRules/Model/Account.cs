namespace HandoffRules.Model;

/// <summary>
/// A named account in the account book: its e-mail domains (including subsidiaries and aliases)
/// and the member who owns it. A lead from one of these domains can go straight to the owner.
/// </summary>
public sealed record Account(string Name, EquatableArray<string> Domains, string Owner);
