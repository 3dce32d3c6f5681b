namespace HandoffRules.Host.Store;

/// <summary>
/// A writer that keeps some writes for its commit (the SQLite writer's lead rows, see
/// <see cref="PendingLeadRows"/>) and can make them earlier: a <see cref="QueuedWriter"/>'s writing
/// thread does so while it has nothing else to do, so the commit, which the deciding thread waits
/// for, has less left to write.
/// </summary>
internal interface IWritesAhead
{
    /// <summary>Makes a few of the writes kept for the commit, in the open transaction; true when more could be made now.</summary>
    bool WriteAhead();
}
