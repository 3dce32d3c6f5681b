using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Store;

/// <summary>
/// A decision trace written as the store keeps it and <c>GET /api/leads/{id}</c> shows it — a JSON
/// array of steps, <c>{"stage","subject","result","detail"}</c> with null members left out, escaped
/// as decision records are — with its steps found and their ids taken as it is written
/// (<see cref="TraceSteps"/>), so the writer compacts it without reading the text again.
/// </summary>
/// <remarks>
/// Most steps are the same from lead to lead (a definition that holds, a disqualifier that does not
/// apply): each thread keeps the text and id of the steps it wrote last, and writes such a step
/// again by copying it. Escaping a step and hashing it character by character took as long as
/// everything else the processor does to keep a lead's trace.
/// </remarks>
internal static class TraceText
{
    // Steps kept per thread before starting afresh: the shared ones are back after one lead each.
    private const int KnownAtMost = 8_192;

    [ThreadStatic]
    private static Dictionary<TraceStep, (string Json, long Id)>? t_known;

    // The steps of each trace text written here, for as long as the text lives: a lead saved again
    // later with the text it was taken in with (an SDR action, a breach, while the session keeps the
    // lead) is compacted without finding and hashing its steps a second time.
    private static readonly ConditionalWeakTable<string, TraceSteps> Written = new();

    private static readonly JsonScratch Writing = new(new JsonWriterOptions { Encoder = DecisionRecord.JsonOptions.Encoder });

    // The names of stages and results as the trace writes them, encoded once (an enum's ToString boxes it).
    private static readonly JsonEncodedText[] StageNames = Names<TraceStage>();
    private static readonly JsonEncodedText[] ResultNames = Names<TraceResult>();
    private static readonly JsonEncodedText StageMember = JsonEncodedText.Encode("stage");
    private static readonly JsonEncodedText SubjectMember = JsonEncodedText.Encode("subject");
    private static readonly JsonEncodedText ResultMember = JsonEncodedText.Encode("result");
    private static readonly JsonEncodedText DetailMember = JsonEncodedText.Encode("detail");

    /// <summary>The trace's text, where each of its steps is in it and each step's id (<see cref="CompactTrace.Id"/>).</summary>
    public static TraceSteps Write(DecisionTrace trace)
    {
        var known = t_known ??= [];
        var steps = trace.Steps;
        var parts = new (string Json, long Id)[steps.Count];
        var length = 2 + Math.Max(0, steps.Count - 1);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!known.TryGetValue(steps[i], out parts[i]))
            {
                var json = Json(steps[i]);
                parts[i] = (json, CompactTrace.Id(json));
                if (known.Count >= KnownAtMost)
                {
                    known.Clear();
                }

                known[steps[i]] = parts[i];
            }

            length += parts[i].Json.Length;
        }

        var ranges = new List<Range>(parts.Length);
        var ids = new long[parts.Length];
        var at = 1;
        for (var i = 0; i < parts.Length; i++)
        {
            ranges.Add(at..(at + parts[i].Json.Length));
            ids[i] = parts[i].Id;
            at += parts[i].Json.Length + 1;
        }

        var text = string.Create(length, parts, static (text, parts) =>
        {
            text[0] = '[';
            var at = 1;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    text[at++] = ',';
                }

                parts[i].Json.CopyTo(text[at..]);
                at += parts[i].Json.Length;
            }

            text[at] = ']';
        });
        var written = new TraceSteps(text, ranges, ids);
        Written.AddOrUpdate(text, written);
        return written;
    }

    /// <summary>The steps of a trace written here, when <paramref name="trace"/> is that very text (not an equal one).</summary>
    public static TraceSteps? StepsWritten(string trace) => Written.TryGetValue(trace, out var steps) ? steps : null;

    // One step as the array holds it.
    private static string Json(TraceStep step)
    {
        var json = Writing.Start(out var buffer);
        json.WriteStartObject();
        json.WriteString(StageMember, StageNames[(int)step.Stage]);
        if (step.Subject is not null)
        {
            json.WriteString(SubjectMember, step.Subject);
        }

        json.WriteString(ResultMember, ResultNames[(int)step.Result]);
        if (step.Detail is not null)
        {
            json.WriteString(DetailMember, step.Detail);
        }

        json.WriteEndObject();
        json.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonEncodedText[] Names<T>()
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var names = new JsonEncodedText[values.Max(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)) + 1];
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, CultureInfo.InvariantCulture)] = JsonEncodedText.Encode(value.ToString(), DecisionRecord.JsonOptions.Encoder);
        }

        return names;
    }
}
