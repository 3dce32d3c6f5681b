using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace HandoffRules.Checks;

/// <summary>One cell of a data file: its value and where it is.</summary>
internal sealed class DataCell
{
    public DataCell(string value, FileSpan span)
    {
        Value = value;
        Span = span;
    }

    public string Value { get; }

    public FileSpan Span { get; }
}

/// <summary>One account of an account book file, each value with its cell.</summary>
internal sealed class BookRow
{
    public BookRow(DataCell account, FileSpan row)
    {
        Account = account;
        Row = row;
    }

    public DataCell Account { get; }

    /// <summary>The row's first character.</summary>
    public FileSpan Row { get; }

    public List<DataCell> Domains { get; } = new();

    /// <summary>Null when the cell is empty: the account takes its parent's owner.</summary>
    public DataCell? Owner { get; set; }

    public DataCell? Parent { get; set; }

    public DataCell? Segment { get; set; }

    public DataCell? Territory { get; set; }
}

/// <summary>One postal-code claim of a postal list file.</summary>
internal sealed class PostalRow
{
    public PostalRow(DataCell country, DataCell postalCode)
    {
        Country = country;
        PostalCode = postalCode;
    }

    public DataCell Country { get; }

    public DataCell PostalCode { get; }
}

/// <summary>A problem with a data file's text, at a place in it (HR2011).</summary>
internal sealed class DataProblem
{
    public DataProblem(FileSpan span, string message)
    {
        Span = span;
        Message = message;
    }

    public FileSpan Span { get; }

    public string Message { get; }
}

/// <summary>
/// Reads the data files a playbook names — account books (<c>AccountsFrom</c>) and postal lists
/// (<c>PostalCodesFrom</c>) — for the DSL, the analyzers and the runtime validator alike, so all
/// three see the same rows and the same malformed ones. Columns are found by their header, in any
/// order and case; an unknown column is refused rather than ignored, so a misspelt "ownr" cannot
/// silently leave every account without an owner.
/// </summary>
internal static class DataFiles
{
    public const string AccountColumn = "account";
    public const string DomainsColumn = "domains";
    public const string OwnerColumn = "owner";
    public const string ParentColumn = "parent";
    public const string SegmentColumn = "segment";
    public const string TerritoryColumn = "territory";
    public const string CountryColumn = "country";
    public const string PostalCodeColumn = "postal_code";

    private static readonly string[] AccountColumns = { AccountColumn, DomainsColumn, OwnerColumn, ParentColumn, SegmentColumn, TerritoryColumn };
    private static readonly string[] AccountRequired = { AccountColumn, DomainsColumn, OwnerColumn };
    private static readonly string[] PostalColumns = { CountryColumn, PostalCodeColumn };

    /// <summary>
    /// The name the build gives a data file embedded in the rules assembly (see the package's
    /// build/HandoffRules.targets): the prefix and the path relative to the project, with '/'.
    /// </summary>
    public static string ResourceName(string path) => "HandoffRules.Files/" + NormalisePath(path);

    /// <summary>A project-relative path with forward slashes and no leading "./".</summary>
    public static string NormalisePath(string path)
    {
        var normal = path.Trim().Replace('\\', '/');
        while (normal.StartsWith("./", StringComparison.Ordinal))
        {
            normal = normal.Substring(2);
        }

        return normal;
    }

    /// <summary>What a file is called in messages: "Account book 'accounts.csv'".</summary>
    public static string AccountBookSubject(string path) => $"Account book '{path}'";

    public static string PostalListSubject(string path) => $"Postal list '{path}'";

    /// <summary>The message of HR2010, the same whichever side finds the file missing.</summary>
    public static string NotAFileOfTheProject(string path) =>
        $"'{path}' is not a file of the rules project: declare it as <AdditionalFiles Include=\"{path}\" /> so the analyzers check it and the build embeds it in the rules assembly";

    // An account book's reading, kept from building a playbook until the validator reads the very
    // same text (PlaybookFile.Text) — so `handoff check` parses a 50,000-row book once, not twice —
    // and handed over then: nothing stays alive beside the model once it is validated.
    private static readonly ConditionalWeakTable<string, AccountBookText> KeptAccountBooks = new();

