using System.Text;
using System.Text.Json;
using HandoffRules.Records;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit.Sdk;

namespace HandoffRules.Testing;

/// <summary>
/// Snapshots of routing decisions, one line per lead sorted by id, so a pull request's diff reads
/// like a review. On a mismatch the failure lists the decisions that changed, line by line. Stored
/// with Snapshooter.Xunit in <c>__snapshots__</c> beside the test; set <c>SNAPSHOOTER_STRICT_MODE=true</c>
/// in CI so a missing snapshot fails instead of being written.
/// </summary>
public static class DecisionSnapshot
{
    /// <summary>How many changed decisions a failure lists before it summarises.</summary>
    public const int Shown = 40;

    /// <summary>The snapshot's lines: one per decision, sorted by lead id.</summary>
    public static string[] Lines(IEnumerable<DecisionRecord> records) =>
        [.. records.OrderBy(r => r.LeadId, StringComparer.Ordinal).Select(r => r.ToSnapshotLine())];

    /// <summary>Matches the decisions against the calling test's snapshot (<c>Class.Method.snap</c>).</summary>
    /// <param name="records">The decisions.</param>
    public static void Match(IEnumerable<DecisionRecord> records) => Match(records, Snapshot.FullName());

    /// <summary>Matches the decisions against a named snapshot, listing the changed decisions on a mismatch.</summary>
    /// <param name="records">The decisions.</param>
    /// <param name="name">The snapshot.</param>
    /// <param name="existing">
    /// Compare against a snapshot that must already exist: a test that routes a changed playbook
    /// against the sample's snapshot must never be the one that creates it.
    /// </param>
    public static void Match(IEnumerable<DecisionRecord> records, SnapshotFullName name, bool existing = false)
    {
        var lines = Lines(records);
        var stored = Path.Combine(name.FolderPath, "__snapshots__", name.Filename);
        if (existing && !File.Exists(stored))
        {
            throw new XunitException($"{name.Filename} does not exist yet; run the test that creates it first.");
        }

        try
        {
            Snapshot.Match(lines, name);
        }
        catch (Exception) when (File.Exists(stored))
        {
            // A stored snapshot that does not match: say which decisions changed. (A missing one in
            // strict mode keeps Snapshooter's own failure.)
            throw new XunitException(Diff(JsonSerializer.Deserialize<string[]>(File.ReadAllText(stored)) ?? [], lines, name.Filename));
        }
    }

    /// <summary>The decisions that differ, as "- before / + now" pairs keyed by lead id.</summary>
    /// <param name="before">The stored snapshot's lines.</param>
    /// <param name="now">The current lines.</param>
    /// <param name="snapshot">The snapshot's file name, for the message.</param>
    public static string Diff(string[] before, string[] now, string snapshot)
    {
        static string Id(string line) => line[..line.IndexOf(' ', StringComparison.Ordinal)];
        var old = before.ToDictionary(Id, StringComparer.Ordinal);
        var current = now.ToDictionary(Id, StringComparer.Ordinal);
        var changes = old.Keys.Union(current.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(id => old.GetValueOrDefault(id) != current.GetValueOrDefault(id))
            .ToList();

        var message = new StringBuilder($"{changes.Count} routing decision(s) changed against {snapshot} (- snapshot, + now):\n");
        foreach (var id in changes.Take(Shown))
        {
            if (old.TryGetValue(id, out var was))
            {
                message.Append("- ").Append(was).Append('\n');
            }

            if (current.TryGetValue(id, out var @is))
            {
                message.Append("+ ").Append(@is).Append('\n');
            }
        }

        if (changes.Count > Shown)
        {
            message.Append($"… and {changes.Count - Shown} more.\n");
        }

        message.Append("The new snapshot is in __snapshots__/__mismatch__/. If the change is intended, move it over the old one ")
            .Append("(see the pull-request workflow guide).");
        return message.ToString();
    }
}
