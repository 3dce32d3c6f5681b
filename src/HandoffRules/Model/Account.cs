namespace HandoffRules.Model;

/// <summary>
/// A named account in the account book: its e-mail domains (including subsidiaries and aliases)
/// and the member who owns it. A lead from one of these domains can go straight to the owner.
/// </summary>
/// <param name="Name">The account's name, as the book writes it.</param>
/// <param name="Domains">Its e-mail domains, lower case.</param>
/// <param name="Owner">The member who owns it; null for a subsidiary that takes its parent's owner.</param>
public sealed record Account(string Name, EquatableArray<string> Domains, string? Owner)
{
    /// <summary>The account this one is a subsidiary of; null when it has none.</summary>
    public string? Parent { get; init; }

    /// <summary>The segment the account's leads are routed as, whatever their size; null for none.</summary>
    public string? Segment { get; init; }

    /// <summary>The territory the account's leads are routed as, wherever they are; null for none.</summary>
    public string? Territory { get; init; }

    /// <summary>The account book row it was read from; null for an account declared in code.</summary>
    public FileOrigin? Origin { get; init; }
}