    /// <summary>
    /// The accounts of an account book, and what is wrong with the rows that are not accounts. When
    /// <see cref="ReadAccountBookAndKeep"/> read the same text (the same string) at the same path,
    /// its reading is taken instead of parsing again; the rows are shared, so never changed.
    /// </summary>
    public static List<BookRow> ReadAccountBook(string path, string text, List<DataProblem> problems)
    {
        lock (KeptAccountBooks)
        {
            if (KeptAccountBooks.TryGetValue(text, out var kept) && string.Equals(kept.Path, path, StringComparison.Ordinal))
            {
                KeptAccountBooks.Remove(text);
                problems.AddRange(kept.Problems);
                return kept.Rows;
            }
        }

        return ParseAccountBook(path, text, problems);
    }

    /// <summary>
    /// As <see cref="ReadAccountBook"/>, and keeps the reading for the next reader of the same text:
    /// the DSL reads a book with this when it builds a playbook, for the validator that checks it next.
    /// </summary>
    public static List<BookRow> ReadAccountBookAndKeep(string path, string text, List<DataProblem> problems)
    {
        var found = new List<DataProblem>();
        var rows = ParseAccountBook(path, text, found);
        lock (KeptAccountBooks)
        {
            KeptAccountBooks.Remove(text);
            KeptAccountBooks.Add(text, new AccountBookText(path, rows, found));
        }

        problems.AddRange(found);
        return rows;
    }

    private sealed class AccountBookText
    {
        public AccountBookText(string path, List<BookRow> rows, List<DataProblem> problems)
        {
            Path = path;
            Rows = rows;
            Problems = problems;
        }

        public string Path { get; }

        public List<BookRow> Rows { get; }

        public List<DataProblem> Problems { get; }
    }

