using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using HandoffRules.Host.Store;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Simulation;

/// <summary>
/// The temporary event log of a week simulation run without <c>--db</c>: named after the process
/// that writes it, removed when the run ends (completed, failed or interrupted), and, when a run
/// was killed before it could remove it, cleaned up by the next simulation.
/// </summary>
public static class SimulationDatabase
{
    private const string Prefix = "handoff-simulation-";

    // The paths given out in this process: a log there is read once, by its week's report, and removed.
    private static readonly ConcurrentDictionary<string, bool> Given = new(StringComparer.Ordinal);

    /// <summary>A new temporary database path for this process.</summary>
    public static string NewPath(string? folder = null)
    {
        var path = Path.Combine(folder ?? Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        Given[Path.GetFullPath(path)] = true;
        return path;
    }

    /// <summary>Whether <paramref name="database"/> is a temporary log <see cref="NewPath"/> gave out in this process.</summary>
    internal static bool IsTemporary(string database) => Given.ContainsKey(Path.GetFullPath(database));

    /// <summary>Removes a database and the files SQLite and the store keep beside it.</summary>
    public static void Remove(string database)
    {
        // Pooled connections keep the file open; let them go first.
        SqliteConnection.ClearAllPools();
        Given.TryRemove(Path.GetFullPath(database), out _);
        foreach (var file in Files(database))
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Removes the temporary databases of simulations that are no longer running: the process named
    /// in the file is gone and nobody holds the store's lock. A database in use is never touched.
    /// </summary>
    /// <returns>The databases removed, each with what its files took on disk, for the caller to say so.</returns>
    public static IReadOnlyList<StaleEventLog> RemoveStale(string? folder = null)
    {
        var removed = new List<StaleEventLog>();
        // A database, or the lock file an older run left beside a database already gone.
        var where = folder ?? Path.GetTempPath();
        var databases = Directory.EnumerateFiles(where, Prefix + "*.db")
            .Concat(Directory.EnumerateFiles(where, Prefix + "*.db.lock").Select(l => l[..^".lock".Length]))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var database in databases)
        {
            if (Owner(database) is not { } pid || pid == Environment.ProcessId || IsRunning(pid))
            {
                continue;
            }

            var bytes = 0L;

            // The lock is held for as long as a store is open, and the system drops it when its holder
            // dies: taking it proves no one uses the database now.
            using (var held = StoreLock.TryAcquire(database, $"cleanup by process {Environment.ProcessId}"))
            {
                if (held is null)
                {
                    continue;
                }

                foreach (var file in Files(database).Where(f => f != StoreLock.PathFor(database)))
                {
                    bytes += Length(file);
                    File.Delete(file);
                }
            }

            File.Delete(StoreLock.PathFor(database));
            removed.Add(new StaleEventLog(database, pid, bytes));
        }

        return removed;
    }

    private static long Length(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;

    private static string[] Files(string database) => [database, database + "-wal", database + "-shm", database + "-journal", StoreLock.PathFor(database)];

    private static int? Owner(string database)
    {
        // "handoff-simulation-<pid>-<random>.db", or "handoff-simulation-<pid>.db" from older runs.
        var name = Path.GetFileName(database)[Prefix.Length..];
        var digits = name.TakeWhile(char.IsAsciiDigit).Count();
        return digits > 0 && int.TryParse(name[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
