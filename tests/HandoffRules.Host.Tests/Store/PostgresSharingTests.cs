using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HandoffRules.Host.Tests.Store;

/// <summary>Several hosts on one PostgreSQL database: writers take turns, timers and alerts are leased to one host.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSharingTests(PostgresServer server) : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Monday);
    private PostgresHandoffStore _first = null!;
    private PostgresHandoffStore _second = null!;

    public async Task InitializeAsync()
    {
        if (server.Unavailable is not null)
        {
            return;
        }

        var connection = await server.CreateDatabaseAsync();
        _first = new PostgresHandoffStore(connection, durableCommits: false, lease: TimeSpan.FromSeconds(30), time: _time);
        _second = new PostgresHandoffStore(connection, durableCommits: false, lease: TimeSpan.FromSeconds(30), time: _time);
        await Task.WhenAll(_first.InitializeAsync(CancellationToken.None), _second.InitializeAsync(CancellationToken.None));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _first?.Dispose();
        _second?.Dispose();
    }

    [SkippableFact]
    public async Task A_second_host_waits_for_its_turn_and_then_sees_what_the_first_committed()
    {
        server.SkipIfUnavailable();
        await SecondWaitsForTheFirstsTurn(_first, _second, TimeSpan.FromMilliseconds(300));
    }

    // The first host's writer holds the turn for `held`; the second's waits all that time, then sees
    // what the first committed.
    private static async Task SecondWaitsForTheFirstsTurn(PostgresHandoffStore firstHost, PostgresHandoffStore secondHost, TimeSpan held)
    {
        using var first = firstHost.OpenWriter();
        using var second = secondHost.OpenWriter();
        first.Begin();
        first.RecordInput("webhook", "event:1", "lead", "routed", "L1", Monday);

        var turn = Task.Run(() =>
        {
            second.Begin();
            return second.InputOutcome("webhook", "event:1");
        });
        Assert.False(turn.Wait(held), "the second writer must wait while the first holds its turn");

        first.Commit();
        Assert.Equal("routed", await turn);
        second.Rollback();
    }

    [SkippableFact]
    public async Task A_host_waits_for_its_turn_longer_than_a_statement_may_take()
    {
        server.SkipIfUnavailable();

        // Three hosts replaying files held the turn for longer than the driver lets a statement take
        // (30 s by default), and the host that waited stopped. Here a statement may take 1 s.
        var connection = await server.CreateDatabaseAsync() + ";Command Timeout=1";
        using var holder = new PostgresHandoffStore(connection, durableCommits: false, time: _time);
        using var waiter = new PostgresHandoffStore(connection, durableCommits: false, time: _time);
        await holder.InitializeAsync(CancellationToken.None);
        await waiter.InitializeAsync(CancellationToken.None);

        await SecondWaitsForTheFirstsTurn(holder, waiter, TimeSpan.FromSeconds(2.5));
    }

    [SkippableFact]
    public async Task A_due_timer_is_handed_to_one_host_until_its_lease_runs_out()
    {
        server.SkipIfUnavailable();
        using (var writer = _first.OpenWriter())
        {
            writer.Begin();
            writer.StartTimer(new StoredTimer("L1", "first-touch", "touch", Monday, Monday, StoredTimer.Pending, null, false));
            writer.StartTimer(new StoredTimer("L2", "first-touch", "touch", Monday, Monday, StoredTimer.Pending, null, false));
            writer.Commit();
        }

        var mine = await _first.GetDueTimersAsync(Monday, 1, CancellationToken.None);
        var theirs = await _second.GetDueTimersAsync(Monday, 10, CancellationToken.None);
        Assert.Equal(["L1"], mine.Select(t => t.LeadId));
        Assert.Equal(["L2"], theirs.Select(t => t.LeadId));
        Assert.Equal(["L1"], (await _first.GetDueTimersAsync(Monday, 10, CancellationToken.None)).Select(t => t.LeadId));

        // The second host dies: once its lease runs out, the first takes its timer over.
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(["L1"], (await _first.GetDueTimersAsync(Monday, 10, CancellationToken.None)).Select(t => t.LeadId));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["L1", "L2"], (await _first.GetDueTimersAsync(Monday, 10, CancellationToken.None)).Select(t => t.LeadId));
        Assert.Empty(await _second.GetDueTimersAsync(Monday, 10, CancellationToken.None));
    }

    [SkippableFact]
    public async Task An_alert_is_handed_to_one_host_and_a_target_stays_with_the_host_working_through_it()
    {
        server.SkipIfUnavailable();
        using (var writer = _first.OpenWriter())
        {
            writer.Begin();
            writer.Enqueue("slack", "#sdr-na", "one", null, Monday);
            writer.Enqueue("slack", "#sdr-na", "two", null, Monday);
            writer.Enqueue("slack", "#sdr-emea", "three", null, Monday);
            writer.Commit();
        }

        var mine = await _first.GetDueOutboxAsync(Monday, 1, CancellationToken.None);
        Assert.Equal(["one"], mine.Select(i => i.Body));

        // "two" is due but its target is the first host's: only the other target is handed out.
        var theirs = await _second.GetDueOutboxAsync(Monday, 10, CancellationToken.None);
        Assert.Equal(["three"], theirs.Select(i => i.Body));

        await _first.MarkDeliveredAsync(mine[0].Id, Monday, CancellationToken.None);
        Assert.Equal(["two"], (await _first.GetDueOutboxAsync(Monday, 10, CancellationToken.None)).Select(i => i.Body));

        // The second host dies holding "three": after the lease, the first delivers it.
        Assert.DoesNotContain((await _first.GetDueOutboxAsync(Monday.AddSeconds(29), 10, CancellationToken.None)), i => i.Body == "three");
        Assert.Contains((await _first.GetDueOutboxAsync(Monday.AddSeconds(31), 10, CancellationToken.None)), i => i.Body == "three");
    }
}
