using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HandoffRules.Model;
using HandoffRules.Routing;

namespace HandoffRules.Records;

/// <summary>The recorded outcomes of a lead at intake. Every input ends in exactly one.</summary>
public static class HandoffOutcome
{
    /// <summary>Routed to a queue or owner.</summary>
    public const string Routed = "routed";

    /// <summary>Disqualified with a reason code.</summary>
    public const string Disqualified = "disqualified";

    /// <summary>A duplicate of an earlier lead; it goes to that lead's owner.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Could not be read; kept with the raw input and a reason.</summary>
    public const string DeadLettered = "dead_lettered";
}

/// <summary>
/// A decision as plain names and values: one line of <c>decisions.jsonl</c>, one row of a
/// snapshot, the baseline <c>plan</c> compares against, and what the host stores.
/// </summary>
public sealed record DecisionRecord
{
    /// <summary>The lead's id.</summary>
    public required string LeadId { get; init; }

    /// <summary>One of <see cref="HandoffOutcome"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The disqualifier's reason code, for a disqualified lead.</summary>
    public string? Reason { get; init; }

    /// <summary>The lead this one duplicates.</summary>
    public string? DuplicateOf { get; init; }

    /// <summary>The definition met.</summary>
    public string? Definition { get; init; }

    /// <summary>The lead's territory.</summary>
    public string? Territory { get; init; }

    /// <summary>The lead's segment.</summary>
    public string? Segment { get; init; }

    /// <summary>The named account matched.</summary>
    public string? Account { get; init; }

    /// <summary>The route that matched, "fallback", or null when not routed.</summary>
    public string? Route { get; init; }

    /// <summary>Why the fallback took it ("no_route_matched", "missing_context").</summary>
    public string? Fallback { get; init; }

    /// <summary>The queue it went to.</summary>
    public string? Queue { get; init; }

    /// <summary>The member who owns it.</summary>
    public string? Member { get; init; }

    /// <summary>The trigger that fired.</summary>
    public string? Trigger { get; init; }

    /// <summary>The first-touch SLA started.</summary>
    public string? FirstTouchSla { get; init; }

    /// <summary>When first touch is due (UTC).</summary>
    public DateTimeOffset? FirstTouchDue { get; init; }

    /// <summary>The acceptance SLA started.</summary>
    public string? AcceptanceSla { get; init; }

    /// <summary>When acceptance is due (UTC).</summary>
    public DateTimeOffset? AcceptanceDue { get; init; }

    /// <summary>The lead's source.</summary>
    public string? Source { get; init; }

    /// <summary>When the lead arrived (UTC).</summary>
    public DateTimeOffset? ArrivedAt { get; init; }

    /// <summary>Intake's data-quality notes.</summary>
    public string[] Notes { get; init; } = [];

    /// <summary>The rule that decided: route name, "fallback", reason code, or the outcome.</summary>
    [JsonIgnore]
    public string Rule => Route ?? Reason ?? Outcome;

    /// <summary>Where the lead ended: the queue (and member), or the outcome and reason.</summary>
    [JsonIgnore]
    public string Destination => Outcome switch
    {
        HandoffOutcome.Routed => Queue ?? (Member is null ? "(owner)" : "owner " + Member),
        HandoffOutcome.Disqualified => "disqualified " + Reason,
        _ => Outcome,
    };

