using System.Text.Json.Serialization;

namespace HandoffRules.Host.Crm;

/// <summary>
/// Compile-time JSON metadata for an outbox body of HubSpot's (<see cref="HubSpotWriteBack"/>), in
/// snake case without null members: a write-back is queued for most leads a synced playbook takes
/// in, and the reflection-based serializer's bookkeeping took most of the time of queuing one.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HubSpotWriteBack))]
internal sealed partial class HubSpotWriteBackJson : JsonSerializerContext;