    private static List<BookRow> ParseAccountBook(string path, string text, List<DataProblem> problems)
    {
        var rows = new List<BookRow>();
        var records = CsvReader.Read(path, text);
        var columns = Header(records, AccountColumns, AccountRequired, "account book", path, problems);
        if (columns is null)
        {
            return rows;
        }

        for (var r = 1; r < records.Count; r++)
        {
            var record = records[r];
            if (!WellFormed(record, columns.Count, problems))
            {
                continue;
            }

            var account = Cell(record, columns, AccountColumn)!;
            if (account.Value.Trim().Length == 0)
            {
                problems.Add(new DataProblem(account.Span, "the account name is empty"));
                continue;
            }

            var row = new BookRow(account, record.Span)
            {
                Owner = NonEmpty(Cell(record, columns, OwnerColumn)),
                Parent = NonEmpty(Cell(record, columns, ParentColumn)),
                Segment = NonEmpty(Cell(record, columns, SegmentColumn)),
                Territory = NonEmpty(Cell(record, columns, TerritoryColumn)),
            };
            if (row.Owner is null && row.Parent is null)
            {
                problems.Add(new DataProblem(Cell(record, columns, OwnerColumn)!.Span, $"account '{Names.Visible(account.Value)}' has no owner and no parent to take one from"));
                continue;
            }

            if (Domains(Cell(record, columns, DomainsColumn)!, row.Domains) is { } bad)
            {
                problems.Add(new DataProblem(bad.Span, $"'{bad.Value}' is not an e-mail domain (write domains as example.com, several separated by ';')"));
                continue;
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The postal-code claims of a postal list, and what is wrong with the rows that are not claims.</summary>
    public static List<PostalRow> ReadPostalList(string path, string text, List<DataProblem> problems)
    {
        var rows = new List<PostalRow>();
        var records = CsvReader.Read(path, text);
        var columns = Header(records, PostalColumns, PostalColumns, "postal list", path, problems);
        if (columns is null)
        {
            return rows;
        }

        for (var r = 1; r < records.Count; r++)
        {
            var record = records[r];
            if (!WellFormed(record, columns.Count, problems))
            {
                continue;
            }

            var country = Cell(record, columns, CountryColumn)!;
            var postal = Cell(record, columns, PostalCodeColumn)!;
            if (country.Value.Trim().Length == 0)
            {
                problems.Add(new DataProblem(country.Span, "the country is empty"));
            }
            else if (postal.Value.Trim().Length == 0)
            {
                problems.Add(new DataProblem(postal.Span, "the postal code is empty"));
            }
            else
            {
                rows.Add(new PostalRow(country, postal));
            }
        }

        return rows;
    }

    // Column name → index, or null (and a problem) when the header is missing or wrong.
    private static Dictionary<string, int>? Header(List<CsvRecord> records, string[] known, string[] required, string kind, string path, List<DataProblem> problems)
    {
        if (records.Count == 0)
        {
            problems.Add(new DataProblem(new FileSpan(path, 0, 0, 1, 1), $"the file is empty; an {kind} starts with a header row: {string.Join(",", required)}"));
            return null;
        }

        var header = records[0];
        if (header.Problem is not null)
        {
            problems.Add(new DataProblem(header.ProblemSpan!, header.Problem));
            return null;
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var field = header.Fields[i];
            var name = field.Value.Trim().ToLowerInvariant();
            if (Array.IndexOf(known, name) < 0)
            {
                problems.Add(new DataProblem(field.Span, $"unknown column '{field.Value}'; the columns of an {kind} are {string.Join(", ", known)}"));
                ok = false;
            }
            else if (columns.TryGetValue(name, out _))
            {
                problems.Add(new DataProblem(field.Span, $"column '{name}' appears twice"));
                ok = false;
            }
            else
            {
                columns.Add(name, i);
            }
        }

        foreach (var column in required)
        {
            if (!columns.ContainsKey(column))
            {
                problems.Add(new DataProblem(header.Span, $"the header has no '{column}' column"));
                ok = false;
            }
        }

        return ok ? columns : null;
    }

    private static bool WellFormed(CsvRecord record, int columns, List<DataProblem> problems)
    {
        if (record.Problem is not null)
        {
            problems.Add(new DataProblem(record.ProblemSpan!, record.Problem));
            return false;
        }

        if (record.Fields.Count != columns)
        {
            problems.Add(new DataProblem(record.Span, $"the row has {record.Fields.Count} field(s) and the header {columns}"));
            return false;
        }

        return true;
    }

    private static DataCell? Cell(CsvRecord record, Dictionary<string, int> columns, string column) =>
        columns.TryGetValue(column, out var index) ? record.Fields[index] : null;

    private static DataCell? NonEmpty(DataCell? cell) => cell is null || cell.Value.Trim().Length == 0 ? null : cell;

    // Splits "a.com; b.com" into cells, each at its own column when the field is unquoted (a quoted
    // field's value is not its text, so its parts are placed at the field).
    private static DataCell? Domains(DataCell cell, List<DataCell> domains)
    {
        var quoted = cell.Span.Length != cell.Value.Length;
        var start = 0;
        while (start <= cell.Value.Length)
        {
            var end = cell.Value.IndexOf(';', start);
            if (end < 0)
            {
                end = cell.Value.Length;
            }

            var from = start;
            var to = end;
            while (from < to && char.IsWhiteSpace(cell.Value[from]))
            {
                from++;
            }

            while (to > from && char.IsWhiteSpace(cell.Value[to - 1]))
            {
                to--;
            }

            if (to > from && from == 0 && to == cell.Value.Length && !quoted)
            {
                // The usual cell: one domain, nothing around it; it is its own cell.
                if (!IsDomain(cell.Value))
                {
                    return cell;
                }

                domains.Add(cell);
            }
            else if (to > from)
            {
                var span = quoted
                    ? cell.Span
                    : new FileSpan(cell.Span.Path, cell.Span.Start + from, to - from, cell.Span.Line, cell.Span.Column + from);
                var domain = new DataCell(cell.Value.Substring(from, to - from), span);
                if (!IsDomain(domain.Value))
                {
                    return domain;
                }

                domains.Add(domain);
            }

            start = end + 1;
        }

        return null;
    }

    private static bool IsDomain(string value)
    {
        if (value.IndexOf('.') <= 0 || value[value.Length - 1] == '.')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsLetterOrDigit(c) || c == '.' || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
