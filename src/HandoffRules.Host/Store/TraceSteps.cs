namespace HandoffRules.Host.Store;

/// <summary>A trace as JSON, where each of its steps is in it, and each step's id (<see cref="CompactTrace.Steps"/>).</summary>
/// <param name="Trace">The trace as the processor wrote it.</param>
/// <param name="Ranges">Where each step is in <paramref name="Trace"/>, in order.</param>
/// <param name="Ids">Each step's id (<see cref="CompactTrace.Id"/>), in the same order.</param>
internal sealed record TraceSteps(string Trace, List<Range> Ranges, long[] Ids);
