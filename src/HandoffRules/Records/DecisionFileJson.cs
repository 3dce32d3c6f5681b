using System.Text.Json.Serialization;

namespace HandoffRules.Records;

/// <summary>
/// Compile-time JSON metadata for decision records, with <see cref="DecisionRecord.JsonOptions"/>'s
/// naming and null handling: a decisions file of millions of lines is written without the
/// reflection-based serializer's per-property bookkeeping. The escaping stays
/// <see cref="DecisionRecord.JsonOptions"/>'s, set on the writer, so the bytes are
/// <see cref="DecisionRecord.ToJson"/>'s.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DecisionRecord))]
internal sealed partial class DecisionFileJson : JsonSerializerContext;
