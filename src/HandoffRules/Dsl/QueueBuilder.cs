using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes a queue: its members and how it distributes leads among them.</summary>
public sealed class QueueBuilder
{
    private readonly string _name;
    private readonly List<QueueMember> _members = [];
    private Distribution _distribution = Distribution.RoundRobin;
    private BusinessHours? _hours;

    internal QueueBuilder(string name) => _name = name;

    /// <summary>Each eligible member in turn (the default).</summary>
    public QueueBuilder RoundRobin()
    {
        _distribution = Distribution.RoundRobin;
        return this;
    }

    /// <summary>In proportion to each member's weight.</summary>
    public QueueBuilder Weighted()
    {
        _distribution = Distribution.Weighted;
        return this;
    }

    /// <summary>Adds members with weight 1.</summary>
    public QueueBuilder Members(params string[] memberIds)
    {
        foreach (var id in memberIds)
        {
            Member(id);
        }

        return this;
    }

    /// <summary>Adds a member with a weight (used by weighted distribution).</summary>
    public QueueBuilder Member(string memberId, int weight = 1)
    {
        if (weight < 1)
        {
            throw new PlaybookDefinitionException(Checks.InvalidValues.Weight(_name, memberId, weight));
        }

        _members.Add(new QueueMember(PlaybookBuilder.Require(memberId, $"Queue '{Checks.Names.Visible(_name)}' has a member id that"), weight));
        return this;
    }

    /// <summary>The business hours this queue's SLA clocks run on, when they differ from the playbook's.</summary>
    public QueueBuilder BusinessHours(string timeZone, Action<BusinessHoursBuilder>? configure = null)
    {
        _hours = BusinessHoursBuilder.Build(timeZone, configure);
        return this;
    }

    internal Queue Build() => new(_name, _distribution, [.. _members], _hours);
}
