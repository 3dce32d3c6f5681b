using System.Text.Json;
using System.Text.Json.Nodes;
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
    /// <exception cref="JsonException">The data is not a JSON object.</exception>
    public static EventFacts Read(ReadOnlySpan<byte> data, NameTable names)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An event's data is not a JSON object.");
        }

        int route = 0, reason = 0, source = 0, segment = 0, queue = 0, member = 0, sla = 0;
        bool hasQueue = false, hasMember = false, late = false, misroute = false, acceptance = false;
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

    private static Field FieldOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("route"u8) ? Field.Route
        : reader.ValueTextEquals("reason"u8) ? Field.Reason
        : reader.ValueTextEquals("source"u8) ? Field.Source
        : reader.ValueTextEquals("segment"u8) ? Field.Segment
        : reader.ValueTextEquals("queue"u8) ? Field.Queue
        : reader.ValueTextEquals("member"u8) ? Field.Member
        : reader.ValueTextEquals("sla"u8) ? Field.Sla
        : reader.ValueTextEquals("late"u8) ? Field.Late
        : reader.ValueTextEquals("misroute"u8) ? Field.Misroute
        : reader.ValueTextEquals("kind"u8) ? Field.Kind
        : Field.Other;

    private static int Text(ref Utf8JsonReader reader, NameTable names) => reader.TokenType != JsonTokenType.String
        ? NameTable.None
        : reader.ValueIsEscaped ? names.Id(reader.GetString()) : names.Id(reader.ValueSpan);
}
