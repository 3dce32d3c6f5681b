namespace HandoffRules.Model;

/// <summary>The kind of data file a playbook reads.</summary>
public enum PlaybookFileKind
{
    /// <summary>An account book (<see cref="PlaybookBuilder.AccountsFrom"/>).</summary>
    AccountBook,

    /// <summary>A territory's postal list (<see cref="TerritoryBuilder.PostalCodesFrom"/>).</summary>
    PostalList,
}

/// <summary>
/// A data file of the rules project as the playbook read it from its assembly, kept so the
/// validator checks the very text the accounts and claims came from, at its lines and columns.
/// </summary>
/// <param name="Path">The path the playbook names, relative to the rules project ("accounts.csv").</param>
/// <param name="Kind">What the file holds.</param>
/// <param name="Text">The file's text; null when the rules assembly does not carry the file.</param>
/// <param name="Territory">For a postal list, the territory whose claims it holds.</param>
public sealed record PlaybookFile(string Path, PlaybookFileKind Kind, string? Text, string? Territory = null);

/// <summary>Where a value of the model was read from: a data file of the rules project and its line.</summary>
/// <param name="Path">The path the playbook names ("accounts.csv").</param>
/// <param name="Line">1-based.</param>
public sealed record FileOrigin(string Path, int Line)
{
    /// <summary>"accounts.csv line 12".</summary>
    public override string ToString() => $"{Path} line {Line}";
}
