using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HandoffRules.Host.Api;
using HandoffRules.Host.Telemetry;
using HandoffRules.Intake;
using HandoffRules.Model;

namespace HandoffRules.Host.Inputs;

/// <summary>
/// Reads one JSON line into work: a lead (the default), an SDR action when the line has
/// <c>"kind": "sdr_action"</c> (or an <c>"action"</c>), or a member's availability when it has
/// <c>"kind": "availability"</c>. A line that cannot be read becomes a dead
/// letter with a reason naming the field.
/// </summary>
public static class LineParser
{
    private static JsonSerializerOptions Json => LeadLines.Options;

    /// <summary>Reads line <paramref name="number"/> of the input called <paramref name="name"/>.</summary>
    /// <param name="line">The line.</param>
    /// <param name="source">The source name inputs are recorded under.</param>
    /// <param name="name">The input's name in messages (a file name).</param>
    /// <param name="input">The input's identity, that keys of lines without an id of their own are scoped by (see <see cref="InputKey.Line"/>).</param>
    /// <param name="number">The line's number.</param>
    /// <param name="receivedAt">When it was read.</param>
    public static HandoffWork Parse(string line, string source, string name, string input, long number, DateTimeOffset receivedAt) =>
        Parse(Encoding.UTF8.GetBytes(line), source, name, input, number, receivedAt);

    /// <summary>Reads line <paramref name="number"/> of the input called <paramref name="name"/>, as the file holds it.</summary>
    /// <param name="line">The line's bytes, valid UTF-8 (a file's reader dead-letters a line that is not).</param>
    /// <param name="source">The source name inputs are recorded under.</param>
    /// <param name="name">The input's name in messages (a file name).</param>
    /// <param name="input">The input's identity, that keys of lines without an id of their own are scoped by (see <see cref="InputKey.Line"/>).</param>
    /// <param name="number">The line's number.</param>
    /// <param name="receivedAt">When it was read.</param>
    /// <remarks>
    /// The JSON is read from the bytes as they are: a line decoded into text first was encoded back
    /// into bytes by the JSON reader, and the text was kept only for a line that becomes a dead letter.
    /// </remarks>
    public static HandoffWork Parse(ReadOnlyMemory<byte> line, string source, string name, string input, long number, DateTimeOffset receivedAt)
    {
        var position = $"{name} line {number}";
        var lineKey = InputKey.Line(input, number);
        if (IsBlank(line.Span))
        {
            return new CursorWork(source, position);
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Dead($"{position}: a line must be a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}");
            }

            var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()
                : root.TryGetProperty("action", out _) ? "sdr_action" : "lead";
            switch (kind)
            {
                case "lead":
                    var lead = root.Deserialize<LeadInput>(Json)!;
                    if (lead.Id is { } id && string.IsNullOrWhiteSpace(id))
                    {
                        return Dead($"{position}: id is empty; give the lead an id or leave the field out");
                    }

                    return new LeadWork(source, lead.Id ?? lineKey, position, lead, receivedAt) { Prepared = PreparedIntake.Of(lead, receivedAt) };
                case "sdr_action":
                    var action = root.Deserialize<ActionLine>(Json)!;
                    if (string.IsNullOrWhiteSpace(action.LeadId))
                    {
                        return Dead($"{position}: lead_id is missing");
                    }

                    if (action.Id is { } actionId && string.IsNullOrWhiteSpace(actionId))
                    {
                        return Dead($"{position}: id is empty; give the action an id or leave the field out");
                    }

                    if (ReadAction(action.Action) is not { } sdrAction)
                    {
                        return Dead($"{position}: action '{LogValue.Of(action.Action)}' is not one of touch, accept, reject, meeting_booked, recycle, reassign");
                    }

                    return new ActionWork(source, action.Id ?? lineKey, position, action.LeadId, sdrAction, null, action.Member, action.Reason, action.To, action.At ?? receivedAt);
                case "availability":
                    return Availability(root, source, position, lineKey, receivedAt, Dead);
                default:
                    return Dead($"{position}: kind '{LogValue.Of(kind)}' is not lead, sdr_action or availability");
            }
        }
        catch (JsonException e)
        {
            return Dead(e.Path is { Length: > 1 } path
                ? $"{position}: field '{path.TrimStart('$', '.')}' has the wrong type ({FirstSentence(e.Message)})"
                : $"{position}: not JSON ({FirstSentence(e.Message)})");
        }

        DeadLetterWork Dead(string reason) => new(source, lineKey, position, Encoding.UTF8.GetString(line.Span), reason, receivedAt);
    }

    // The bytes of a line string.IsNullOrWhiteSpace reads as blank: white space that is ASCII is
    // found among the bytes; a line whose first other byte begins a longer character is read as text.
    private static readonly SearchValues<byte> AsciiWhiteSpace =
        SearchValues.Create([.. Enumerable.Range(0, 128).Where(b => char.IsWhiteSpace((char)b)).Select(b => (byte)b)]);

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        var first = line.IndexOfAnyExcept(AsciiWhiteSpace);
        return first < 0 || (line[first] >= 0x80 && string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(line)));
    }

    // A member's availability, keyed by its id when it has one (like an action's) and by the line otherwise.
    private static HandoffWork Availability(JsonElement root, string source, string position, string lineKey, DateTimeOffset receivedAt, Func<string, DeadLetterWork> dead)
    {
        var (request, problem) = AvailabilityRequest.Read(root, line: true);
        if (request is null)
        {
            return dead($"{position}: {problem}");
        }

        if (string.IsNullOrWhiteSpace(request.Member))
        {
            return dead($"{position}: member is missing: say whose availability it is");
        }

        if (request.Id is { } id && string.IsNullOrWhiteSpace(id))
        {
            return dead($"{position}: id is empty; give the line an id or leave the field out");
        }

        var key = request.Id is { } given ? InputKey.Availability(null, request.Member, given) : lineKey;
        return new AvailabilityWork(source, key, position, request.Member, null, request.By is { } by ? LogValue.Of(by) : position, request, receivedAt);
    }

    /// <summary>Reads an SDR action as files and APIs write it ("meeting_booked", "MeetingBooked").</summary>
    public static SdrAction? ReadAction(string? text) => text?.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
    {
        "TOUCH" => SdrAction.Touch,
        "ACCEPT" => SdrAction.Accept,
        "REJECT" => SdrAction.Reject,
        "MEETINGBOOKED" or "MEETING" => SdrAction.MeetingBooked,
        "RECYCLE" => SdrAction.Recycle,
        "REASSIGN" => SdrAction.Reassign,
        _ => null,
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }

    /// <summary>The JSON shape of an SDR action line.</summary>
    private sealed record ActionLine
    {
        public string? Id { get; init; }

        public string? LeadId { get; init; }

        public string? Action { get; init; }

        public string? Member { get; init; }

        public string? Reason { get; init; }

        public string? To { get; init; }

        public DateTimeOffset? At { get; init; }
    }
}