    /// <summary>The record of a router decision.</summary>
    public static DecisionRecord From(RoutingDecision decision) => new()
    {
        LeadId = decision.Lead.Id,
        Outcome = decision.Outcome == LeadOutcome.Routed ? HandoffOutcome.Routed : HandoffOutcome.Disqualified,
        Reason = decision.Disqualifier?.Code,
        Definition = decision.Definition?.Name,
        Territory = decision.Territory?.Name,
        Segment = decision.Segment?.Name,
        Account = decision.Account?.Name,
        Route = decision.Outcome == LeadOutcome.Routed ? decision.Route?.Name ?? "fallback" : null,
        Fallback = decision.FallbackReason switch
        {
            FallbackReason.NoRouteMatched => "no_route_matched",
            FallbackReason.MissingContext => "missing_context",
            _ => null,
        },
        Queue = decision.Queue?.Name,
        Member = decision.Member?.Id,
        Trigger = decision.Trigger?.Name,
        FirstTouchSla = decision.FirstTouchSla?.Name,
        FirstTouchDue = decision.FirstTouchDue,
        AcceptanceSla = decision.AcceptanceSla?.Name,
        AcceptanceDue = decision.AcceptanceDue,
        Source = decision.Lead.Source.ToString(),
        ArrivedAt = decision.Lead.ArrivedAt,
        Notes = NoteLines(decision.Lead),
    };

    /// <summary>The lead's data-quality notes as record lines, with one more line when given.</summary>
    internal static string[] NoteLines(Lead lead, string? more = null)
    {
        var notes = lead.Notes.AsSpan();
        if (notes.IsEmpty && more is null)
        {
            return [];
        }

        var lines = new string[notes.Length + (more is null ? 0 : 1)];
        for (var i = 0; i < notes.Length; i++)
        {
            lines[i] = notes[i].ToString();
        }

        if (more is not null)
        {
            lines[^1] = more;
        }

        return lines;
    }

    /// <summary>The options every decision file is written and read with.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        // Names with apostrophes ("Niamh O'Brien") stay readable in decision files.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The record as one JSON line (no trailing newline).</summary>
    /// <remarks>
    /// Written by the compiled metadata (<see cref="DecisionFileJson"/>) with <see cref="JsonOptions"/>'
    /// escaping, into the thread's own writer and buffer: the host keeps one of these for every lead,
    /// and the options-driven serializer made its bookkeeping (a frame array, a writer, a buffer)
    /// anew for each. The text is the options-driven serializer's, as a test checks.
    /// </remarks>
    public string ToJson()
    {
        var json = Writing.Start(out var buffer);
        WriteJson(json);
        json.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the record as <see cref="ToJson"/> gives it, to a writer with <see cref="JsonOptions"/>' escaping.</summary>
    internal void WriteJson(Utf8JsonWriter json) => JsonSerializer.Serialize(json, this, DecisionFileJson.Default.DecisionRecord);

    private static readonly JsonScratch Writing = new(WriterOptions);

    /// <summary>How a record's JSON is written: <see cref="JsonOptions"/>' escaping and layout.</summary>
    internal static JsonWriterOptions WriterOptions => new()
    {
        Encoder = JsonOptions.Encoder,
        Indented = JsonOptions.WriteIndented,
        SkipValidation = true,
    };

    /// <summary>Reads one JSON line.</summary>
    public static DecisionRecord FromJson(string line) =>
        JsonSerializer.Deserialize<DecisionRecord>(line, JsonOptions) ?? throw new JsonException("a decision line is null");

    /// <summary>
    /// One fixed-width line for snapshots and diffs: id, source, place, size, outcome, rule, destination.
    /// </summary>
    public string ToSnapshotLine()
    {
        var builder = new StringBuilder();
        builder.Append(LeadId).Append(" | ").Append((Source ?? "").PadRight(13)).Append(" | ")
            .Append((Territory ?? "-").PadRight(20)).Append(" | ").Append((Segment ?? "-").PadRight(10)).Append(" | ")
            .Append(Outcome.PadRight(12)).Append(" | ").Append(Rule).Append(" -> ").Append(Destination);
        if (Member is not null && Queue is not null)
        {
            builder.Append(" (").Append(Member).Append(')');
        }

        if (DuplicateOf is not null)
        {
            builder.Append(" of ").Append(DuplicateOf);
        }

        return builder.ToString();
    }

    /// <summary>A due time as snapshots print it.</summary>
    public static string Format(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
}
