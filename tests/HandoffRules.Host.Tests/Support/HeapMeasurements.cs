namespace HandoffRules.Host.Tests.Support;

/// <summary>
/// Tests that read the managed heap run alone: <see cref="GC.GetTotalMemory(bool)"/> counts the whole
/// process, so another test class allocating in parallel would read as this test's growth.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurements
{
    public const string Name = "Heap measurements";
}
