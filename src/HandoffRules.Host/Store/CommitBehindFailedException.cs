namespace HandoffRules.Host.Store;

/// <summary>
/// A transaction committed without waiting (<see cref="IHandoffWriter.CommitBehind"/>) was not
/// written: its commit, or a write before it, failed after the caller had gone on to the next. Work
/// decided since rests on what was lost, so it cannot be rolled back and retried: the run stops, and
/// nothing after the last transaction written is kept.
/// </summary>
public sealed class CommitBehindFailedException(Exception failure) : Exception(
    $"A transaction handed over to be committed was not written, and what was decided after it rests on it: {failure.Message}", failure);
