using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes an SLA: what it measures, within how much business time, and what happens on breach.</summary>
public sealed class SlaBuilder
{
    private readonly string _name;
    private readonly List<BreachAction> _breach = [];
    private SlaKind _kind;
    private TimeSpan _within;
    private bool _always;

    internal SlaBuilder(string name) => _name = name;

    /// <summary>Measures hand-off to first touch.</summary>
    public SlaBuilder FirstTouch()
    {
        _kind = SlaKind.FirstTouch;
        return this;
    }

    /// <summary>Measures hand-off to accept or reject.</summary>
    public SlaBuilder Acceptance()
    {
        _kind = SlaKind.Acceptance;
        return this;
    }

    /// <summary>The limit in business time (business hours of the lead's queue).</summary>
    public SlaBuilder Within(int hours = 0, int minutes = 0)
    {
        _within = new TimeSpan(hours, minutes, 0);
        if (_within <= TimeSpan.Zero)
        {
            throw new PlaybookDefinitionException(Checks.InvalidValues.SlaLimit(_name));
        }

        return this;
    }

    /// <summary>Starts for every lead handed off, not only when a trigger starts it.</summary>
    public SlaBuilder OnEveryHandoff()
    {
        _always = true;
        return this;
    }

    /// <summary>What happens when the SLA is breached.</summary>
    public SlaBuilder OnBreach(Action<BreachBuilder> configure)
    {
        var builder = new BreachBuilder(_breach);
        configure(builder);
        return this;
    }

    internal Sla Build() =>
        _within > TimeSpan.Zero
            ? new Sla(_name, _kind, _within, _always, [.. _breach])
            : throw new PlaybookDefinitionException(Checks.InvalidValues.SlaLimit(_name));
}

/// <summary>Describes the actions taken on an SLA breach, in order.</summary>
public sealed class BreachBuilder
{
    private readonly List<BreachAction> _actions;

    internal BreachBuilder(List<BreachAction> actions) => _actions = actions;

    /// <summary>Moves the lead along the escalation declared for its queue, or along the named one.</summary>
    public BreachBuilder Escalate(string? escalation = null)
    {
        _actions.Add(new BreachAction(BreachActionKind.Escalate, escalation));
        return this;
    }

    /// <summary>Gives the lead to the next eligible member of its queue.</summary>
    public BreachBuilder ReassignToNextMember()
    {
        _actions.Add(new BreachAction(BreachActionKind.ReassignToNextMember, null));
        return this;
    }

    /// <summary>Posts the breach to a Slack channel.</summary>
    public BreachBuilder Notify(string slackChannel)
    {
        _actions.Add(new BreachAction(BreachActionKind.Notify, slackChannel));
        return this;
    }
}
