using System.Text;

namespace HandoffRules.Routing;

/// <summary>The step of routing a trace line belongs to.</summary>
public enum TraceStage
{
    /// <summary>Intake fixes to the data.</summary>
    Intake,

    /// <summary>A definition evaluated.</summary>
    Definition,

    /// <summary>A disqualifier checked.</summary>
    Disqualifier,

    /// <summary>Required context checked.</summary>
    Context,

    /// <summary>Territory resolved.</summary>
    Territory,

    /// <summary>Segment resolved.</summary>
    Segment,

    /// <summary>Account matched.</summary>
    Account,

    /// <summary>A route tried.</summary>
    Route,

    /// <summary>The fallback.</summary>
    Fallback,

    /// <summary>A member considered by the distribution.</summary>
    Distribution,

    /// <summary>A trigger fired.</summary>
    Trigger,

    /// <summary>An SLA started.</summary>
    Sla,
}

/// <summary>How a trace step came out.</summary>
public enum TraceResult
{
    /// <summary>For information.</summary>
    Note,

    /// <summary>The condition held.</summary>
    Passed,

    /// <summary>The condition did not hold.</summary>
    Failed,

    /// <summary>This step decided the outcome.</summary>
    Chosen,
}

/// <summary>One line of a trace.</summary>
/// <param name="Stage">The routing step.</param>
/// <param name="Subject">What was evaluated (a definition, a route, a member).</param>
/// <param name="Result">How it came out.</param>
/// <param name="Detail">Why, in words.</param>
public sealed record TraceStep(TraceStage Stage, string Subject, TraceResult Result, string Detail);

/// <summary>
/// "Why did this lead go there": every definition, disqualifier, route and member the router
/// considered, in order, and what decided. Pass one to <see cref="Router.Route"/> to fill it;
/// routing without one builds no text at all.
/// </summary>
public sealed class DecisionTrace
{
    private readonly List<TraceStep> _steps = [];

    /// <summary>The steps, in the order the router took them.</summary>
    public IReadOnlyList<TraceStep> Steps => _steps;

    /// <summary>Empties the trace for reuse.</summary>
    public void Clear() => _steps.Clear();

    internal void Add(TraceStage stage, string subject, TraceResult result, string detail) =>
        _steps.Add(new TraceStep(stage, subject, result, detail));

    /// <summary>The trace as lines a RevOps engineer reads: one step a line, marked ✓ ✗ → or ·.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var step in _steps)
        {
            var mark = step.Result switch
            {
                TraceResult.Passed => "✓",
                TraceResult.Failed => "✗",
                TraceResult.Chosen => "→",
                _ => "·",
            };
            builder.Append(mark).Append(' ').Append(step.Stage.ToString().PadRight(13)).Append(step.Subject);
            if (step.Detail.Length > 0)
            {
                builder.Append(": ").Append(step.Detail);
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }
}
