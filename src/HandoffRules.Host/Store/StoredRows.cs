using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Model;
using HandoffRules.Records;

namespace HandoffRules.Host.Store;

/// <summary>
/// How both stores keep times and read rows back: a time column holds the time's UTC ticks (100 ns
/// since 0001-01-01, schema version 10), eight bytes that sort as the times compare and read back
/// exactly; a time inside an event's data is ISO-8601 UTC text. And one reading of each projection's
/// columns, so the SQLite and the PostgreSQL store cannot disagree about what a row means.
/// </summary>
internal static class StoredRows
{
    /// <summary>The schema version from which time columns keep ticks; before it, ISO-8601 UTC text.</summary>
    public const int TimesAsTicks = 10;

    /// <summary>A time as a time column keeps it.</summary>
    public static long At(DateTimeOffset at) => at.UtcTicks;

    /// <summary>A time as a time column keeps it, in a log at <paramref name="version"/>: what a read-only command binds to compare it with.</summary>
    public static object At(DateTimeOffset at, int version) => version >= TimesAsTicks ? At(at) : Time(at);

    /// <summary>The time a time column's ticks stand for.</summary>
    public static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>A time column's value: ticks, or (a log before schema version 10) text.</summary>
    public static DateTimeOffset At(DbDataReader r, int i) =>
        r.GetFieldType(i) == typeof(string) ? Time(r.GetString(i)) : At(r.GetInt64(i));

    /// <summary>A time column that may be NULL.</summary>
    public static DateTimeOffset? AtOrNull(DbDataReader r, int i) => r.IsDBNull(i) ? null : At(r, i);

    /// <summary>A time written into an event's data (and a time column before schema version 10).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time written as <see cref="Time(DateTimeOffset)"/> writes it.</summary>
    public static DateTimeOffset Time(string text) => Time(text.AsSpan());

    /// <summary>A time written as <see cref="Time(DateTimeOffset)"/> writes it, from the UTF-8 the database keeps.</summary>
    public static DateTimeOffset Time(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[StoredTimeLength];
        return utf8.Length == StoredTimeLength && System.Text.Ascii.ToUtf16(utf8, chars, out _) == System.Buffers.OperationStatus.Done
            ? Time((ReadOnlySpan<char>)chars)
            : Time(System.Text.Encoding.UTF8.GetString(utf8));
    }

    // The form Time(DateTimeOffset) writes, "2026-11-02T09:15:00.0000000Z", is read field by field: an
    // older log has a time on every row, and the general parser costs several times more. Anything
    // else (a hand-edited row) goes to the general parser.
    private const int StoredTimeLength = 28;

