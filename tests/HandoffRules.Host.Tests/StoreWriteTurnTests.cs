using HandoffRules.Host.Store;

namespace HandoffRules.Host.Tests;

/// <summary>Writers in one process take turns: every transaction gives its turn back, however it ends.</summary>
public sealed class StoreWriteTurnTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-turn-").FullName;
    private SqliteHandoffStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteHandoffStore(Path.Combine(_folder, "turn.db"), synchronousFull: false);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Commit_rollback_and_dispose_each_give_the_turn_back()
    {
        using (var writer = _store.OpenWriter())
        {
            writer.Begin();
            writer.CountRedelivery();
            writer.Commit();
            writer.Begin();
            writer.CountRedelivery();
            writer.Rollback();
            writer.Rollback();
            writer.Begin();
            writer.CountRedelivery();
        }

        // The writer was disposed mid-transaction; a second writer and an outbox update still get a turn.
        using var next = _store.OpenWriter();
        var begun = Task.Run(next.Begin);
        Assert.Same(begun, await Task.WhenAny(begun, Task.Delay(TimeSpan.FromSeconds(10))));
        next.CountRedelivery();
        next.Commit();
        await _store.MarkAttemptFailedAsync(1, DateTimeOffset.UtcNow, "test", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await _store.CountAsync(CancellationToken.None)).Redeliveries);
    }

    [Fact]
    public async Task An_outbox_update_waits_for_the_open_transaction_and_then_lands()
    {
        using var writer = _store.OpenWriter();
        writer.Begin();
        writer.CountRedelivery();

        var update = _store.MarkAttemptFailedAsync(1, DateTimeOffset.UtcNow, "test", CancellationToken.None);
        await Task.Delay(200);
        Assert.False(update.IsCompleted, "the update ran inside another writer's transaction");

        writer.Commit();
        await update.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, (await _store.CountAsync(CancellationToken.None)).Redeliveries);
    }
}
