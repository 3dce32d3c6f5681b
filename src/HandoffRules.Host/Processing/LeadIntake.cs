using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Notifications;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Intake;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Processing;

/// <summary>Taking a lead in: dedupe, qualify, route, record, start timers, create tasks, queue alerts.</summary>
internal sealed partial class HandoffSession
{
    private WorkResult TakeIn(LeadWork work)
    {
        var (earlier, kept) = Writer.InputOutcomeAndLead(work.Source, work.Key, work.Lead.Id);
        if (earlier is not null)
        {
            Writer.CountRedelivery();
            return new WorkResult(WorkStatus.AlreadyProcessed, $"already processed ({earlier})", work.Lead.Id, earlier);
        }

        // The same lead id from another input (a contact converting again) is a new submission:
        // it gets its own id so the first lead's record stays as it is — and so does the record of a
        // lead whose own id already reads that way, the input's key added again until one is free.
        var input = work.Lead;
        if (input.Id is { } id && kept)
        {
            var own = $"{id}/{work.SourceId}";
            while (Writer.InputOutcomeAndLead(work.Source, work.Key, own).LeadKept)
            {
                own += $"/{work.SourceId}";
            }

            input = input with { Id = own };
        }

        // The lead as its reader took it in, when it did and the lead keeps its own id; else taken in here.
        var started = Stopwatch.GetTimestamp();
        var prepared = ReferenceEquals(input, work.Lead) && work.Prepared is { } given && given.ReceivedAt == work.ReceivedAt ? given : null;
        var intake = prepared?.Intake ?? LeadNormalizer.Normalize(input, work.ReceivedAt);
        var reading = Stopwatch.GetElapsedTime(started);

        // Replaying, the history has passed every deadline before this lead's arrival — once the
        // input reads as a lead: a line refused for what it is (no id, no known event) moves nothing,
        // however far ahead its date.
        if (intake.Lead is { } arriving)
        {
            JudgeDeadlinesBefore(arriving.ArrivedAt);
        }

        started = Stopwatch.GetTimestamp();
        var trace = new DecisionTrace();
        var result = Pipeline.Process(intake, trace);
        Metrics.Decided(reading + Stopwatch.GetElapsedTime(started));
        if (result.Error is { } error)
        {
            return Keep(new DeadLetterWork(work.Source, work.Key, work.Position, InputJson(work), $"{work.Position}: {error}", work.ReceivedAt));
        }

        var record = result.Record!;
        var lead = result.Lead!;
        _leadFields?.Keep(lead);
        Clock.Advance(lead.ArrivedAt);
        var now = Time.GetUtcNow();
        var decisionJson = record.ToJson();
        var stored = new StoredLead
        {
            LeadId = lead.Id,
            Outcome = record.Outcome,
            Queue = record.Queue,
            Member = record.Member,
            Source = lead.Source.ToString(),
            Segment = record.Segment,
            Territory = record.Territory,
            ArrivedAt = lead.ArrivedAt,
            // The lead its reader normalised from the input as stored, read back: its row keeps it as
            // that input, so its JSON is not written here (the writer rebuilds it only when asked).
            Lead = prepared is not null && ReferenceEquals(lead, prepared.Intake.Lead) ? NormalisedLead.AsItsInput : NormalisedLead.Json(lead),
            Decision = decisionJson,
            WrittenTrace = TraceText.Write(trace),
            UpdatedAt = now,
        };

        var type = record.Outcome switch
        {
            HandoffOutcome.Routed => HandoffEventTypes.Routed,
            HandoffOutcome.Disqualified => HandoffEventTypes.Disqualified,
            _ => HandoffEventTypes.Duplicate,
        };
        // The lead as it arrived, before normalisation, so a playbook change can be backtested on it
        // later; the lead's row is kept as it when the writer's rebuild gives back the lead's text (a
        // repeat given an id of its own, work nobody prepared), or when its reader normalised it.
        Writer.AppendIntake(lead.Id, type, lead.ArrivedAt, decisionJson, InputJson(work));
        if (record.Outcome == HandoffOutcome.Duplicate && result.Decision is { } repeat && FindLead(record.DuplicateOf!) is { } open)
        {
            // A repeat of an open lead: its event's trigger runs on that lead, for its owner now.
            StartTimers(open, repeat, newLead: false);
            RunTrigger(open, repeat, lead);
            SaveLead(open with { UpdatedAt = now });
        }
        else if (result.Decision is { Outcome: LeadOutcome.Routed } decision)
        {
            stored = stored with { Status = Playbook.Lifecycle.InitialStatus, Stage = decision.Definition?.Stage };
            StartTimers(stored, decision, newLead: true);
            RunTrigger(stored, decision, lead);
            WriteBackRouting(stored, decision, lead);
            HoldIfUnassigned(stored, decision);
            Metrics.Routed(record.Queue);
        }

        SaveLead(stored);
        Writer.RecordInput(work.Source, work.Key, "lead", record.Outcome, lead.Id, now);
        Metrics.Ingested(record.Outcome);
        Log.Decided(_logger, lead.Id, record.Outcome, record.Rule);
        return new WorkResult(WorkStatus.Done, $"{record.Outcome} by {record.Rule}", lead.Id, record.Outcome);
    }

