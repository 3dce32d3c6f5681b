using System.Text;
using HandoffRules.Checks;
using HandoffRules.Cli.Loading;
using HandoffRules.Host.Crm;

namespace HandoffRules.Cli.Accounts;

/// <summary>An owner the pull changes: the account, its owner before and after, and the HubSpot owner id.</summary>
internal sealed record OwnerChange(string Account, string? From, string To, string OwnerId);

/// <summary>An account the pull adds to the book.</summary>
internal sealed record AddedAccount(string Account, IReadOnlyList<string> Domains, string Owner, string? Parent, string CompanyId);

/// <summary>A company the pull leaves out of the book, or an account whose owner it does not change, and why.</summary>
internal sealed record SkippedCompany(string CompanyId, CompanyOutcome Outcome, string Why);

/// <summary>What a pull does to the book: its new text and every outcome, counted.</summary>
internal sealed class AccountBookPullResult
{
    /// <summary>The book's text after the pull.</summary>
    public string Text { get; set; } = "";

    /// <summary>True when the text differs from the book's.</summary>
    public bool Changed { get; set; }

    public List<OwnerChange> Changes { get; } = [];

    public List<AddedAccount> Added { get; } = [];

    public List<SkippedCompany> Skipped { get; } = [];

    /// <summary>Accounts HubSpot agrees with.</summary>
    public int Unchanged { get; set; }

    /// <summary>Accounts of the book no HubSpot company is: kept as the team wrote them.</summary>
    public List<string> NotInHubSpot { get; } = [];
}

/// <summary>
/// Writes HubSpot's company owners into an account book's text as a minimal edit: an owner that
/// changed is replaced in its own cell and nowhere else, so the rows, columns (segment and territory
/// overrides), quoting, line endings and order the team wrote stay as they were and the diff a
/// reviewer reads is one line per change. Companies the book lacks are appended, sorted by name.
/// A book that does not read cleanly is refused: it is fixed first, not rewritten.
/// </summary>
internal static class AccountBookPull
{
    private static readonly string[] NewFileColumns = [DataFiles.AccountColumn, DataFiles.DomainsColumn, DataFiles.OwnerColumn, DataFiles.ParentColumn];

    /// <exception cref="CommandException">The book has problems <c>handoff check</c> would report.</exception>
    public static AccountBookPullResult Apply(string path, string? text, IReadOnlyList<CompanyOwner> companies)
    {
        var newLine = text is null || !text.Contains("\r\n", StringComparison.Ordinal) ? "\n" : "\r\n";
        text ??= string.Join(",", NewFileColumns) + newLine;
        var problems = new List<DataProblem>();
        DataFiles.ReadAccountBook(path, text, problems);
        if (problems.Count > 0)
        {
            throw new CommandException(
                $"{path} has {problems.Count} problem(s), the first at {problems[0].Span}: {problems[0].Message}. Fix the book first ('handoff check' lists them); a pull edits a clean book only.");
        }

        var records = CsvReader.Read(path, text);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < records[0].Fields.Count; i++)
        {
            columns[records[0].Fields[i].Value.Trim().ToLowerInvariant()] = i;
        }

        var rows = records.Skip(1).ToList();
        string Field(CsvRecord row, string column) => columns.TryGetValue(column, out var i) ? row.Fields[i].Value : "";
        var names = rows.Select(r => Field(r, DataFiles.AccountColumn)).ToList();
        var match = new CompanyAccountMatch(rows.Select(r => (Field(r, DataFiles.AccountColumn), (IEnumerable<string>)Domains(Field(r, DataFiles.DomainsColumn)))));
        var byName = names.Select((n, i) => (n, i)).GroupBy(p => p.n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);

        // The owner each account will have of its own: HubSpot's for an account with an owner cell,
        // so a subsidiary that inherits is compared with its parent's new owner, not the old one.
        var own = rows.Select(r => Field(r, DataFiles.OwnerColumn) is { Length: > 0 } o ? o : null).ToArray();
        foreach (var owner in companies.Where(c => c.Outcome == CompanyOutcome.Owned))
        {
            if (match.Find(owner.Company) is >= 0 and var row && own[row] is not null)
            {
                own[row] = owner.MemberId;
            }
        }

        // The owner an account has: its own, or the nearest parent's.
        string? OwnerOf(int row, bool afterPull)
        {
            for (var (at, depth) = (row, 0); at >= 0 && depth <= rows.Count; depth++)
            {
                if ((afterPull ? own[at] : Field(rows[at], DataFiles.OwnerColumn) is { Length: > 0 } o ? o : null) is { } found)
                {
                    return found;
                }

                at = byName.GetValueOrDefault(Field(rows[at], DataFiles.ParentColumn), -1);
            }

            return null;
        }

