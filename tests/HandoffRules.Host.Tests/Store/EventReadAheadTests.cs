using System.Text;
using HandoffRules.Host.Store;
using HandoffRules.Model;

namespace HandoffRules.Host.Tests.Store;

/// <summary>Events read a block ahead reach the caller as read, in order, and a failure on either side stops both.</summary>
public sealed class EventReadAheadTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly PlaybookVersion Version = new("1.2.0", "abc");
    private static readonly StoredFacts Facts = new(3, "\"source\":\"Web\""u8.ToArray());

    // Event i: lead "L{i}", a type, a time i seconds after Monday, data of a length that varies (some far
    // larger than a block's buffer), the set of facts of every timer event, a playbook of most.
    private static (long Seq, string Lead, string Type, DateTimeOffset At, string Data, StoredFacts? Facts, PlaybookVersion? Playbook) Event(int i) =>
        (i + 1, "L" + i, i % 3 == 0 ? "lead.routed" : "sla.started", Monday.AddSeconds(i),
            i % 2_500 == 7 ? new string('x', 700_000) : $$"""{"n":{{i}},"pad":"{{new string('é', i % 300)}}"}""", i % 3 == 0 ? null : Facts, i % 5 == 0 ? null : Version);

    private static void Emit(StoredEventReader emit, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var e = Event(i);
            emit(e.Seq, Encoding.UTF8.GetBytes(e.Lead), Encoding.UTF8.GetBytes(e.Type), e.At, Encoding.UTF8.GetBytes(e.Data), e.Facts, e.Playbook);
        }
    }

    [Fact]
    public void Every_event_reaches_the_caller_as_emitted_and_in_order()
    {
        const int count = 20_000;
        var seen = new List<(long, string, string, DateTimeOffset, string, StoredFacts?, PlaybookVersion?)>();
        var caller = Environment.CurrentManagedThreadId;
        var threads = new HashSet<int>();
        EventReadAhead.Run(emit =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            Emit(emit, count);
        }, (seq, lead, type, at, data, facts, playbook) =>
        {
            Assert.Equal(caller, Environment.CurrentManagedThreadId);
            seen.Add((seq, Encoding.UTF8.GetString(lead), Encoding.UTF8.GetString(type), at, Encoding.UTF8.GetString(data), facts, playbook));
        });

        Assert.Equal(Enumerable.Range(0, count).Select(Event), seen);
        Assert.DoesNotContain(caller, threads);
    }

    [Fact]
    public void A_failed_read_is_thrown_to_the_caller_after_the_events_read_before_it()
    {
        var folded = 0;
        var error = Assert.Throws<InvalidOperationException>(() => EventReadAhead.Run(emit =>
        {
            Emit(emit, 5_000);
            throw new InvalidOperationException("disk I/O error");
        }, (_, _, _, _, _, _, _) => folded++));

        Assert.Equal("disk I/O error", error.Message);
        Assert.Equal(5_000, folded);
    }

    [Fact]
    public async Task A_caller_that_fails_stops_the_reading_and_its_failure_is_the_one_thrown()
    {
        var emitted = 0;
        var run = Task.Run(() => EventReadAhead.Run(emit =>
        {
            for (var i = 0; i < 10_000_000; i++)
            {
                emit(i + 1, "L"u8, "lead.routed"u8, Monday, "{}"u8, null, null);
                emitted++;
            }
        }, (seq, _, _, _, _, _, _) =>
        {
            if (seq == 3_000)
            {
                throw new FormatException("bad event 3000");
            }
        }));

        var error = await Assert.ThrowsAsync<FormatException>(() => run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal("bad event 3000", error.Message);
        Assert.InRange(emitted, 3_000, 100_000);
    }
}
