using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Intake;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests;

/// <summary>
/// A backtest streams its history: reading an event log or a file of lead lines holds one lead at a
/// time, so the live managed heap while 4N leads go by is no larger than while N do. Measured with a
/// full collection every few hundred leads (not timed: a count of live bytes).
/// </summary>
[Collection(HeapMeasurements.Name)]
public sealed class HistoryMemoryTests : IDisposable
{
    private const int N = 1_500;

    // Slack for the collector's own bookkeeping between samples; a list of 4N leads would be megabytes more.
    private const long Slack = 512 * 1024;

    private static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-history-memory-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // What the host keeps for a lead: its intake event with the decision and the lead as it arrived.
    private string Log(int count)
    {
        var path = Path.Combine(_folder, $"handoff-{count}.db");
        var leads = Leads.Generated(count, at: Start);
        var router = Router.Compile(new Acme.Rules.AcmePlaybook().Build());
        var decisions = LeadSimulation.Run(router, leads);
        using var store = new SqliteHandoffStore(path, synchronousFull: false);
        store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var writer = store.OpenWriter();
        writer.Begin();
        for (var i = 0; i < count; i++)
        {
            var data = EventMembers.From(JsonNode.Parse(decisions[i].ToJson())!.AsObject());
            data[IntakeHistory.InputField] = JsonSerializer.SerializeToNode(leads[i], LeadLines.Options);
            writer.Append(decisions[i].LeadId, HandoffEventTypes.Routed, leads[i].Event!.OccurredAt!.Value, data);
        }

        writer.Commit();
        return path;
    }

    private string File(int count)
    {
        var path = Path.Combine(_folder, $"leads-{count}.jsonl");
        Leads.Write(path, Leads.Generated(count, at: Start).Select(Leads.Line));
        return path;
    }

    // The highest live heap seen while the leads go by, each lead touched so none is optimised away.
    private static long PeakWhileReading(IEnumerable<LeadInput> leads)
    {
        var peak = 0L;
        var read = 0;
        var ids = 0;
        foreach (var lead in leads)
        {
            ids ^= lead.Id!.GetHashCode(StringComparison.Ordinal);
            if (++read % 250 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        }

        Assert.NotEqual(0, read + ids);
        return peak;
    }

    [Fact]
    public void Reading_an_event_log_holds_one_lead_at_a_time()
    {
        var (small, large) = (Log(N), Log(4 * N));

        var few = PeakWhileReading(IntakeHistory.Read(small, null, null).Select(l => l.Input));
        var many = PeakWhileReading(IntakeHistory.Read(large, null, null).Select(l => l.Input));

        Assert.True(many < few + Slack, $"live heap {many:N0} B while reading {4 * N:N0} leads against {few:N0} B for {N:N0}");
    }

    [Fact]
    public void Reading_a_file_of_lead_lines_holds_one_lead_at_a_time()
    {
        var (small, large) = (File(N), File(4 * N));

        var few = PeakWhileReading(new LeadFileHistory(small).Read(null, null));
        var many = PeakWhileReading(new LeadFileHistory(large).Read(null, null));

        Assert.True(many < few + Slack, $"live heap {many:N0} B while reading {4 * N:N0} leads against {few:N0} B for {N:N0}");
    }
}