        var edits = new List<(FileSpan Cell, string Value)>();
        var takenBy = new Dictionary<int, string>();
        var result = new List<AddedAccount>();
        var outcome = new AccountBookPullResult();
        var companyNames = companies.Where(c => c.Outcome is not CompanyOutcome.Duplicate).ToDictionary(c => c.Company.Id, c => c.Company.Name, StringComparer.Ordinal);
        foreach (var owner in companies)
        {
            var company = owner.Company;
            switch (owner.Outcome)
            {
                case CompanyOutcome.NoDomain:
                    outcome.Skipped.Add(new SkippedCompany(company.Id, owner.Outcome, "has no domain"));
                    continue;
                case CompanyOutcome.Duplicate:
                    outcome.Skipped.Add(new SkippedCompany(company.Id, owner.Outcome, $"has the name or a domain of company {owner.DuplicateOf}"));
                    continue;
            }

            var row = match.Find(company);
            if (row >= 0 && takenBy.TryGetValue(row, out var first))
            {
                outcome.Skipped.Add(new SkippedCompany(company.Id, CompanyOutcome.Duplicate, $"is account '{names[row]}' too, like company {first}"));
                continue;
            }

            if (row >= 0)
            {
                takenBy[row] = company.Id;
            }

            if (owner.Outcome != CompanyOutcome.Owned)
            {
                var why = owner.Outcome == CompanyOutcome.NoOwner ? "has no owner in HubSpot" : $"has owner {company.OwnerId}, who maps to no member";
                outcome.Skipped.Add(new SkippedCompany(company.Id, owner.Outcome, row >= 0 ? $"{why}; account '{names[row]}' keeps its owner" : $"{why}; not added"));
                continue;
            }

            if (row >= 0)
            {
                var current = OwnerOf(row, afterPull: false);
                if (OwnerOf(row, afterPull: true) == owner.MemberId && (own[row] is null || current == owner.MemberId))
                {
                    outcome.Unchanged++;
                    continue;
                }

                edits.Add((rows[row].Fields[columns[DataFiles.OwnerColumn]].Span, Quote(owner.MemberId!)));
                outcome.Changes.Add(new OwnerChange(names[row], current, owner.MemberId!, company.OwnerId!));
            }
            else if (company.Name.Length == 0)
            {
                outcome.Skipped.Add(new SkippedCompany(company.Id, owner.Outcome, "has no name; not added"));
            }
            else
            {
                var parent = company.ParentId is { } p && companyNames.TryGetValue(p, out var parentName) && parentName.Length > 0 ? parentName : null;
                result.Add(new AddedAccount(company.Name, company.Domains, owner.MemberId!, parent, company.Id));
            }
        }

        // A parent column lets a child name its parent; a book without one keeps its columns.
        var header = records[0].Fields.Select(f => f.Value.Trim().ToLowerInvariant()).ToList();
        var builder = new StringBuilder(text);
        foreach (var (cell, value) in edits.OrderByDescending(e => e.Cell.Start))
        {
            builder.Remove(cell.Start, cell.Length).Insert(cell.Start, value);
        }

        if (result.Count > 0 && builder.Length > 0 && builder[^1] is not ('\n' or '\r'))
        {
            builder.Append(newLine);
        }

        foreach (var added in result.OrderBy(a => a.Account, StringComparer.Ordinal))
        {
            builder.Append(string.Join(",", header.Select(column => Quote(column switch
            {
                DataFiles.AccountColumn => added.Account,
                DataFiles.DomainsColumn => string.Join(";", added.Domains),
                DataFiles.OwnerColumn => added.Owner,
                DataFiles.ParentColumn => added.Parent ?? "",
                _ => "",
            })))).Append(newLine);
            outcome.Added.Add(added);
        }

        for (var r = 0; r < rows.Count; r++)
        {
            if (!takenBy.ContainsKey(r))
            {
                outcome.NotInHubSpot.Add(names[r]);
            }
        }

        outcome.Text = builder.ToString();
        outcome.Changed = outcome.Text != text;
        return outcome;
    }

    private static List<string> Domains(string cell) =>
        [.. cell.Split(';').Select(d => d.Trim().ToLowerInvariant()).Where(d => d.Length > 0)];

    // RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
