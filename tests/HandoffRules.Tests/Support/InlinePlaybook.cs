namespace HandoffRules.Tests.Support;

/// <summary>
/// A playbook defined by a delegate, for tests that need a small one. <paramref name="files"/> are
/// its data files by path, as a rules assembly would carry them.
/// </summary>
public sealed class InlinePlaybook(Action<PlaybookBuilder> define, IReadOnlyDictionary<string, string>? files = null) : Playbook
{
    protected override void Define(PlaybookBuilder handoff) => define(handoff);

    internal override string? ReadDataFile(string path) => files is not null && files.TryGetValue(path, out var text) ? text : null;
}
