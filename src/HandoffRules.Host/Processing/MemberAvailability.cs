using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Host.Api;
using HandoffRules.Host.Inputs;
using HandoffRules.Host.Store;
using HandoffRules.Host.Telemetry;
using HandoffRules.Model;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Processing;

/// <summary>
/// Members' availability set by operations — away, paused, a cap for a day — kept in the event log
/// (<see cref="HandoffEventTypes.AvailabilitySet"/>, under no lead) and handed to the router through
/// the distribution state, so distribution, held leads and reassignments all honour it from the next
/// decision on, and a restarted host reads it back.
/// </summary>
internal sealed partial class HandoffSession
{
    private AvailabilityLog? _availability;

    // The log position up to which the availability read is committed: what a rollback goes back to.
    private long _availabilityCommitted;

    /// <summary>Reads the availability set since it was last read (by this host or another) and hands it to the router.</summary>
    private void ReloadAvailability()
    {
        _availability ??= new AvailabilityLog(Clock.Replay);
        _availability.ForgetAfter(_availabilityCommitted);
        ReadAvailability();
        _availabilityCommitted = _availability.LastSeq;
        State.Availability = _availability;
    }

    private void CommitAvailability() => _availabilityCommitted = _availability?.LastSeq ?? 0;

    private void ReadAvailability()
    {
        foreach (var set in Writer.EventsWithoutLead(HandoffEventTypes.AvailabilitySet, _availability!.LastSeq))
        {
            _availability.Add(set.Seq, FromEvent(set));
        }
    }

    private WorkResult SetAvailability(AvailabilityWork work)
    {
        if (work.Key is { } key && Writer.InputOutcome(work.Source, key) is { } earlier)
        {
            Writer.CountRedelivery();
            return new WorkResult(WorkStatus.AlreadyProcessed, $"already processed ({earlier})", Outcome: earlier);
        }

        // Without a time of its own, a change replayed from a file takes effect where the input stands.
        var at = work.Request.At ?? (Clock.Replay && Clock.Now > DateTimeOffset.MinValue ? Clock.Now : work.ReceivedAt);
        var refusal = CheckAvailability(work, at, out var availability);
        if (refusal is not null)
        {
            Log.AvailabilityRefused(_logger, LogValue.Of(work.MemberId), refusal.Message);
            return work.Completion is null
                ? Keep(new DeadLetterWork(work.Source, work.Key, work.Position, HandoffSession.Json(work.Request), $"{work.Position}: {refusal.Message}", work.ReceivedAt))
                : refusal;
        }

        Clock.Advance(at);
        Writer.Append("", HandoffEventTypes.AvailabilitySet, at, ToEvent(availability!, work.Source));
        ReadAvailability();
        if (work.Key is { } applied)
        {
            Writer.RecordInput(work.Source, applied, "availability", "applied", null, Time.GetUtcNow());
        }

        _afterCommit.Add(() => Log.AvailabilitySet(_logger, availability!.MemberId, availability.ToString(), availability.SetBy, at));
        return new WorkResult(WorkStatus.Done, $"availability of member '{availability!.MemberId}': {availability}");
    }

    /// <summary>Why the availability cannot be set, naming the field the way a 400 answer should; or null, with what is set.</summary>
    private WorkResult? CheckAvailability(AvailabilityWork work, DateTimeOffset at, out Availability? availability)
    {
        availability = null;
        var request = work.Request;
        if (Playbook.FindMember(work.MemberId) is null)
        {
            return new WorkResult(WorkStatus.NotFound, $"there is no member '{LogValue.Of(work.MemberId)}'");
        }

        // A member's key sets that member's availability only; an integration's (or a file) anyone's.
        if (work.Actor is not null && work.Actor != work.MemberId)
        {
            return new WorkResult(WorkStatus.Forbidden, $"member {work.Actor} may set their own availability only, not {work.MemberId}'s");
        }

        var problem = (request.Clear, request.SetsAnything) switch
        {
            (true, true) => "clear: true clears everything; send it without away_from, away_to, paused, cap or cap_day",
            (false, false) => "nothing to set: give away_to (with away_from), paused or cap (with cap_day), or \"clear\": true",
            _ => null,
        } ?? (request switch
        {
            { Id: { } id } when string.IsNullOrWhiteSpace(id) => "id: is empty; give the change an id or leave the field out",
            { AwayFrom: not null, AwayTo: null } => "away_to: is missing; away_from needs an end",
            { AwayFrom: { } from, AwayTo: { } to } when to <= from => $"away_to: {Shown(to)} is not after away_from ({Shown(from)})",
            { AwayFrom: null, AwayTo: { } to } when to <= at => $"away_to: {Shown(to)} is not after the time it is set ({Shown(at)}); give away_from for a past absence",
            { Cap: < 0 } => $"cap: {request.Cap} is below zero; 0 takes no leads that day",
            { Cap: null, CapDay: not null } => "cap_day: is given without cap",
            _ => null,
        });
        if (problem is null && work.Source == SdrApi.Source && at > Time.GetUtcNow() + Options.ActionClockSkew)
        {
            problem = $"at: {Shown(at)} is in the future; at most {Options.ActionClockSkew.TotalSeconds:0} seconds ahead of the host's clock are allowed";
        }

        if (problem is not null)
        {
            return new WorkResult(WorkStatus.Invalid, problem);
        }

        availability = new Availability
        {
            MemberId = work.MemberId,
            AwayFrom = request.AwayFrom,
            AwayTo = request.AwayTo,
            Paused = request.Paused == true,
            Cap = request.Cap,
            CapDay = request.Cap is null ? null : request.CapDay ?? Router.DayOf(work.MemberId, at),
            SetAt = at,
            SetBy = work.SetBy,
        };
        return null;
    }

    private static string Shown(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static EventMembers ToEvent(Availability availability, string source) => new()
    {
        ["member"] = availability.MemberId,
        ["away_from"] = availability.AwayFrom is { } from ? StoredRows.Time(from) : null,
        ["away_to"] = availability.AwayTo is { } to ? StoredRows.Time(to) : null,
        ["paused"] = availability.Paused,
        ["cap"] = availability.Cap,
        ["cap_day"] = availability.CapDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["cleared"] = availability.IsCleared,
        ["set_by"] = availability.SetBy,
        ["source"] = source,
    };

    /// <summary>An availability as the event log keeps it: what the router, the API and a restarted host read back.</summary>
    public static Availability FromEvent(HandoffEvent set) => new()
    {
        MemberId = set.Text("member") ?? "",
        AwayFrom = set.Time("away_from"),
        AwayTo = set.Time("away_to"),
        Paused = set.Flag("paused"),
        Cap = set.Data["cap"] is JsonValue cap && cap.TryGetValue<int>(out var leads) ? leads : null,
        CapDay = set.Text("cap_day") is { } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        SetAt = set.At,
        SetBy = set.Text("set_by") ?? "",
    };
}