    // The lead as it arrived, as its reader wrote it when it did.
    private static string InputJson(LeadWork work) => work.Prepared?.Input ?? JsonSerializer.Serialize(work.Lead, LeadJson);

    // A lead taken in now has no timers yet (a repeat of an id already kept got an id of its own),
    // so its timers start without asking the store whether one runs.
    private void StartTimers(StoredLead lead, RoutingDecision decision, bool newLead)
    {
        foreach (var (sla, due) in new[] { (decision.FirstTouchSla, decision.FirstTouchDue), (decision.AcceptanceSla, decision.AcceptanceDue) })
        {
            if (sla is null || due is null)
            {
                continue;
            }

            // The clock starts at the event that set it off (a repeat's, for a repeat of an open lead);
            // a timer of the same SLA still running keeps its earlier deadline.
            var start = decision.Lead.ArrivedAt;
            var timer = new StoredTimer(lead.LeadId, sla.Name, sla.Kind.ToString(), start, due.Value, StoredTimer.Pending, null, false);
            if (newLead)
            {
                Writer.StartTimerOfNewLead(timer);
            }
            else if (!Writer.StartTimer(timer))
            {
                continue;
            }

            _deadlines?.Add(timer.LeadId, timer.Sla, timer.DueAt);

            Writer.Append(lead.LeadId, HandoffEventTypes.SlaStarted, start,
                Facts(lead, new EventMembers { ["sla"] = sla.Name, ["kind"] = sla.Kind.ToString(), ["due"] = SqliteHandoffStore.Time(due.Value) }));
        }
    }

    private void RunTrigger(StoredLead stored, RoutingDecision decision, Lead lead)
    {
        if (decision.Trigger is not { } trigger)
        {
            return;
        }

        var owner = decision.Member;
        foreach (var action in trigger.Actions)
        {
            switch (action.Kind)
            {
                case TriggerActionKind.CreateTask:
                    Writer.Append(stored.LeadId, HandoffEventTypes.TaskCreated, lead.ArrivedAt, Facts(stored, new EventMembers { ["subject"] = action.Target, ["trigger"] = trigger.Name }));
                    break;
                case TriggerActionKind.SlackAlert:
                    var text = $"{trigger.Name}: {Describe(stored, decision, lead)}";
                    var message = SlackMessage.ForLead(text, trigger.Name, lead.Company, lead.Source.ToString(), stored.Queue, stored.Segment, stored.Territory,
                        owner, decision.FirstTouchDue, SlackMessage.HubSpotRecord(Options.HubSpot.PortalId, ContactId(stored.LeadId)));
                    Alert("slack", action.Target, message.ToJson(), stored, trigger.Name);
                    break;
                case TriggerActionKind.EmailAlert:
                    var to = action.Target == "owner" ? owner?.Email : action.Target;
                    if (to is null)
                    {
                        // Nobody to write to (held in the queue, or an owner without an address): recorded, not lost.
                        Writer.Append(stored.LeadId, HandoffEventTypes.AlertQueued, lead.ArrivedAt,
                            Facts(stored, new EventMembers { ["channel"] = "email", ["target"] = null, ["trigger"] = trigger.Name, ["undeliverable"] = owner is null ? "no owner yet" : $"member {owner.Id} has no e-mail address" }));
                        break;
                    }

                    Alert("email", to, $"{trigger.Name}: lead {stored.LeadId}\n{Describe(stored, decision, lead)}", stored, trigger.Name);
                    break;
            }
        }
    }

    /// <summary>Queues an alert in the outbox and records that it was queued.</summary>
    private void Alert(string channel, string target, string text, StoredLead lead, string why)
    {
        var now = Time.GetUtcNow();
        Writer.Enqueue(channel, target, text, lead.LeadId, now);
        Writer.Append(lead.LeadId, HandoffEventTypes.AlertQueued, now, Facts(lead, new EventMembers { ["channel"] = channel, ["target"] = target, ["why"] = why }));
    }

    // What an SDR needs to see in an alert: company and context, never contact details.
    private static string Describe(StoredLead stored, RoutingDecision decision, Lead lead)
    {
        var due = decision.FirstTouchDue is { } d ? $" First touch due {d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC." : "";
        return $"lead {stored.LeadId} from {lead.Company ?? "an unknown company"} ({lead.Source}, {stored.Segment ?? "size unknown"}, {stored.Territory ?? "no territory"}) " +
               $"→ {stored.Queue ?? "account owner"} / {stored.Member ?? "unassigned"}.{due}";
    }

    /// <summary>
    /// A decision trace as the store keeps it and <c>GET /api/leads/{id}</c> shows it: a JSON array of
    /// steps, <c>{"stage","subject","result","detail"}</c> with null members left out, escaped as
    /// decision records are (see <see cref="TraceText"/>, which finds its steps as it writes it).
    /// </summary>
    internal static string TraceJson(DecisionTrace trace) => TraceText.Write(trace).Trace;

    internal static readonly JsonSerializerOptions LeadJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
