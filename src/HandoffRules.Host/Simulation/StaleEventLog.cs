namespace HandoffRules.Host.Simulation;

/// <summary>
/// A week simulation's temporary event log that a run killed outright left behind, removed by a
/// later simulation (<see cref="SimulationDatabase.RemoveStale"/>).
/// </summary>
/// <param name="Database">The database's path.</param>
/// <param name="Process">The id of the process that wrote it, no longer running.</param>
/// <param name="Bytes">What it and the files SQLite keeps beside it (its log, its shared memory) took on disk.</param>
public sealed record StaleEventLog(string Database, int Process, long Bytes);
