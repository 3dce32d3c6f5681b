using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace HandoffRules.Host.Store;

/// <summary>
/// How a decision trace is kept: each distinct step once, in the store's <c>trace_steps</c> table
/// under an id derived from its text, and each lead's trace as the list of its steps' ids. Most
/// steps repeat across leads (the same definitions pass, the same disqualifiers do not apply), so a
/// lead's trace costs a few hundred bytes instead of a few kilobytes, and reads back as the very
/// JSON the processor wrote. The id is a hash of the step's text, so hosts sharing a database give
/// a step the same id without talking to each other; a hash that collides with another step's text
/// keeps that lead's trace whole, as JSON.
/// </summary>
/// <remarks>
/// Traces written before schema version 6 are JSON arrays (they start with <c>[</c>) and stay so.
/// A compact trace starts with <see cref="Mark"/> and gives each id six bytes (eight characters);
/// one written before schema version 10 starts with <see cref="WideMark"/> and gives each id eight.
/// Six bytes are enough: ids only need to tell apart the steps of one log, and two steps that share
/// one cost the second's lead its trace kept whole, not a wrong trace (a log of ten million
/// distinct steps meets that about once in thirty million new steps). From the same version a step
/// is kept as its values without its member names (<see cref="StoredStep"/>); steps kept before as
/// JSON read as before. From schema version 11 a step the writer has not seen before (most often one
/// only this lead has: an employee count, a domain in no account, a due time) is kept in the trace
/// itself, after the ids, its slot among them <see cref="InlineId"/>; only a step seen again goes
/// into <c>trace_steps</c>. A step unique to its lead then costs its text in the lead's row, not a
/// row of its own in a table keyed at random, whose pages every batch wrote to the log again.
/// </remarks>
internal static class CompactTrace
{
    /// <summary>The first character of a compact trace (a JSON trace starts with <c>[</c>).</summary>
    public const char Mark = '^';

    /// <summary>The first character of a compact trace written before schema version 10, with 8-byte ids.</summary>
    public const char WideMark = '~';

    private const int IdBytes = 6;

    /// <summary>The id in a step's slot when the step is kept in the trace itself (no step's hash is taken as an id when it is this).</summary>
    public const long InlineId = 0;

    // Between the ids and each step kept in the trace: a step never holds it (a JSON string escapes
    // it, and a step that still does is not kept inline).
    private const char InlineSeparator = '\n';

    /// <summary>Whether a step's text can be kept in the trace itself.</summary>
    public static bool CanInline(ReadOnlySpan<char> stored) => !stored.Contains(InlineSeparator);

    /// <summary>Whether <paramref name="trace"/> is a list of step ids rather than the JSON itself.</summary>
    public static bool IsCompact(string? trace) => trace is { Length: > 0 } && trace[0] is Mark or WideMark;

