using Npgsql;

namespace HandoffRules.Host.Store;

/// <summary>
/// Where a PostgreSQL store lives, given as a URL (<c>postgres://user:password@host:5432/handoff</c>)
/// or as an Npgsql connection string (<c>Host=db;Database=handoff;Username=handoff</c>).
/// </summary>
public static class PostgresConnection
{
    /// <summary>True when <paramref name="value"/> names a PostgreSQL database rather than an SQLite file.</summary>
    public static bool Names(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
        (value.Contains('=', StringComparison.Ordinal) && value.Contains("host", StringComparison.OrdinalIgnoreCase));

    /// <summary>The Npgsql connection string for a URL or a connection string.</summary>
    /// <exception cref="ArgumentException">The value is neither, or the URL is incomplete.</exception>
    public static string Normalize(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(value).ConnectionString;
            }
            catch (ArgumentException e)
            {
                // The value may hold a password: the message does not repeat it.
                throw new ArgumentException($"The PostgreSQL connection string cannot be read: {e.Message}", nameof(value), e);
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            throw new ArgumentException("The PostgreSQL URL must look like postgres://user:password@host:5432/database.", nameof(value));
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.Host,
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
            Database = Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : "handoff",
        };
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            }
        }

        // Further settings ride in the query: ?sslmode=require&timeout=5.
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            builder[key] = equals < 0 ? "true" : Uri.UnescapeDataString(pair[(equals + 1)..]);
        }

        return builder.ConnectionString;
    }

    /// <summary>The database as messages and logs name it: host, port and database, never the password.</summary>
    public static string Describe(string value)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(Normalize(value));
            return $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "postgres://(unreadable connection string)";
        }
    }
}
