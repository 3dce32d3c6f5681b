using HandoffRules.Checks;
using HandoffRules.Model;
using HandoffRules.Validation;

namespace HandoffRules.Cli.Accounts;

/// <summary>
/// Checks an account book's new text with the playbook as <c>handoff check</c> would once the rules
/// are built again: the book's accounts read from the text, in the place the playbook's own book
/// had, and the file's findings at its lines and columns.
/// </summary>
internal static class AccountBookCheck
{
    /// <summary>The errors <c>handoff check</c> would report in the book.</summary>
    /// <param name="playbook">The playbook the book belongs to.</param>
    /// <param name="path">The book as the playbook names it ("accounts.csv").</param>
    /// <param name="text">Its new text.</param>
    public static IReadOnlyList<PlaybookIssue> Errors(PlaybookModel playbook, string path, string text)
    {
        var read = DataFiles.ReadAccountBook(path, text, []).Select(row =>
            new Account(row.Account.Value, [.. row.Domains.Select(d => d.Value.ToLowerInvariant())], row.Owner?.Value)
            {
                Parent = row.Parent?.Value,
                Segment = row.Segment?.Value,
                Territory = row.Territory?.Value,
                Origin = new FileOrigin(path, row.Row.Line),
            });
        var accounts = playbook.Accounts.ToList();
        var at = accounts.FindIndex(a => a.Origin?.Path == path);
        accounts.RemoveAll(a => a.Origin?.Path == path);
        accounts.InsertRange(at < 0 ? accounts.Count : at, read);
        var files = playbook.Files.Where(f => f.Path != path).Append(new PlaybookFile(path, PlaybookFileKind.AccountBook, text));
        return [.. PlaybookValidator.Validate(playbook with { Accounts = [.. accounts], Files = [.. files] })
            .Where(i => i.Severity == IssueSeverity.Error && i.Where.StartsWith(path + "(", StringComparison.Ordinal))];
    }
}