    /// <summary>The id of a step: 48 bits of FNV-1a over its text.</summary>
    public static long Id(ReadOnlySpan<char> step)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in step)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return (long)(hash & ((1UL << (IdBytes * 8)) - 1));
    }

    /// <summary>
    /// A trace's steps found and their ids taken: the part of compacting it that needs no store, so
    /// it can be done before the writer's turn (see <see cref="QueuedWriter"/>). None when the text
    /// is not a JSON array of steps.
    /// </summary>
    public static TraceSteps? Steps(string trace)
    {
        if (StepRanges(trace) is not { } ranges)
        {
            return null;
        }

        var ids = new long[ranges.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Id(trace.AsSpan()[ranges[i]]);
        }

        return new TraceSteps(trace, ranges, ids);
    }

    /// <summary>
    /// Where the steps of a trace written as a JSON array of objects are in it, in order, exactly as
    /// they appear; none when the text is not such an array (it is then kept whole). Ranges, not
    /// substrings: a step already stored is recognised without copying it.
    /// </summary>
    public static List<Range>? StepRanges(string json)
    {
        if (json.Length < 2 || json[0] != '[' || json[^1] != ']')
        {
            return null;
        }

        // Room for a long trace's steps from the start (a list grown from four reallocated three times).
        var steps = new List<Range>(32);
        var depth = 0;
        var inString = false;
        var start = 1;
        for (var i = 1; i < json.Length - 1; i++)
        {
            if (inString)
            {
                // Most of a trace is its strings' text: skip to the next quote or escape at once.
                var next = json.AsSpan(i, json.Length - 1 - i).IndexOfAny('"', '\\');
                if (next < 0)
                {
                    break;
                }

                i += next;
                if (json[i] == '\\')
                {
                    i++;
                }
                else
                {
                    inString = false;
                }

                continue;
            }

            switch (json[i])
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    steps.Add(start..i);
                    start = i + 1;
                    break;
            }
        }

        if (start < json.Length - 1)
        {
            steps.Add(start..^1);
        }

        // Only a split that gives the text back exactly is kept: anything else stays JSON. Every
        // character but the brackets and the separating commas is in a step, so the split gives the
        // text back unless a comma ends it ("[a,]") or it is an empty array with a comma.
        return depth == 0 && !inString && (steps.Count == 0 ? json == "[]" : start < json.Length - 1) ? steps : null;
    }

    /// <summary>
    /// A compact trace of the steps with these ids (from <see cref="Id"/>), in order; a slot whose id
    /// is <see cref="InlineId"/> takes the next of <paramref name="inline"/>, steps as
    /// <see cref="StoredStep"/> gives them (each passing <see cref="CanInline"/>).
    /// </summary>
    public static string Encode(ReadOnlySpan<long> ids, IReadOnlyList<string>? inline = null)
    {
        Span<byte> id = stackalloc byte[sizeof(long)];
        var bytes = new byte[ids.Length * IdBytes];
        for (var i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(id, ids[i]);
            id[..IdBytes].CopyTo(bytes.AsSpan(i * IdBytes));
        }

        // Written in one string: the mark, the ids in base 64, then each inline step after a separator.
        var length = 1 + (((bytes.Length + 2) / 3) * 4);
        foreach (var step in inline ?? [])
        {
            length += 1 + step.Length;
        }

        return string.Create(length, (bytes, inline), static (text, parts) =>
        {
            text[0] = Mark;
            Convert.TryToBase64Chars(parts.bytes, text[1..], out var written);
            var at = 1 + written;
            foreach (var step in parts.inline ?? [])
            {
                text[at++] = InlineSeparator;
                step.CopyTo(text[at..]);
                at += step.Length;
            }
        });
    }

    /// <summary>
    /// The ids of the steps of a compact trace, in order, and the steps it keeps itself (as
    /// <c>trace_steps</c> keeps a step), one for each slot whose id is <see cref="InlineId"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The text is not a compact trace.</exception>
    public static (long[] Ids, string[] Inline) Read(string leadId, string compact)
    {
        var parts = compact[1..].Split(InlineSeparator);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(parts[0]);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"Lead {leadId}: its stored trace is not a list of step ids ({e.Message}).", e);
        }

        var width = compact[0] == WideMark ? sizeof(long) : IdBytes;
        if (bytes.Length % width != 0)
        {
            throw new InvalidDataException($"Lead {leadId}: its stored trace is {bytes.Length} bytes, not a whole number of {width}-byte step ids.");
        }

        Span<byte> id = stackalloc byte[sizeof(long)];
        var ids = new long[bytes.Length / width];
        for (var i = 0; i < ids.Length; i++)
        {
            id.Clear();
            bytes.AsSpan(i * width, width).CopyTo(id);
            ids[i] = BinaryPrimitives.ReadInt64LittleEndian(id);
        }

        var inline = parts[1..];
        var slots = width == IdBytes ? ids.Count(i => i == InlineId) : 0;
        if (slots != inline.Length)
        {
            throw new InvalidDataException($"Lead {leadId}: its stored trace keeps {inline.Length} steps itself for {slots} slots.");
        }

        return (ids, inline);
    }

    /// <summary>The ids of a trace's steps kept in <c>trace_steps</c>, each once.</summary>
    public static long[] StoredIds(long[] ids, string[] inline) => [.. ids.Where(id => !KeptInline(id, inline)).Distinct()];

    // Whether a slot's step is one the trace keeps itself. Only a trace that keeps steps has such
    // slots: an older trace's 8-byte ids have none, so an id of 0 there is a step's like any other.
    private static bool KeptInline(long id, string[] inline) => inline.Length > 0 && id == InlineId;

    // A step as the processor writes it, and as trace_steps keeps it from schema version 10: its four
    // members' JSON string contents, as written, between tabs (a JSON string has no raw tab), which is
    // most of a step unique to one lead (an employee count, a domain in no account) without its names.
    private static readonly string[] StepMembers = ["{\"stage\":\"", "\",\"subject\":\"", "\",\"result\":\"", "\",\"detail\":\""];
    private const string StepEnd = "\"}";

    /// <summary>
    /// A step's text as <c>trace_steps</c> keeps it: its members' values between tabs when it is a
    /// step of the four members the processor writes (and reads back so, character for character),
    /// else the JSON itself, which always starts with <c>{</c>.
    /// </summary>
    public static string StoredStep(ReadOnlySpan<char> step)
    {
        var packed = new StringBuilder(step.Length);
        var rest = step;
        for (var i = 0; i < StepMembers.Length; i++)
        {
            if (!rest.StartsWith(StepMembers[i], StringComparison.Ordinal))
            {
                return step.ToString();
            }

            rest = rest[StepMembers[i].Length..];
            var end = StringEnd(rest);
            if (end < 0 || rest[..end].Contains('\t'))
            {
                return step.ToString();
            }

            packed.Append(i == 0 ? "" : "\t").Append(rest[..end]);
            rest = rest[end..];
        }

        // The step is exactly the members' names and these values, none with a tab, so StepText
        // gives it back character for character; kept so unless it could be taken for JSON.
        var text = packed.ToString();
        return rest.SequenceEqual(StepEnd) && !text.StartsWith('{') ? text : step.ToString();
    }

    /// <summary>A step's JSON, from its text as <c>trace_steps</c> keeps it (see <see cref="StoredStep"/>).</summary>
    public static string StepText(string stored)
    {
        if (stored.StartsWith('{'))
        {
            return stored;
        }

        var values = stored.Split('\t');
        if (values.Length != StepMembers.Length)
        {
            throw new InvalidDataException($"A trace step is kept as {values.Length} values, not the {StepMembers.Length} of a step.");
        }

        var text = new StringBuilder(stored.Length + 48);
        for (var i = 0; i < values.Length; i++)
        {
            text.Append(StepMembers[i]).Append(values[i]);
        }

        return text.Append(StepEnd).ToString();
    }

    // Where the JSON string that starts the text ends (its closing quote), or -1.
    private static int StringEnd(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The ids as a JSON array, for a store's <c>IN (SELECT value FROM json_each(...))</c>.</summary>
    public static string JsonArray(IEnumerable<long> ids) => "[" + string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>The trace as written, from its step ids, the steps it keeps itself and the texts of the others.</summary>
    /// <exception cref="InvalidDataException">A step the trace names is not in the store.</exception>
    public static string Expand(string leadId, long[] ids, string[] inline, IReadOnlyDictionary<long, string> steps)
    {
        var texts = new string[ids.Length];
        var next = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            texts[i] = KeptInline(ids[i], inline) ? StepText(inline[next++])
                : steps.TryGetValue(ids[i], out var text) ? StepText(text)
                : throw new InvalidDataException($"Lead {leadId}: step {i + 1} of its trace (id {ids[i].ToString(CultureInfo.InvariantCulture)}) is missing from trace_steps.");
        }

        return Join(texts);
    }

    private static string Join(string[] steps)
    {
        var text = new StringBuilder(2 + steps.Sum(s => s.Length + 1));
        text.Append('[');
        for (var i = 0; i < steps.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(steps[i]);
        }

        return text.Append(']').ToString();
    }
}