    private static DateTimeOffset Time(ReadOnlySpan<char> text) =>
        text.Length == StoredTimeLength && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == '.' && text[27] == 'Z'
        && Number(text[..4], out var year) && Number(text[5..7], out var month) && Number(text[8..10], out var day)
        && Number(text[11..13], out var hour) && Number(text[14..16], out var minute) && Number(text[17..19], out var second) && Number(text[20..27], out var fraction)
        && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour < 24 && minute < 60 && second < 60
            ? new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction, TimeSpan.Zero)
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static bool Number(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }

    /// <summary>The holds a query of <c>lead_id, queue, held_at, hold_until, state, excluded_member, ended_at</c> returns, in its order.</summary>
    public static List<StoredHold> ReadHolds(DbCommand command)
    {
        var holds = new List<StoredHold>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            holds.Add(new StoredHold(reader.GetString(0), reader.GetString(1), At(reader, 2), At(reader, 3), reader.GetString(4), Text(reader, 5), AtOrNull(reader, 6)));
        }

        return holds;
    }

    /// <summary>
    /// A lead's projection, from the columns of the stores' lead SELECT: its normalised lead rebuilt
    /// when the row keeps it as its intake event's input, or, with <paramref name="asStored"/> (a
    /// writer's own reads, which seldom need it; the SELECT's <see cref="LeadColumns"/> said so too),
    /// as stored ('' then).
    /// </summary>
    public static StoredLead ReadLead(DbDataReader r, bool asStored = false)
    {
        var leadId = r.GetString(0);
        var arrivedAt = At(r, 9);
        return new()
        {
            LeadId = leadId,
            Outcome = r.GetString(1),
            Status = Text(r, 2),
            Stage = Text(r, 3),
            Queue = Text(r, 4),
            Member = Text(r, 5),
            Source = Text(r, 6),
            Segment = Text(r, 7),
            Territory = Text(r, 8),
            ArrivedAt = arrivedAt,
            NurtureTrack = Text(r, 10),
            Lead = asStored ? r.GetString(11) : NormalisedLead.Read(r.GetString(11), Text(r, 15), leadId, arrivedAt),
            Decision = r.GetString(12),
            Trace = Text(r, 13),
            UpdatedAt = At(r, 14),
        };
    }

    /// <summary>
    /// The normalised lead of a lead's row, from the columns of the stores' lead SELECT (not
    /// <c>asStored</c>): what <see cref="ReadLead"/> gives as JSON, as the lead itself.
    /// </summary>
    public static Lead ReadNormalisedLead(DbDataReader r) => NormalisedLead.ReadLead(r.GetString(11), Text(r, 15), r.GetString(0), At(r, 9));

    /// <summary>An SLA timer, from the columns of the stores' timer SELECT.</summary>
    public static StoredTimer ReadTimer(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), At(r, 3), At(r, 4), r.GetString(5), AtOrNull(r, 6), r.GetInt32(7) == 1);

    /// <summary>A file input's cursor, from the columns of the stores' cursor SELECT.</summary>
    public static InputCursor ReadCursor(string input, DbDataReader r) => new(input, r.GetInt64(0), r.GetInt64(1), Text(r, 2), r.GetInt32(3));

    /// <summary>
    /// The columns of an event row, as <see cref="ReadEvent"/> reads them, for a query <c>FROM events</c>
    /// (aliased or not): the playbook is named by its id into <c>playbooks</c> (schema version 7), the
    /// facts of the lead the event opens with by their id into <c>event_facts</c> (schema version 8).
    /// </summary>
    public const string EventColumns = EventColumnsBeforeFacts + ", (SELECT f.facts FROM event_facts f WHERE f.id = facts_id)";

    /// <summary>
    /// <see cref="EventColumns"/> but the facts: a log at schema version 7 has no <c>event_facts</c>
    /// (see <see cref="EventLogSchema.EventColumns"/>, which adds the facts column a log has).
    /// </summary>
    public const string EventColumnsBeforeFacts =
        "seq, lead_id, type, at, data, input, (SELECT p.version FROM playbooks p WHERE p.id = playbook_id), (SELECT p.content_hash FROM playbooks p WHERE p.id = playbook_id)";

    /// <summary>An event, from <see cref="EventColumns"/>; events written before versions were recorded have none.</summary>
    public static HandoffEvent ReadEvent(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), At(r, 3),
        JsonNode.Parse(EventData(r.GetString(4), Text(r, 5), Text(r, 8)))!.AsObject())
    {
        Playbook = r.IsDBNull(6) ? null : new PlaybookVersion(r.GetString(6), Text(r, 7) ?? ""),
    };

    /// <summary>
    /// An event's data as written, from what the row keeps: <paramref name="data"/>, the members the
    /// event has besides the two parts kept apart (a JSON object, <c>{}</c> when none); <paramref name="facts"/>,
    /// when the event opened with its lead's facts (<see cref="FactNames"/>), those members as kept once
    /// in <c>event_facts</c> (the object's text without its braces), which go first; and
    /// <paramref name="input"/>, when it carried the lead as it arrived, that object, which goes last.
    /// The one place an event's data is put back together from its row.
    /// </summary>
    public static string EventData(string data, string? input, string? facts)
    {
        if (facts is not null)
        {
            data = data == "{}" ? string.Concat("{", facts, "}") : string.Concat("{", facts, ",", data.AsSpan(1));
        }

        return input is null ? data : WithInput(data, input);
    }

    /// <summary>
    /// An event's data as written but without its input, put together from its row's UTF-8 as
    /// <see cref="EventData(string, string?, string?)"/> does: <paramref name="facts"/> (empty when the
    /// row names none) first, then the rest of <paramref name="data"/>. For a reader of many rows, the
    /// result is written into <paramref name="buffer"/> (grown when too small) and valid until its next use.
    /// </summary>
    public static ReadOnlySpan<byte> EventData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> facts, ref byte[] buffer)
    {
        if (facts.IsEmpty)
        {
            return data;
        }

        var rest = data.SequenceEqual("{}"u8) ? "}"u8 : data[1..];
        var length = facts.Length + rest.Length + (rest.Length > 1 ? 2 : 1);
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        buffer[0] = (byte)'{';
        facts.CopyTo(buffer.AsSpan(1));
        var at = 1 + facts.Length;
        if (rest.Length > 1)
        {
            buffer[at++] = (byte)',';
        }

        rest.CopyTo(buffer.AsSpan(at));
        return buffer.AsSpan(0, length);
    }

    /// <summary>
    /// The facts of its lead an event opens with, in this order (<c>HandoffSession.Facts</c>), so metrics
    /// split by them without joins: kept once per distinct set in <c>event_facts</c> (schema version 8),
    /// not again in every event's data.
    /// </summary>
    public static readonly string[] FactNames = ["source", "segment", "territory", "queue", "member"];

    /// <summary>The columns an event appended after its lead's intake event is inserted with (see <see cref="PendingRows"/>), in this order: its lead, type, time, data, playbook and facts.</summary>
    public static readonly string[] AppendedEventColumns = ["lead_id", "type", "at", "data", "playbook_id", "facts_id"];

    /// <summary>
    /// The columns of the stores' lead SELECT, as <see cref="ReadLead"/> reads them, for a query
    /// <c>FROM leads</c> (aliased as <paramref name="leads"/>): a decision kept once, in the lead's
    /// intake event (<c>decision</c> '' and <c>intake_seq</c> set, schema version 7), is read from there,
    /// and so is the input a normalised lead kept as '' is rebuilt from (schema version 9), and the
    /// trace from <c>lead_traces</c> (schema version 16) — unless <paramref name="asStored"/>: a read
    /// that takes the lead as stored (<see cref="ReadLead"/>), to save it again, fetches neither the
    /// input nor the trace, which saving it keeps. A query that reads more columns puts them from
    /// <see cref="LeadColumnCount"/> on.
    /// </summary>
    public static string LeadColumns(string leads, bool asStored = false) =>
        $"{leads}.lead_id, {leads}.outcome, {leads}.status, {leads}.stage, {leads}.queue, {leads}.member, {leads}.source, {leads}.segment, {leads}.territory, " +
        $"{leads}.arrived_at, {leads}.nurture_track, {leads}.lead, {DecisionColumn(leads)}, " +
        (asStored ? "NULL" : $"(SELECT t.trace FROM lead_traces t WHERE t.lead_id = {leads}.lead_id)") + $", {leads}.updated_at, " +
        (asStored ? "NULL" : $"CASE WHEN {leads}.lead = '' THEN (SELECT i.input FROM events i WHERE i.seq = {leads}.intake_seq) END");

    /// <summary>How many columns <see cref="LeadColumns"/> reads.</summary>
    public const int LeadColumnCount = 16;

    /// <summary>The lead's decision, as stored or from its intake event.</summary>
    private static string DecisionColumn(string leads) =>
        $"CASE WHEN {leads}.intake_seq IS NOT NULL AND {leads}.decision = '' THEN (SELECT d.data FROM events d WHERE d.seq = {leads}.intake_seq) ELSE {leads}.decision END";

    /// <summary>
    /// The upsert's update of the decision columns (<paramref name="leads"/> is the table's name). The
    /// normalised lead is never updated, so a row that keeps it as '' keeps naming the intake event it
    /// is rebuilt from; a decision the new row would read from another intake event is copied instead.
    /// Otherwise a projection saved again with the decision its intake event holds keeps the reference
    /// rather than a copy.
    /// </summary>
    public static string DecisionUpdate(string leads) =>
        $"decision = CASE WHEN {leads}.lead = '' AND excluded.decision = '' AND excluded.intake_seq <> {leads}.intake_seq " +
        $"THEN (SELECT d.data FROM events d WHERE d.seq = excluded.intake_seq) " +
        $"WHEN excluded.intake_seq IS NULL AND {leads}.intake_seq IS NOT NULL AND {leads}.decision = '' " +
        $"AND excluded.decision = (SELECT d.data FROM events d WHERE d.seq = {leads}.intake_seq) THEN '' ELSE excluded.decision END, " +
        $"intake_seq = CASE WHEN {leads}.lead = '' THEN {leads}.intake_seq ELSE COALESCE(excluded.intake_seq, {leads}.intake_seq) END";

    /// <summary>The field an event's data ends with when it carries the lead as it arrived (see <see cref="IntakeHistory.InputField"/>).</summary>
    private const string InputSuffix = "\"" + IntakeHistory.InputField + "\":";

    /// <summary>
    /// An event's data as stored (see <see cref="EventData(string, string?, string?)"/>): the facts it opens with, when it opens
    /// with all of <see cref="FactNames"/> in order (the members' text without braces); the rest as a
    /// JSON object; and — when it ends with the lead as it arrived (an intake event) — that input apart,
    /// so the lead's row can refer to the rest (its decision) instead of copying it. The data is
    /// serialised once: each part is cut from the one text, which <see cref="EventData(string, string?, string?)"/> gives back.
    /// </summary>
    /// <param name="data">The event's data as the processor built it.</param>
    public static (string? Facts, string Data, string? Input) EventRow(EventMembers data)
    {
        var count = data.Count;
        JsonObject? input = null;
        if (count > 0 && data.GetAt(count - 1) is { Key: IntakeHistory.InputField, Value: JsonObject last })
        {
            input = last;
            count--;
        }

        var facts = count >= FactNames.Length ? FactNames.Length : 0;
        for (var i = 0; i < facts; i++)
        {
            if (!string.Equals(data.GetAt(i).Key, FactNames[i], StringComparison.Ordinal))
            {
                facts = 0;
            }
        }

        // The facts of the event before, when these are the same: only the rest is written.
        var known = facts > 0 && t_lastFacts is { } before && before.Are(data) ? before.Text : null;
        var writer = EventWriting.Start(out var buffer);
        writer.WriteStartObject();
        var factsEnd = 0;
        for (var i = known is null ? 0 : facts; i < count; i++)
        {
            var (key, value) = data.GetAt(i);
            writer.WritePropertyName(key);
            EventMembers.WriteValue(writer, value, EventJson);

            if (i == facts - 1)
            {
                writer.Flush();
                factsEnd = buffer.WrittenCount;
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        var restStart = buffer.WrittenCount;
        if (input is not null)
        {
            writer.Reset();
            input.WriteTo(writer, EventJson);
            writer.Flush();
        }

        var written = buffer.WrittenSpan;
        var text = written[..restStart];
        var inputText = input is null ? null : System.Text.Encoding.UTF8.GetString(written[restStart..]);
        if (facts == 0)
        {
            return (null, System.Text.Encoding.UTF8.GetString(text), inputText);
        }

        if (known is not null)
        {
            return (known, text.Length == 2 ? "{}" : System.Text.Encoding.UTF8.GetString(text), inputText);
        }

        // After the facts comes "}" when nothing else follows, else "," and the rest's members.
        var factsText = System.Text.Encoding.UTF8.GetString(text[1..factsEnd]);
        var rest = text.Length - factsEnd == 1 ? "{}" : Braced(text[(factsEnd + 1)..]);
        (t_lastFacts ??= new LastFacts()).Remember(data, factsText);
        return (factsText, rest, inputText);
    }

    // A lead's events come one after another (its SLA timers, its task, its alert, its breach), each
    // opening with the same facts: the text written for the last facts on this thread is taken again
    // rather than written and decoded again, the same string, which the writer's book then finds by reference.
    [ThreadStatic]
    private static LastFacts? t_lastFacts;

    private sealed class LastFacts
    {
        private readonly object?[] _values = new object?[FactNames.Length];

        public string Text { get; private set; } = "";

        // Texts only: a node could have changed since its text was written.
        public bool Are(EventMembers data)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                if (data.GetAt(i).Value is not (string or null) || !Equals(_values[i], data.GetAt(i).Value))
                {
                    return false;
                }
            }

            return true;
        }

        public void Remember(EventMembers data, string text)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                _values[i] = data.GetAt(i).Value;
            }

            Text = text;
        }
    }

    // "{" and the members after it, decoded into one string (not a string and then its copy).
    private static string Braced(ReadOnlySpan<byte> members)
    {
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(members.Length + 1);
        try
        {
            chars[0] = '{';
            var count = System.Text.Encoding.UTF8.GetChars(members, chars.AsSpan(1));
            return new string(chars, 0, count + 1);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
        }
    }

    // How both stores write an event's data, one writer reused by each thread that writes events.
    private static readonly JsonSerializerOptions EventJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonScratch EventWriting = new(new JsonWriterOptions { Encoder = EventJson.Encoder, SkipValidation = true });

    /// <summary>An event's data as written, from the stored rest and the input kept apart.</summary>
    public static string WithInput(string data, string input) => data == "{}"
        ? string.Concat("{", InputSuffix, input, "}")
        : string.Concat(data.AsSpan(0, data.Length - 1), "," + InputSuffix, input, "}");

    /// <summary>The playbooks that ran on a store, from the stores' SELECT of (version, content_hash).</summary>
    public static PlaybookVersion ReadPlaybook(DbDataReader r) => new(r.GetString(0), r.GetString(1));

    /// <summary>A text column that may be NULL.</summary>
    public static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>A value to bind, NULL when absent.</summary>
    public static object Db(string? value) => (object?)value ?? DBNull.Value;
}
