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
/// <c>handoff report</c> streams the event log: it keeps a small summary per lead (times, ids of its
/// source, segment, queue, member and route, outcome flags, SLA timers), never the events themselves,
/// so the live managed heap while the log of 4N leads is read grows by at most the summary budget of
/// the 3N extra leads. Measured with a full collection every few hundred events (a count of live
/// bytes, not a timing).
/// </summary>
[Collection(HeapMeasurements.Name)]
public sealed class ReportMemoryTests : IDisposable
{
    private const int N = 1_500;

    /// <summary>The most a lead may cost while the report is built: its summary and its key.</summary>
    private const long BytesPerLead = 400;

    // Slack for the collector's own bookkeeping between samples; holding the events would be megabytes more.
    private const long Slack = 512 * 1024;

    private static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("handoff-report-memory-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_report_keeps_a_small_summary_per_lead_not_its_events()
    {
        var playbook = new Acme.Rules.AcmePlaybook().Build();
        var (small, large) = (Log(N), Log(4 * N));

        var few = PeakWhileReporting(small, playbook);
        var many = PeakWhileReporting(large, playbook);

        var budget = 3 * N * BytesPerLead + Slack;
        Assert.True(many - few < budget,
            $"live heap {many:N0} B while reporting on {4 * N:N0} leads against {few:N0} B for {N:N0}: {(many - few) / (3 * N):N0} B per extra lead (budget {BytesPerLead} B)");
    }

    // The highest live heap seen while the report reads the log (default window, as the command runs it).
    private static long PeakWhileReporting(string path, Model.PlaybookModel playbook)
    {
        var peak = 0L;
        var store = new SqliteHandoffStore(path);
        var report = ReportCommand.Build(store, playbook, from: null, to: null, progress: read =>
        {
            if (read % 500 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
            }
        });

        Assert.True(report.Overall.HandedOff > 0);
        return peak;
    }

    // A week of a host's log: each lead's intake event with its decision and the lead as it arrived,
    // then its SLA timers, a touch, an answer, and for some a meeting, a misroute or a reassignment.
    private string Log(int count)
    {
        var path = Path.Combine(_folder, $"handoff-{count}.db");
        var leads = Leads.Generated(count);
        var decisions = LeadSimulation.Run(Router.Compile(new Acme.Rules.AcmePlaybook().Build()), leads);
        var spacing = TimeSpan.FromDays(7) / count;
        using var store = new SqliteHandoffStore(path, synchronousFull: false);
        store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var writer = store.OpenWriter();
        writer.Begin();
        for (var i = 0; i < count; i++)
        {
            var decision = decisions[i];
            var at = Start + spacing * i;
            var data = EventMembers.From(JsonNode.Parse(decision.ToJson())!.AsObject());
            data[IntakeHistory.InputField] = JsonSerializer.SerializeToNode(leads[i] with { Event = leads[i].Event! with { OccurredAt = at } }, LeadLines.Options);
            var type = decision.Outcome switch
            {
                HandoffOutcome.Routed => HandoffEventTypes.Routed,
                HandoffOutcome.Disqualified => HandoffEventTypes.Disqualified,
                _ => HandoffEventTypes.Duplicate,
            };
            writer.Append(decision.LeadId, type, at, data);
            if (type != HandoffEventTypes.Routed)
            {
                continue;
            }

            var lead = decision.LeadId;
            writer.Append(lead, HandoffEventTypes.SlaStarted, at, new EventMembers { ["sla"] = "first-touch", ["kind"] = "FirstTouch" });
            writer.Append(lead, HandoffEventTypes.TaskCreated, at, new EventMembers { ["member"] = decision.Member });
            writer.Append(lead, HandoffEventTypes.SlaStarted, at, new EventMembers { ["sla"] = "acceptance", ["kind"] = "Acceptance" });
            var touched = at.AddMinutes(5 + i % 240);
            if (i % 9 == 0)
            {
                writer.Append(lead, HandoffEventTypes.Reassigned, touched.AddMinutes(-1),
                    new EventMembers { ["reason"] = "wrong-territory", ["misroute"] = true, ["member"] = $"sdr-{i % 5}", ["queue"] = decision.Queue });
            }

            writer.Append(lead, HandoffEventTypes.Touched, touched, new EventMembers { ["member"] = decision.Member });
            writer.Append(lead, HandoffEventTypes.SlaMet, touched, new EventMembers { ["sla"] = "first-touch" });
            if (i % 4 == 0)
            {
                writer.Append(lead, HandoffEventTypes.Rejected, touched.AddMinutes(30),
                    new EventMembers { ["reason"] = i % 8 == 0 ? "wrong-segment" : "no-budget", ["misroute"] = i % 8 == 0, ["source"] = decision.Source, ["segment"] = decision.Segment });
            }
            else
            {
                writer.Append(lead, HandoffEventTypes.Accepted, touched.AddMinutes(30), new EventMembers { ["member"] = decision.Member });
                if (i % 3 == 0)
                {
                    writer.Append(lead, HandoffEventTypes.MeetingBooked, touched.AddHours(2), new EventMembers { ["member"] = decision.Member });
                }
            }

            writer.Append(lead, i % 6 == 0 ? HandoffEventTypes.SlaBreached : HandoffEventTypes.SlaMet, touched.AddMinutes(30), new EventMembers { ["sla"] = "acceptance", ["kind"] = "Acceptance" });
        }

        writer.Commit();
        return path;
    }
}
