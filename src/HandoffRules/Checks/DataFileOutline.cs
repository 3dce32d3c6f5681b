using System;
using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>
/// Puts what a data file declares on the outline, with each value at its cell: the analyzers pass
/// a site maker that gives Roslyn locations in the additional file, the runtime validator one that
/// gives "accounts.csv(3,12)". Both read the file with the same <see cref="DataFiles"/> reader, so
/// they find the same rows and the same problems at the same lines and columns.
/// </summary>
internal static class DataFileOutline
{
    /// <summary>Adds an account book's accounts (returned in file order) and its malformed rows (HR2011).</summary>
    public static List<OutlineAccount> AddAccountBook(PlaybookOutline outline, string path, string text, Func<FileSpan, object?> site) =>
        Add(outline, ReadAccountBook(path, text, site));

    /// <summary>Adds what <see cref="ReadAccountBook"/> read: its malformed rows; returns its accounts.</summary>
    public static List<OutlineAccount> Add(PlaybookOutline outline, AccountBookRead read)
    {
        outline.ReadFindings.AddRange(read.Findings);
        return read.Accounts;
    }

    /// <summary>
    /// An account book's accounts and malformed rows, read without an outline so a reader can keep
    /// them for the next playbook or analyzer that names the same text; nothing here changes once read.
    /// </summary>
    public static AccountBookRead ReadAccountBook(string path, string text, Func<FileSpan, object?> site)
    {
        var problems = new List<DataProblem>();
        var rows = DataFiles.ReadAccountBook(path, text, problems);
        var accounts = new List<OutlineAccount>(rows.Count);
        foreach (var row in rows)
        {
            var account = new OutlineAccount(row.Account.Value, site(row.Account.Span))
            {
                Owner = Ref(row.Owner, site),
                Parent = Ref(row.Parent, site),
                Segment = Ref(row.Segment, site),
                Territory = Ref(row.Territory, site),
            };
            foreach (var domain in row.Domains)
            {
                account.Domains.Add(new OutlineRef(domain.Value.ToLowerInvariant(), site(domain.Span)));
            }

            accounts.Add(account);
        }

        return new AccountBookRead(accounts, Findings(DataFiles.AccountBookSubject(path), problems, site));
    }

    /// <summary>Adds a postal list's claims to a territory, and its malformed rows (HR2011).</summary>
    public static void AddPostalList(PlaybookOutline outline, OutlineTerritory territory, string path, string text, Func<FileSpan, object?> site) =>
        Add(outline, territory, ReadPostalList(path, text, site));

    /// <summary>Adds what <see cref="ReadPostalList"/> read to a territory, and its malformed rows.</summary>
    public static void Add(PlaybookOutline outline, OutlineTerritory territory, PostalListRead read)
    {
        outline.ReadFindings.AddRange(read.Findings);
        territory.Claims.AddRange(read.Claims);
    }

    /// <summary>A postal list's claims and malformed rows, read without an outline (see <see cref="ReadAccountBook"/>).</summary>
    public static PostalListRead ReadPostalList(string path, string text, Func<FileSpan, object?> site)
    {
        var problems = new List<DataProblem>();
        var rows = DataFiles.ReadPostalList(path, text, problems);
        var claims = new List<OutlineClaim>(rows.Count);
        foreach (var row in rows)
        {
            claims.Add(new OutlineClaim(row.Country.Value.Trim(), null, row.PostalCode.Value.Trim(), site(row.PostalCode.Span)));
        }

        return new PostalListRead(claims, Findings(DataFiles.PostalListSubject(path), problems, site));
    }

    /// <summary>A data file the playbook names that the project does not have (HR2010).</summary>
    public static void Missing(PlaybookOutline outline, string path, object? site) =>
        outline.ReadFindings.Add(new CheckFinding(CheckRules.DataFileNotFound, site, Array.Empty<object?>(), DataFiles.NotAFileOfTheProject(path)));

    private static List<CheckFinding> Findings(string subject, List<DataProblem> problems, Func<FileSpan, object?> site)
    {
        var findings = new List<CheckFinding>(problems.Count);
        foreach (var problem in problems)
        {
            findings.Add(new CheckFinding(CheckRules.MalformedDataRow, site(problem.Span), Array.Empty<object?>(), subject, problem.Message));
        }

        return findings;
    }

    private static OutlineRef? Ref(DataCell? cell, Func<FileSpan, object?> site) =>
        cell is null ? null : new OutlineRef(cell.Value, site(cell.Span));
}

/// <summary>What an account book file holds, as the checks read it.</summary>
internal sealed class AccountBookRead
{
    public AccountBookRead(List<OutlineAccount> accounts, List<CheckFinding> findings)
    {
        Accounts = accounts;
        Findings = findings;
    }

    /// <summary>The accounts, in file order; shared by every outline that reads the same text, so never changed.</summary>
    public List<OutlineAccount> Accounts { get; }

    /// <summary>Its malformed rows (HR2011).</summary>
    public List<CheckFinding> Findings { get; }
}

/// <summary>What a postal list file holds, as the checks read it.</summary>
internal sealed class PostalListRead
{
    public PostalListRead(List<OutlineClaim> claims, List<CheckFinding> findings)
    {
        Claims = claims;
        Findings = findings;
    }

    /// <summary>The postal-code claims, in file order; shared like <see cref="AccountBookRead.Accounts"/>.</summary>
    public List<OutlineClaim> Claims { get; }

    /// <summary>Its malformed rows (HR2011).</summary>
    public List<CheckFinding> Findings { get; }
}
