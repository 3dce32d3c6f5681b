namespace HandoffRules.Host.Store;

/// <summary>
/// Makes the SQLite store single-writer by construction: an exclusive lock on a file beside the
/// database, held for as long as the host runs. A second host on the same database fails at once,
/// naming the holder. The operating system drops the lock when its holder dies, so a killed host
/// never leaves a stale lock behind.
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream _file;

    private StoreLock(FileStream file) => _file = file;

    /// <summary>The lock file of a database.</summary>
    public static string PathFor(string database) => database + ".lock";

    /// <summary>Takes the lock and writes who holds it into the lock file; null when another process holds it.</summary>
    public static StoreLock? TryAcquire(string database, string holder)
    {
        var path = PathFor(database);
        FileStream file;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }

        file.SetLength(0);
        using (var writer = new StreamWriter(file, leaveOpen: true))
        {
            writer.Write(holder);
        }

        file.Flush(flushToDisk: true);
        return new StoreLock(file);
    }

    public void Dispose() => _file.Dispose();
}
