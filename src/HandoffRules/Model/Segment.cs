namespace HandoffRules.Model;

/// <summary>
/// A segment by company size: an employee band and, for leads whose employee count is unknown, an
/// annual-revenue band.
/// </summary>
public sealed record Segment(string Name, Band? Employees, Band? Revenue);

/// <summary>An inclusive band; <see cref="Max"/> null means open-ended.</summary>
public sealed record Band(long Min, long? Max)
{
    /// <summary>True when the value lies in the band.</summary>
    public bool Contains(long value) => value >= Min && (Max is null || value <= Max.Value);

    /// <summary>"200–999" or "1,000+".</summary>
    public override string ToString() => Checks.SegmentChecks.Range(Min, Max);
}
