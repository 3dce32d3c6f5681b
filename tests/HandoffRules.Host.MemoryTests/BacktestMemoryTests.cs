using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Cli.Commands;
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
/// A backtest's memory follows the change, not the history: <c>plan --history</c> (against the
/// decisions recorded in the log and against <c>--baseline-rules</c>) and <c>coverage --history</c>
/// compare the two sides lead by lead as they go by, so the live managed heap while they replay 4N
/// leads is no larger than while they replay N. The playbook under review is the one that wrote
/// the log, so nothing changes and nothing a plan lists is kept. Measured with a compacting
/// collection every 256 KB allocated, on a thread of its own, while the real command runs in
/// process (a count of live bytes, not a time).
/// </summary>
[Collection(HeapMeasurements.Name)]
public sealed class BacktestMemoryTests : IDisposable
{
    private const int N = 750;

    // Slack for the collector's bookkeeping and where the samples land; keeping both sides'
    // decisions of 3N more leads (half a kilobyte each) would be megabytes more.
    private const long Slack = 1024 * 1024;

    private static readonly string Rules = typeof(BacktestDesk).Assembly.Location;

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-backtest-memory-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // What the host keeps for a lead: its intake event with the decision and the lead as it arrived.
    // One lead every ten minutes under a one-day duplicate window: the window holds the same number
    // of leads whatever the length of the history (and the history spans weeks, not years, as the
    // router's clocks expect): what grows with it is only what the backtest keeps.
    // With SDR work, every routed lead is accepted: where it was routed, or (every third one) by
    // someone outside the playbook after its owner rejected it as misrouted, a known misroute that
    // stays unfixed, so the score lists no lead and what it holds is two counts.
    private string Log(int count, bool withWork = false)
    {
        var path = Path.Combine(_folder, $"handoff-{count}{(withWork ? "-worked" : "")}.db");
        var start = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
        var leads = Leads.Generated(count).Select((l, i) => l with { Event = l.Event! with { OccurredAt = start.AddMinutes(10 * i) } }).ToList();
        var decisions = LeadSimulation.Run(Router.Compile(new BacktestDesk().Build()), leads);
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

        for (var i = 0; withWork && i < count; i++)
        {
            if (decisions[i] is not { Outcome: HandoffOutcome.Routed, Member: { } owner, LeadId: var lead })
            {
                continue;
            }

            var at = leads[i].Event!.OccurredAt!.Value.AddMinutes(5);
            var accepter = owner;
            if (i % 3 == 0)
            {
                writer.Append(lead, HandoffEventTypes.Rejected, at, new EventMembers { ["reason"] = "WRONG_TERRITORY", ["misroute"] = true, ["member"] = owner });
                accepter = "outside-sdr";
            }

            writer.Append(lead, HandoffEventTypes.Accepted, at.AddMinutes(1), new EventMembers { ["member"] = accepter });
        }

        writer.Commit();
        return path;
    }

    // The highest live heap seen while the command runs.
    private static async Task<long> PeakWhile(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var sampler = new HeapSampler();
        var exit = await HandoffCommand.InvokeAsync(args, output, error);
        var peak = sampler.Peak;

        Assert.True(exit == PlanCommand.NoChanges, output + "\n" + error);
        return peak;
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("plan", "--baseline-rules")]
    [InlineData("coverage")]
    public async Task A_backtest_keeps_the_same_memory_for_four_times_the_history(params string[] command)
    {
        var (small, large) = (Log(N), Log(4 * N));
        string[] Args(string log) =>
            [command[0], "--history", log, "--rules", Rules, "--playbook", nameof(BacktestDesk), "--format", "json", .. command.Length > 1 ? new[] { command[1], Rules, "--baseline-playbook", nameof(BacktestDesk) } : []];

        // Once to load the rules and warm what the command caches for the process's life.
        await PeakWhile(Args(small));
        var few = await PeakWhile(Args(small));
        var many = await PeakWhile(Args(large));

        Assert.True(many < few + Slack, $"live heap {many:N0} B while '{command[0]} --history{string.Concat(command.Skip(1).Select(o => " " + o))}' replays {4 * N:N0} leads against {few:N0} B for {N:N0}");
    }

    // Known misroutes are scored from SDR work read in step with the leads, not from every accepted
    // lead of the log held at once. More leads than above, so that holding a lead id and a member for
    // each of 3 × 4N more accepted leads would be well over the slack. Against the decisions recorded
    // in the log: the side-by-side replay of --baseline-rules is measured above, on fewer leads.
    [Fact]
    public async Task Scoring_known_misroutes_keeps_the_same_memory_for_four_times_the_accepted_leads()
    {
        const int Leads = 4 * N;
        var (small, large) = (Log(Leads, withWork: true), Log(4 * Leads, withWork: true));
        string[] Args(string log) =>
            ["plan", "--history", log, "--rules", Rules, "--playbook", nameof(BacktestDesk), "--format", "json"];

        // The log's SDR work is scored: a third of the routed leads are known misroutes.
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            Assert.Equal(PlanCommand.NoChanges, await HandoffCommand.InvokeAsync(Args(small), output, error));
            var misroutes = JsonDocument.Parse(output.ToString()).RootElement.GetProperty("known_misroutes");
            Assert.True(misroutes.GetProperty("misroutes").GetInt32() > Leads / 10, output.ToString());
            Assert.True(misroutes.GetProperty("accepted_where_routed").GetInt32() > Leads / 10, output.ToString());
        }

        // The run above loaded the rules and warmed what the command caches for the process's life.
        var few = await PeakWhile(Args(small));
        var many = await PeakWhile(Args(large));

        Assert.True(many < few + Slack, $"live heap {many:N0} B while 'plan --history' scores known misroutes over {4 * Leads:N0} leads against {few:N0} B for {Leads:N0}");
    }
}
