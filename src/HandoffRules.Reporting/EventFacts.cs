using System.Text;
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
    public static EventFacts Read(ReadOnlySpan<byte> data, in EventFacts before, NameTable names) =>
        TryReadCompact(data, before, names, out var facts) ? facts : ReadWithReader(data, before, names);

    private static EventFacts ReadWithReader(ReadOnlySpan<byte> data, in EventFacts before, NameTable names)
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

    /// <summary>
    /// The facts of data written as the store writes it — compact (no white space), ASCII, no escapes —
    /// read member by member without a JSON reader: a report reads a million events, and a reader's
    /// token bookkeeping was a third of its fold (docs/benchmarks.md). Data of any other form, and
    /// anything that is not valid JSON, is left to <see cref="ReadWithReader"/> (false): the facts are
    /// the same either way, and only the reader says what is wrong with data that is not JSON.
    /// A nested value is stepped over by a reader of its own, which checks it.
    /// </summary>
    private static bool TryReadCompact(ReadOnlySpan<byte> data, in EventFacts before, NameTable names, out EventFacts facts)
    {
        facts = default;
        if (data.Length < 2 || data[0] != (byte)'{' || !Ascii.IsValid(data))
        {
            return false;
        }

        // Where each text field's value is (its start and length; a length of -1 for a value that is
        // not a string), names looked up only once the whole object has been read.
        Span<int> start = stackalloc int[(int)Field.Sla + 1];
        Span<int> length = stackalloc int[(int)Field.Sla + 1];
        length.Fill(int.MinValue);
        var (hasQueue, hasMember, late, misroute, acceptance) = (before.HasQueue, before.HasMember, before.Late, before.Misroute, before.Acceptance);
        var at = 1;
        if (data[at] == (byte)'}')
        {
            facts = before;
            return true;
        }

        while (true)
        {
            if (!QuotedText(data, ref at, out var nameStart, out var nameLength) || at >= data.Length || data[at++] != (byte)':' || at >= data.Length)
            {
                return false;
            }

            var field = FieldOf(data.Slice(nameStart, nameLength));
            var (valueStart, valueLength, kind) = (at, -1, data[at]);
            switch (kind)
            {
                case (byte)'"':
                    if (!QuotedText(data, ref at, out valueStart, out valueLength))
                    {
                        return false;
                    }

                    break;
                case (byte)'t' or (byte)'f' or (byte)'n':
                    var literal = kind == (byte)'t' ? "true"u8 : kind == (byte)'f' ? "false"u8 : "null"u8;
                    if (!data[at..].StartsWith(literal))
                    {
                        return false;
                    }

                    at += literal.Length;
                    break;
                case (byte)'[' or (byte)'{':
                    var nested = new Utf8JsonReader(data[at..]);
                    nested.Read();
                    nested.Skip();
                    at += (int)nested.BytesConsumed;
                    break;
                default:
                    if (!Number(data, ref at))
                    {
                        return false;
                    }

                    break;
            }

            switch (field)
            {
                case <= Field.Sla and not Field.Other:
                    (start[(int)field], length[(int)field]) = (valueStart, valueLength);
                    hasQueue |= field == Field.Queue;
                    hasMember |= field == Field.Member;
                    break;
                case Field.Late: late = kind == (byte)'t'; break;
                case Field.Misroute: misroute = kind == (byte)'t'; break;
                case Field.Kind: acceptance = valueLength >= 0 && Ascii.Equals(data.Slice(valueStart, valueLength), AcceptanceKind); break;
            }

            if (at >= data.Length)
            {
                return false;
            }

            if (data[at] == (byte)'}')
            {
                break;
            }

            if (data[at++] != (byte)',')
            {
                return false;
            }
        }

        int Id(Field field, int earlier, ReadOnlySpan<byte> data, Span<int> start, Span<int> length) =>
            length[(int)field] switch
            {
                int.MinValue => earlier,
                < 0 => NameTable.None,
                var n => names.Id(data.Slice(start[(int)field], n)),
            };

        facts = new EventFacts(
            Id(Field.Route, before.Route, data, start, length), Id(Field.Reason, before.Reason, data, start, length),
            Id(Field.Source, before.Source, data, start, length), Id(Field.Segment, before.Segment, data, start, length),
            Id(Field.Queue, before.Queue, data, start, length), Id(Field.Member, before.Member, data, start, length),
            Id(Field.Sla, before.Sla, data, start, length),
            hasQueue, hasMember, late, misroute, acceptance);
        return true;
    }

    // A text at data[at] (its opening quote), without escapes or control characters; at moves past its closing quote.
    private static bool QuotedText(ReadOnlySpan<byte> data, ref int at, out int start, out int length)
    {
        (start, length) = (at + 1, 0);
        if (at >= data.Length || data[at] != (byte)'"')
        {
            return false;
        }

        // The texts of an event are short: a loop finds their end sooner than a vectorised search.
        var end = start;
        while (end < data.Length && data[end] is not ((byte)'"' or (byte)'\\' or < 0x20))
        {
            end++;
        }

        if (end >= data.Length || data[end] != (byte)'"')
        {
            return false;
        }

        length = end - start;
        at = end + 1;
        return true;
    }

    // A JSON number at data[at]: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; at moves past it.
    private static bool Number(ReadOnlySpan<byte> data, ref int at)
    {
        var i = at;
        i += i < data.Length && data[i] == (byte)'-' ? 1 : 0;
        if (i >= data.Length || !char.IsAsciiDigit((char)data[i]))
        {
            return false;
        }

        i = data[i] == (byte)'0' ? i + 1 : Digits(data, i);
        if (i < data.Length && data[i] == (byte)'.')
        {
            var fraction = Digits(data, i + 1);
            if (fraction == i + 1)
            {
                return false;
            }

            i = fraction;
        }

        if (i < data.Length && (data[i] | 0x20) == (byte)'e')
        {
            i += i + 1 < data.Length && data[i + 1] is (byte)'+' or (byte)'-' ? 2 : 1;
            var exponent = Digits(data, i);
            if (exponent == i)
            {
                return false;
            }

            i = exponent;
        }

        at = i;
        return true;
    }

    private static int Digits(ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length && char.IsAsciiDigit((char)data[i]))
        {
            i++;
        }

        return i;
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

        return FieldOf(reader.ValueSpan);
    }

    private static Field FieldOf(ReadOnlySpan<byte> name)
    {
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
