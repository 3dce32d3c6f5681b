using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Tests.Support;
using HandoffRules.Intake;
using HandoffRules.Records;
using HandoffRules.Routing;
using HandoffRules.Simulation;
using HandoffRules.Simulation.Review;
using Microsoft.Data.Sqlite;

namespace HandoffRules.Host.Tests;

/// <summary>
/// The SDRs' verdicts read in step with the leads (<see cref="IntakeHistory.Read(string, DateTimeOffset?, DateTimeOffset?, bool)"/>)
/// tell each lead's last acceptance exactly as <see cref="IntakeHistory.ReadAccepted"/> does for the
/// whole log, on a real SQLite log with misroutes, a lead accepted by the one who rejected it, several
/// acceptances of one lead, work logged after the window and a lead taken in twice.
/// </summary>
public sealed class KnownMisrouteStreamTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-known-misroutes-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static EventMembers Rejected(string member, bool misroute) => new() { ["reason"] = misroute ? "WRONG_TERRITORY" : "NO_BUDGET", ["misroute"] = misroute, ["member"] = member };

    private static EventMembers Accepted(string member) => new() { ["member"] = member };

    private string Log()
    {
        var path = Path.Combine(_folder, "handoff.db");
        var leads = Leads.Generated(9).Select((l, i) => l with { Event = l.Event! with { OccurredAt = Start.AddHours(i) } }).ToList();
        var decisions = LeadSimulation.Run(Router.Compile(new BacktestDesk().Build()), leads);
        var ids = decisions.Select(d => d.LeadId).ToList();
        using var store = new SqliteHandoffStore(path, synchronousFull: false);
        store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var writer = store.OpenWriter();
        writer.Begin();
        void Intake(int i, string type)
        {
            var data = EventMembers.From(JsonNode.Parse(decisions[i].ToJson())!.AsObject());
            data[IntakeHistory.InputField] = JsonSerializer.SerializeToNode(leads[i], LeadLines.Options);
            writer.Append(ids[i], type, Start.AddHours(i), data);
        }

        void Work(int i, string type, EventMembers data) => writer.Append(ids[i], type, Start.AddHours(i).AddMinutes(30), data);

        // Lead 7's acceptance is logged before its intake event: the log is not always in arrival order.
        Work(7, HandoffEventTypes.Accepted, Accepted("m1"));
        for (var i = 0; i < 9; i++)
        {
            Intake(i, HandoffEventTypes.Routed);
        }

        Work(0, HandoffEventTypes.Rejected, Rejected("m1", misroute: true));
        Work(1, HandoffEventTypes.Rejected, Rejected("m1", misroute: true));
        Work(0, HandoffEventTypes.Accepted, Accepted("m2"));             // a known misroute
        Work(1, HandoffEventTypes.Accepted, Accepted("m1"));             // accepted by its rejecter: none
        Work(2, HandoffEventTypes.Accepted, Accepted("m1"));
        Work(3, HandoffEventTypes.Accepted, Accepted("m1"));
        Work(2, HandoffEventTypes.Rejected, Rejected("m1", misroute: true));
        Work(3, HandoffEventTypes.Accepted, Accepted("m2"));             // accepted twice: the last counts
        Work(2, HandoffEventTypes.Accepted, Accepted("m3"));             // accepted, then a misroute
        Work(4, HandoffEventTypes.Rejected, Rejected("m1", misroute: true));
        Work(4, HandoffEventTypes.Accepted, Accepted("m2"));
        Work(4, HandoffEventTypes.Accepted, Accepted("m1"));             // the rejecter's acceptance does not count
        Work(5, HandoffEventTypes.Rejected, Rejected("m1", misroute: false));
        Work(5, HandoffEventTypes.Accepted, Accepted("m1"));
        Intake(3, HandoffEventTypes.Duplicate);                           // lead 3 taken in again
        Work(8, HandoffEventTypes.Rejected, Rejected("m2", misroute: true));
        Work(8, HandoffEventTypes.Accepted, Accepted("m3"));
        writer.Commit();
        return path;
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1, 8)]
    public void Each_lead_comes_with_the_acceptance_the_whole_log_tells(int? fromHour, int? toHour)
    {
        var log = Log();
        var (from, to) = (fromHour is { } f ? Start.AddHours(f) : (DateTimeOffset?)null, toHour is { } t ? Start.AddHours(t) : (DateTimeOffset?)null);
        var whole = IntakeHistory.ReadAccepted(log);

        var streamed = IntakeHistory.Read(log, from, to, withVerdicts: true).ToList();
        var plain = IntakeHistory.Read(log, from, to).ToList();

        Assert.Equal(plain.Select(l => l.Input.Id), streamed.Select(l => l.Input.Id));
        Assert.All(plain, l => Assert.Null(l.Accepted));
        Assert.Equal(streamed.Select(l => whole.GetValueOrDefault(l.Input.Id!)), streamed.Select(l => l.Accepted));

        // The cases the log was written for are all there: a known misroute, one none, the last of two.
        var byId = streamed.ToLookup(l => l.Input.Id!);
        Assert.Equal(fromHour is null ? 10 : 8, streamed.Count);
        Assert.Null(byId[Id(log, 1)].Single().Accepted);
        Assert.Equal(2, byId[Id(log, 3)].Count());
        Assert.All(byId[Id(log, 3)], l => Assert.Equal(new AcceptedLead(Id(log, 3), "m2", false), l.Accepted));
        Assert.Equal(new AcceptedLead(Id(log, 2), "m3", true), byId[Id(log, 2)].Single().Accepted);
        Assert.Equal(new AcceptedLead(Id(log, 4), "m2", true), byId[Id(log, 4)].Single().Accepted);
        Assert.Equal(new AcceptedLead(Id(log, 5), "m1", false), byId[Id(log, 5)].Single().Accepted);
        Assert.Equal(new AcceptedLead(Id(log, 7), "m1", false), byId[Id(log, 7)].Single().Accepted);

        // Scored as the lead goes by, or from every accepted lead held by id: the same figures.
        var playbook = new BacktestDesk().Build();
        var decisions = LeadSimulation.Run(Router.Compile(playbook), streamed.Select(l => l.Input));
        var score = new MisrouteScore(playbook);
        for (var i = 0; i < decisions.Count; i++)
        {
            score.Add(decisions[i], streamed[i].Accepted);
        }

        Assert.Equal(JsonSerializer.Serialize(KnownMisroutes.Score(decisions, whole, playbook)), JsonSerializer.Serialize(score.Result()));
    }

    private static string Id(string log, int hour) =>
        IntakeHistory.Read(log, Start.AddHours(hour), Start.AddHours(hour + 1)).First().Input.Id!;
}
