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
    public static List<OutlineAccount> AddAccountBook(PlaybookOutline outline, string path, string text, Func<FileSpan, object?> site)
    {
        var problems = new List<DataProblem>();
        var rows = DataFiles.ReadAccountBook(path, text, problems);
        Report(outline, DataFiles.AccountBookSubject(path), problems, site);
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

        return accounts;
    }

    /// <summary>Adds a postal list's claims to a territory, and its malformed rows (HR2011).</summary>
    public static void AddPostalList(PlaybookOutline outline, OutlineTerritory territory, string path, string text, Func<FileSpan, object?> site)
    {
        var problems = new List<DataProblem>();
        var rows = DataFiles.ReadPostalList(path, text, problems);
        Report(outline, DataFiles.PostalListSubject(path), problems, site);
        foreach (var row in rows)
        {
            territory.Claims.Add(new OutlineClaim(row.Country.Value.Trim(), null, row.PostalCode.Value.Trim(), site(row.PostalCode.Span)));
        }
    }

    /// <summary>A data file the playbook names that the project does not have (HR2010).</summary>
    public static void Missing(PlaybookOutline outline, string path, object? site) =>
        outline.ReadFindings.Add(new CheckFinding(CheckRules.DataFileNotFound, site, Array.Empty<object?>(), DataFiles.NotAFileOfTheProject(path)));

    private static void Report(PlaybookOutline outline, string subject, List<DataProblem> problems, Func<FileSpan, object?> site)
    {
        foreach (var problem in problems)
        {
            outline.ReadFindings.Add(new CheckFinding(CheckRules.MalformedDataRow, site(problem.Span), Array.Empty<object?>(), subject, problem.Message));
        }
    }

    private static OutlineRef? Ref(DataCell? cell, Func<FileSpan, object?> site) =>
        cell is null ? null : new OutlineRef(cell.Value, site(cell.Span));
}
