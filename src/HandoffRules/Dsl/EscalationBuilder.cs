using HandoffRules.Model;

namespace HandoffRules;

/// <summary>Describes an escalation: from which queues, to which queue, who is told.</summary>
public sealed class EscalationBuilder
{
    private readonly string _name;
    private readonly List<string> _from = [];
    private string? _to;
    private string? _channel;

    internal EscalationBuilder(string name) => _name = name;

    /// <summary>The queues whose stalled leads this escalation takes (any queue when left out).</summary>
    public EscalationBuilder From(params string[] queues)
    {
        _from.AddRange(queues);
        return this;
    }

    /// <summary>The queue stalled leads go to.</summary>
    public EscalationBuilder To(string queue)
    {
        _to = queue;
        return this;
    }

    /// <summary>The Slack channel told about each escalation.</summary>
    public EscalationBuilder Notify(string slackChannel)
    {
        _channel = slackChannel;
        return this;
    }

    internal Escalation Build() =>
        new(_name, [.. _from], PlaybookBuilder.Require(_to, $"Escalation '{Checks.Names.Visible(_name)}' has no target: its To(queue)"), _channel);
}
