using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Reporting;

/// <summary>
/// The facts of one event that a report reads (ids of <see cref="NameTable"/>, <see cref="NameTable.None"/>
/// for a fact that is absent or not a string), read either from an event's JSON object or straight from
/// the UTF-8 JSON the store keeps. Both readings follow <see cref="HandoffEvent.Text"/> and
/// <see cref="HandoffEvent.Flag"/>: a text is a JSON string, a flag is JSON <c>true</c>.
/// </summary>
internal readonly record struct EventFacts(
    int Route, int Reason, int Source, int Segment, int Queue, int Member, int Sla,
    bool HasQueue, bool HasMember, bool Late, bool Misroute, bool Acceptance)
{
    private const string AcceptanceKind = "Acceptance";

    /// <summary>The facts of an event already parsed.</summary>
    public static EventFacts Of(HandoffEvent e, NameTable names) => new(
        names.Id(e.Text("route")), names.Id(e.Text("reason")), names.Id(e.Text("source")), names.Id(e.Text("segment")),
        names.Id(e.Text("queue")), names.Id(e.Text("member")), names.Id(e.Text("sla")),
        e.Data.ContainsKey("queue"), e.Data.ContainsKey("member"), e.Flag("late"), e.Flag("misroute"), e.Text("kind") == AcceptanceKind);

    /// <summary>
    /// The facts of an event's data as stored (a JSON object in UTF-8), read in one pass without building
    /// the object: only the fields a report needs are looked at, and a name already seen costs no string.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="before">
    /// The facts of members the data as written opened with, kept apart and read once (see
    /// <see cref="HealthReportAccumulator.Add(long, ReadOnlySpan{byte}, ReadOnlySpan{byte}, DateTimeOffset, ReadOnlySpan{byte}, long, ReadOnlySpan{byte}, PlaybookVersion?)"/>);
    /// the data's own members come after them, so a field in both is the data's.
    /// </param>
    /// <param name="names">The report's names.</param>
    /// <exception cref="JsonException">The data is not a JSON object.</exception>
    public static EventFacts Read(ReadOnlySpan<byte> data, in EventFacts before, NameTable names)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An event's data is not a JSON object.");
        }

        var (route, reason, source, segment, queue, member, sla) = (before.Route, before.Reason, before.Source, before.Segment, before.Queue, before.Member, before.Sla);
        var (hasQueue, hasMember, late, misroute, acceptance) = (before.HasQueue, before.HasMember, before.Late, before.Misroute, before.Acceptance);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = FieldOf(ref reader);
            reader.Read();
            switch (field)
            {
                case Field.Route: route = Text(ref reader, names); break;
                case Field.Reason: reason = Text(ref reader, names); break;
                case Field.Source: source = Text(ref reader, names); break;
                case Field.Segment: segment = Text(ref reader, names); break;
                case Field.Queue: queue = Text(ref reader, names); hasQueue = true; break;
                case Field.Member: member = Text(ref reader, names); hasMember = true; break;
                case Field.Sla: sla = Text(ref reader, names); break;
                case Field.Late: late = reader.TokenType == JsonTokenType.True; break;
                case Field.Misroute: misroute = reader.TokenType == JsonTokenType.True; break;
                case Field.Kind: acceptance = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(AcceptanceKind); break;
            }

            // A nested object or array (the decision's trace, an input) is stepped over whole.
            reader.Skip();
        }

        return new EventFacts(route, reason, source, segment, queue, member, sla, hasQueue, hasMember, late, misroute, acceptance);
    }

    private enum Field : byte { Other, Route, Reason, Source, Segment, Queue, Member, Sla, Late, Misroute, Kind }

    // Most names of a long log are not among these: by length and first byte, a name is compared
    // with one of them at most (an escaped name, which no writer of the log makes, with each in turn).
    private static Field FieldOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            for (var field = Field.Route; field <= Field.Kind; field++)
            {
                if (reader.ValueTextEquals(NameOf(field)))
                {
                    return field;
                }
            }

            return Field.Other;
        }

        var name = reader.ValueSpan;
        var candidate = (name.Length, name.IsEmpty ? 0 : name[0]) switch
        {
            (3, 's') => Field.Sla,
            (4, 'l') => Field.Late,
            (4, 'k') => Field.Kind,
            (5, 'r') => Field.Route,
            (5, 'q') => Field.Queue,
            (6, 'r') => Field.Reason,
            (6, 's') => Field.Source,
            (6, 'm') => Field.Member,
            (7, 's') => Field.Segment,
            (8, 'm') => Field.Misroute,
            _ => Field.Other,
        };
        return candidate != Field.Other && name.SequenceEqual(NameOf(candidate)) ? candidate : Field.Other;
    }

    private static ReadOnlySpan<byte> NameOf(Field field) => field switch
    {
        Field.Route => "route"u8,
        Field.Reason => "reason"u8,
        Field.Source => "source"u8,
        Field.Segment => "segment"u8,
        Field.Queue => "queue"u8,
        Field.Member => "member"u8,
        Field.Sla => "sla"u8,
        Field.Late => "late"u8,
        Field.Misroute => "misroute"u8,
        Field.Kind => "kind"u8,
        _ => [],
    };

    private static int Text(ref Utf8JsonReader reader, NameTable names) => reader.TokenType != JsonTokenType.String
        ? NameTable.None
        : reader.ValueIsEscaped ? names.Id(reader.GetString()) : names.Id(reader.ValueSpan);
}
