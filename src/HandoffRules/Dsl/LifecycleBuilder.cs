using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes the lifecycle: stages, statuses, transitions, and where each SDR action leads.</summary>
public sealed class LifecycleBuilder
{
    private readonly List<LifecycleStage> _stages = [];
    private readonly List<LeadStatus> _statuses = [];
    private readonly List<StatusTransition> _transitions = [];
    private readonly List<SdrActionRule> _actions = [];
    private string? _initial;

    internal LifecycleBuilder()
    {
    }

    /// <summary>
    /// Declares a stage and the fields a lead needs to enter it. A field is there as a definition's
    /// <see cref="DefinitionBuilder.RequireContext"/> reads it (<see cref="Lead.Has"/>): a source intake
    /// could not read is none.
    /// </summary>
    public LifecycleBuilder Stage(string name, params LeadField[] requiredFields)
    {
        _stages.Add(new LifecycleStage(PlaybookBuilder.Require(name, "A lifecycle stage's name"), [.. requiredFields]));
        return this;
    }

    /// <summary>Declares lead statuses, in the order they usually follow.</summary>
    public LifecycleBuilder Statuses(params string[] names)
    {
        foreach (var name in names)
        {
            _statuses.Add(new LeadStatus(PlaybookBuilder.Require(name, "A lead status's name")));
        }

        return this;
    }

    /// <summary>The status a handed-off lead starts in (default: the first status).</summary>
    public LifecycleBuilder StartsAt(string status)
    {
        _initial = status;
        return this;
    }

    /// <summary>Allows a lead to move from one status to each of the others.</summary>
    public LifecycleBuilder Transition(string from, params string[] to)
    {
        foreach (var target in to)
        {
            _transitions.Add(new StatusTransition(from, target));
        }

        return this;
    }

    /// <summary>What an SDR action does: the status (and optionally stage) it moves the lead to.</summary>
    public LifecycleBuilder OnAction(SdrAction action, string status, string? stage = null)
    {
        _actions.Add(new SdrActionRule(action, status, stage));
        return this;
    }

    internal Lifecycle Build() =>
        new([.. _stages], [.. _statuses], [.. _transitions], [.. _actions], _initial ?? (_statuses.Count > 0 ? _statuses[0].Name : "New"));

    /// <summary>The lifecycle a playbook gets when it declares none.</summary>
    internal static Lifecycle Standard()
    {
        var builder = new LifecycleBuilder().Statuses(Checks.StandardLifecycle.Statuses);
        foreach (var stage in Checks.StandardLifecycle.Stages)
        {
            builder.Stage(stage);
        }

        builder
            .Transition("New", "Attempting", "Accepted", "Rejected")
            .Transition("Attempting", "Accepted", "Rejected", "Recycled")
            .Transition("Accepted", "Meeting booked", "Recycled")
            .Transition("Meeting booked", "Recycled")
            .OnAction(SdrAction.Touch, "Attempting")
            .OnAction(SdrAction.Accept, "Accepted", "SAL")
            .OnAction(SdrAction.Reject, "Rejected", "Nurture")
            .OnAction(SdrAction.MeetingBooked, "Meeting booked", "SQL")
            .OnAction(SdrAction.Recycle, "Recycled", "Nurture");
        return builder.Build();
    }
}
