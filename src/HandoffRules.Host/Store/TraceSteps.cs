namespace HandoffRules.Host.Store;

/// <summary>
/// A decision trace as its steps, each step's JSON and id (<see cref="CompactTrace.Id"/>): found in
/// a trace's text (<see cref="CompactTrace.Steps"/>), or as the processor wrote them
/// (<see cref="TraceText.Write"/>), whose text is joined from its steps only when something reads it.
/// </summary>
/// <remarks>
/// A store keeps a trace as its step ids (<see cref="CompactTrace"/>), so a lead's trace taken in is
/// compacted from its steps and its text is never needed: joining it cost the processor a string of
/// some 4 KB for every lead, which the open transaction kept alive until its commit: a sixth of
/// everything a replay allocated (see docs/benchmarks.md).
/// </remarks>
internal sealed class TraceSteps
{
    private readonly string[]? _steps;
    private readonly List<Range>? _ranges;
    private string? _trace;

    /// <summary>A trace's steps found in its text.</summary>
    /// <param name="trace">The trace, a JSON array of steps.</param>
    /// <param name="ranges">Where each step is in <paramref name="trace"/>, in order.</param>
    /// <param name="ids">Each step's id, in the same order.</param>
    public TraceSteps(string trace, List<Range> ranges, long[] ids) => (_trace, _ranges, Ids) = (trace, ranges, ids);

    /// <summary>A trace written as its steps, each step's JSON and id, in order.</summary>
    public TraceSteps(string[] steps, long[] ids) => (_steps, Ids) = (steps, ids);

    /// <summary>Each step's id, in order.</summary>
    public long[] Ids { get; }

    /// <summary>How many steps the trace has.</summary>
    public int Count => Ids.Length;

    /// <summary>Whether the trace's text was found or joined (for tests).</summary>
    internal bool HasText => _trace is not null;

    /// <summary>The JSON of the step at <paramref name="index"/>, as the trace's text holds it.</summary>
    public ReadOnlySpan<char> Step(int index) => _steps is not null ? _steps[index] : _trace.AsSpan()[_ranges![index]];

    /// <summary>The trace's text, a JSON array of its steps: joined the first time it is read.</summary>
    public string Trace => _trace ??= Join(_steps!);

    private static string Join(string[] steps)
    {
        var length = 2 + Math.Max(0, steps.Length - 1);
        foreach (var step in steps)
        {
            length += step.Length;
        }

        return string.Create(length, steps, static (text, steps) =>
        {
            text[0] = '[';
            var at = 1;
            for (var i = 0; i < steps.Length; i++)
            {
                if (i > 0)
                {
                    text[at++] = ',';
                }

                steps[i].CopyTo(text[at..]);
                at += steps[i].Length;
            }

            text[at] = ']';
        });
    }
}
