using HandoffRules.Host.Hosting;

namespace HandoffRules.Host.Store;

/// <summary>The database was upgraded by a newer version of the host: this one would misread it.</summary>
public sealed class StoreSchemaException(string database, int found, int known) : HostStartException(
    $"The database {database} has schema version {found}, newer than this host knows ({known}); it was upgraded by a newer version. Run that version, or restore a backup.")
{
    /// <summary>The schema version found in the database.</summary>
    public int Found { get; } = found;

    /// <summary>The newest schema version this host knows.</summary>
    public int Known { get; } = known;
}
