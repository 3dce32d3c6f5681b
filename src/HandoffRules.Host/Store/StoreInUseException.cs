using HandoffRules.Host.Hosting;

namespace HandoffRules.Host.Store;

/// <summary>The database is in use by another host: SQLite serves one host at a time.</summary>
public sealed class StoreInUseException(string database, string? holder) : HostStartException(
    $"The database {database} is in use by another host ({holder ?? "holder unknown"}). " +
    "SQLite serves one host at a time; stop that host, use another database file, or use PostgreSQL to run several hosts.")
{
    /// <summary>The database file.</summary>
    public string Database { get; } = database;

    /// <summary>The holder as it described itself (process id, machine, start time), if known.</summary>
    public string? Holder { get; } = holder;
}
