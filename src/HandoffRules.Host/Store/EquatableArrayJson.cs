using System.Text.Json;
using System.Text.Json.Serialization;
using HandoffRules.Model;

namespace HandoffRules.Host.Store;

/// <summary>
/// Reads a JSON array into an <see cref="EquatableArray{T}"/>, which the serializer writes as any
/// list but cannot fill: a read-only struct. Writes it as the serializer does, element by element.
/// </summary>
internal sealed class EquatableArrayJson : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(EquatableArray<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Of<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Of<T> : JsonConverter<EquatableArray<T>>
    {
        public override EquatableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            EquatableArray.Create<T>(JsonSerializer.Deserialize<T[]>(ref reader, options) ?? []);

        public override void Write(Utf8JsonWriter writer, EquatableArray<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value.AsSpan())
            {
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndArray();
        }
    }
}
