using System;
using System.Collections.Generic;

namespace HandoffRules.Checks;

/// <summary>
/// HR2012: accounts whose parents lead back to themselves. A subsidiary without an owner of its
/// own takes its parent's, so a loop would leave its leads with no owner to find. A parent the
/// playbook does not declare is an unknown reference (HR1004, see <see cref="ReferenceChecks"/>).
/// </summary>
internal static class AccountHierarchyChecks
{
    public static void Run(PlaybookOutline outline, List<CheckFinding> findings)
    {
        var byName = new Dictionary<string, OutlineAccount>(StringComparer.Ordinal);
        foreach (var account in outline.Accounts)
        {
            if (account.Name is not null && !byName.ContainsKey(account.Name))
            {
                byName.Add(account.Name, account);
            }
        }

        // Each account is walked up once: accounts already known to reach a root (or a loop) stop
        // the walk, so a 50,000-account book costs one pass, not one per depth.
        var settled = new HashSet<OutlineAccount>();
        var path = new List<OutlineAccount>();
        var onPath = new HashSet<OutlineAccount>();
        foreach (var start in outline.Accounts)
        {
            path.Clear();
            onPath.Clear();
            var current = start;
            while (current is not null && !settled.Contains(current) && onPath.Add(current))
            {
                path.Add(current);
                current = current.Parent?.Value is { } parent && byName.TryGetValue(parent, out var next) ? next : null;
            }

            if (current is not null && onPath.Contains(current))
            {
                // The loop is the part of the path from where it closes.
                var loop = path.GetRange(path.IndexOf(current), path.Count - path.IndexOf(current));
                var names = string.Join(" → ", loop.ConvertAll(a => a.Shown)) + " → " + current.Shown;
                foreach (var account in loop)
                {
                    findings.Add(new CheckFinding(CheckRules.AccountParentLoop, account.Parent!.Site, Array.Empty<object?>(), account.Shown, names));
                }
            }

            settled.UnionWith(path);
        }
    }
}
