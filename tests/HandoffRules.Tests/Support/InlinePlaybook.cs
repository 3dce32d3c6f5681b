namespace HandoffRules.Tests.Support;

/// <summary>A playbook defined by a delegate, for tests that need a small one.</summary>
public sealed class InlinePlaybook(Action<PlaybookBuilder> define) : Playbook
{
    protected override void Define(PlaybookBuilder handoff) => define(handoff);
}
