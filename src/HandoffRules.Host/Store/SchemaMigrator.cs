using System.Data.Common;
using System.Globalization;

namespace HandoffRules.Host.Store;

/// <summary>One versioned step of a store's schema: the SQL that takes it to <see cref="Version"/>.</summary>
/// <param name="Version">The schema version after this step.</param>
/// <param name="Name">The script's file name, for messages.</param>
/// <param name="Sql">The script.</param>
internal sealed record SchemaMigration(int Version, string Name, string Sql);

/// <summary>
/// The one migration mechanism of every store. A store's scripts are embedded resources named
/// <c>NNNN_what.sql</c> in its folder under Store/Migrations; the number is the schema version the
/// script leads to, and means the same data model on every store. <c>meta.schema_version</c> says
/// where a database stands. Each step runs in its own transaction with the version it sets, so an
/// upgrade that fails part way leaves the database at the last step that finished. A store's
/// history may start late: a store added at version 3 has one script, 0003, for a new database.
/// </summary>
internal sealed class SchemaMigrator
{
    private const string ResourcePrefix = "HandoffRules.Host.Migrations.";

    /// <summary>Loads the scripts of one store ("Sqlite", "Postgres").</summary>
    public SchemaMigrator(string store)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = ResourcePrefix + store + "/";
        Migrations = [.. assembly.GetManifestResourceNames()
            .Where(name => name.Replace('\\', '/').StartsWith(prefix, StringComparison.Ordinal))
            .Select(name =>
            {
                var file = name.Replace('\\', '/')[prefix.Length..];
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new SchemaMigration(int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture), file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)];
        if (Migrations.Count == 0)
        {
            throw new InvalidOperationException($"No schema migrations are embedded for the {store} store.");
        }
    }

    /// <summary>The store's scripts, oldest first.</summary>
    public IReadOnlyList<SchemaMigration> Migrations { get; }

    /// <summary>The newest schema version the scripts lead to: the one this host knows.</summary>
    public int Newest => Migrations[^1].Version;

    /// <summary>
    /// Brings the database to <see cref="Newest"/>, one step per transaction. <paramref name="exclusive"/>
    /// runs first in each transaction: where several hosts may start at once it takes a lock that
    /// makes them upgrade one after another, each reading the version the one before it left.
    /// </summary>
    /// <returns>The version the database was at before.</returns>
    /// <exception cref="StoreSchemaException">The database's schema is newer than this host knows.</exception>
    public async Task<int> UpgradeAsync(DbConnection connection, string database, string exclusive, CancellationToken cancellation)
    {
        int? before = null;
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellation);
            if (exclusive.Length > 0)
            {
                await ExecuteAsync(connection, transaction, exclusive, cancellation);
            }

            // Within the lock: hosts starting at once on an empty database would race to create it.
            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", cancellation);

            var version = await VersionAsync(connection, transaction, cancellation);
            before ??= version;
            if (version > Newest)
            {
                throw new StoreSchemaException(database, version, Newest);
            }

            if (Migrations.FirstOrDefault(m => m.Version > version) is not { } next)
            {
                await transaction.CommitAsync(cancellation);
                return before.Value;
            }

            await ExecuteAsync(connection, transaction, next.Sql, cancellation);
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO meta (key, value) VALUES ('schema_version', '{next.Version.ToString(CultureInfo.InvariantCulture)}') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                cancellation);
            await transaction.CommitAsync(cancellation);
        }
    }

    /// <summary>The database's schema version; 0 for an empty database.</summary>
    public static async Task<int> VersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        return await command.ExecuteScalarAsync(cancellation) is string text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellation);
    }
}
