using System.Globalization;
using System.Text;
using System.Text.Json;
using HandoffRules.Records;
using HandoffRules.Routing;

namespace HandoffRules.Host.Store;

/// <summary>
/// A decision trace written as the store keeps it and <c>GET /api/leads/{id}</c> shows it — a JSON
/// array of steps, <c>{"stage","subject","result","detail"}</c> with null members left out, escaped
/// as decision records are — written as its steps, each step's JSON and id (<see cref="TraceSteps"/>),
/// so the writer compacts it without the text, which is joined only if something reads it.
/// </summary>
/// <remarks>
/// Most steps are the same from lead to lead (a definition that holds, a disqualifier that does not
/// apply): each thread keeps the text and id of the steps it wrote last, and gives such a step
/// again as the same string. Escaping a step and hashing it character by character took as long as
/// everything else the processor does to keep a lead's trace.
/// </remarks>
internal static class TraceText
{
    // Steps kept per thread before starting afresh: the shared ones are back after one lead each.
    private const int KnownAtMost = 8_192;

    [ThreadStatic]
    private static Dictionary<TraceStep, (string Json, long Id)>? t_known;

    private static readonly JsonScratch Writing = new(new JsonWriterOptions { Encoder = DecisionRecord.JsonOptions.Encoder });

    // The names of stages and results as the trace writes them, encoded once (an enum's ToString boxes it).
    private static readonly JsonEncodedText[] StageNames = Names<TraceStage>();
    private static readonly JsonEncodedText[] ResultNames = Names<TraceResult>();
    private static readonly JsonEncodedText StageMember = JsonEncodedText.Encode("stage");
    private static readonly JsonEncodedText SubjectMember = JsonEncodedText.Encode("subject");
    private static readonly JsonEncodedText ResultMember = JsonEncodedText.Encode("result");
    private static readonly JsonEncodedText DetailMember = JsonEncodedText.Encode("detail");

    /// <summary>The trace's steps, each one's JSON and id (<see cref="CompactTrace.Id"/>); its text is joined only when read (<see cref="TraceSteps.Trace"/>).</summary>
    public static TraceSteps Write(DecisionTrace trace)
    {
        var known = t_known ??= [];
        var steps = trace.Steps;
        var json = new string[steps.Count];
        var ids = new long[steps.Count];
        for (var i = 0; i < json.Length; i++)
        {
            if (!known.TryGetValue(steps[i], out var part))
            {
                var text = Json(steps[i]);
                part = (text, CompactTrace.Id(text));
                if (known.Count >= KnownAtMost)
                {
                    known.Clear();
                }

                known[steps[i]] = part;
            }

            (json[i], ids[i]) = part;
        }

        return new TraceSteps(json, ids);
    }

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
