using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes a segment's bands. Bounds are inclusive; leave the maximum out for "and up".</summary>
public sealed class SegmentBuilder
{
    private readonly string _name;
    private Band? _employees;
    private Band? _revenue;

    internal SegmentBuilder(string name) => _name = name;

    /// <summary>The employee band, e.g. <c>Employees(200, 999)</c> or <c>Employees(1000)</c> for 1,000 and up.</summary>
    public SegmentBuilder Employees(int min, int? max = null)
    {
        _employees = Band(min, max, "employees");
        return this;
    }

    /// <summary>The annual-revenue band in US dollars, used when a lead's employee count is unknown.</summary>
    public SegmentBuilder Revenue(long min, long? max = null)
    {
        _revenue = Band(min, max, "annual revenue");
        return this;
    }

    private Band Band(long min, long? max, string measure)
    {
        if (!Checks.InvalidValues.IsBand(min, max))
        {
            throw new PlaybookDefinitionException(Checks.InvalidValues.Band(_name, measure, min, max));
        }

        return new Band(min, max);
    }

    internal Segment Build() => new(_name, _employees, _revenue);
}
