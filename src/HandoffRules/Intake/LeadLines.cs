using System.Text.Json;
using System.Text.Json.Serialization;

namespace HandoffRules.Intake;

/// <summary>
/// The JSON of lead lines (<c>leads.jsonl</c>, <c>handoff explain --lead</c>): snake_case names, one
/// object a line, fields left out when empty.
/// </summary>
public static class LeadLines
{
    /// <summary>The options lead lines are read and written with.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One lead as a line.</summary>
    public static string Write(LeadInput lead) => JsonSerializer.Serialize(lead, Options);
}
