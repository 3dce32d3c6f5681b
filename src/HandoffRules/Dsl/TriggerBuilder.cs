using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes a trigger: the event it reacts to and what it does.</summary>
public sealed class TriggerBuilder
{
    private readonly string _name;
    private readonly List<TriggerAction> _actions = [];
    private LeadEventType _on;
    private string? _detail;

    internal TriggerBuilder(string name) => _name = name;

    /// <summary>The event type, and optionally the start of its detail (a page path, a signal name).</summary>
    public TriggerBuilder On(LeadEventType eventType, string? detailStartsWith = null)
    {
        _on = eventType;
        _detail = detailStartsWith;
        return this;
    }

    /// <summary>Creates a task for the lead's owner.</summary>
    public TriggerBuilder CreateTask(string subject) => Add(TriggerActionKind.CreateTask, subject);

    /// <summary>Posts to a Slack channel (the webhook URL comes from configuration, never from rules).</summary>
    public TriggerBuilder AlertSlack(string channel) => Add(TriggerActionKind.SlackAlert, channel);

    /// <summary>E-mails an address.</summary>
    public TriggerBuilder AlertEmail(string to) => Add(TriggerActionKind.EmailAlert, to);

    /// <summary>E-mails the lead's owner.</summary>
    public TriggerBuilder AlertOwnerByEmail() => Add(TriggerActionKind.EmailAlert, "owner");

    /// <summary>Starts an SLA timer.</summary>
    public TriggerBuilder StartSla(string sla) => Add(TriggerActionKind.StartSla, sla);

    private TriggerBuilder Add(TriggerActionKind kind, string target)
    {
        // An SLA is named, so its name is kept as written (HR1005 reports stray whitespace); a task
        // subject or a channel is text.
        var what = $"Trigger '{Checks.Names.Visible(_name)}' has a {kind} action whose target";
        _actions.Add(new TriggerAction(kind, kind == TriggerActionKind.StartSla ? PlaybookBuilder.Require(target, what) : PlaybookBuilder.RequireText(target, what)));
        return this;
    }

    internal Trigger Build() => new(_name, _on, _detail, [.. _actions]);
}
