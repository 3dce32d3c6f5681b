using Acme.Rules;
using HandoffRules.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HandoffRules.Host.Tests;

/// <summary>
/// How many inputs a commit takes: few while anyone may wait on an answer, many for a file replayed
/// with nobody listening (where each commit rewrites the index pages the next rewrites again), and
/// always what the operator set.
/// </summary>
public sealed class BatchSizeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-batch-size-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("a file replayed, nobody listening", true, null, null, null, HandoffHostOptions.ReplayBatchSize)]
    [InlineData("a file replayed beside webhooks (--listen)", true, "true", null, null, HandoffHostOptions.LiveBatchSize)]
    [InlineData("a file followed as it grows", true, null, "true", null, HandoffHostOptions.LiveBatchSize)]
    [InlineData("webhooks and the API only", false, null, null, null, HandoffHostOptions.LiveBatchSize)]
    [InlineData("a replay with the size set", true, null, null, "300", 300)]
    [InlineData("webhooks with the size set", false, null, null, "1000", 1000)]
    public async Task A_commit_takes_few_inputs_while_someone_waits_many_in_a_replay_and_what_the_operator_set(
        string how, bool file, string? listen, string? follow, string? batchSize, int expected)
    {
        var settings = new Dictionary<string, string?> { ["Handoff:Database"] = Path.Combine(_folder, "handoff.db") };
        if (file)
        {
            settings["Handoff:Input"] = Path.Combine(_folder, "leads.jsonl");
            await File.WriteAllTextAsync(settings["Handoff:Input"]!, "");
        }

        settings["Handoff:Listen"] = listen;
        settings["Handoff:Follow"] = follow;
        settings["Handoff:BatchSize"] = batchSize;
        await using var app = HandoffHost.Build(new HandoffHostSettings
        {
            Playbook = new AcmePlaybook().Build(),
            Urls = "http://127.0.0.1:0",
            StopWhenInputFinished = true,
            Settings = settings,
        });

        Assert.True(expected == app.Services.GetRequiredService<IOptions<HandoffHostOptions>>().Value.EffectiveBatchSize, how);
    }

    [Theory]
    [InlineData("a replay, the queue left as it is", true, null, HandoffHostOptions.ReplayBatchSize)]
    [InlineData("a replay, a larger queue set", true, "50000", 50_000)]
    [InlineData("a replay, a smaller queue set", true, "100", HandoffHostOptions.ReplayBatchSize)]
    [InlineData("webhooks, the queue left as it is", false, null, 4096)]
    [InlineData("webhooks, a smaller queue set", false, "100", 256)]
    public async Task The_queue_holds_at_least_one_batch(string how, bool file, string? capacity, int expected)
    {
        var settings = new Dictionary<string, string?> { ["Handoff:Database"] = Path.Combine(_folder, "handoff.db") };
        if (capacity is not null)
        {
            settings["Handoff:QueueCapacity"] = capacity;
        }

        if (file)
        {
            settings["Handoff:Input"] = Path.Combine(_folder, "leads.jsonl");
            await File.WriteAllTextAsync(settings["Handoff:Input"]!, "");
        }

        await using var app = HandoffHost.Build(new HandoffHostSettings
        {
            Playbook = new AcmePlaybook().Build(),
            Urls = "http://127.0.0.1:0",
            StopWhenInputFinished = true,
            Settings = settings,
        });

        Assert.True(expected == app.Services.GetRequiredService<HandoffRules.Host.Processing.HandoffQueue>().Capacity, how);
    }
}
