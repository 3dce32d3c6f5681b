using System.Text.Json;
using System.Text.Json.Nodes;

namespace HandoffRules.Host.Store;

/// <summary>
/// An event's data as the processor builds it: named values in the order they were first set,
/// written once into the JSON the log keeps (<see cref="StoredRows.EventRow"/>). Built like a
/// <see cref="JsonObject"/> (<c>new EventMembers { ["sla"] = name, ["late"] = true }</c>), but an
/// event's data is only ever written out, and a node per value and a dictionary per object were
/// some 14% of what a replay allocated.
/// </summary>
/// <remarks>
/// A value is null, a string, a bool, an int, a long, a double, a <see cref="DateTimeOffset"/>
/// (written as JSON writes it) or a <see cref="JsonNode"/> (a list or an object within the event);
/// any other is refused when it is set, naming the member.
/// </remarks>
public sealed class EventMembers
{
    private KeyValuePair<string, object?>[] _members;
    private int _count;

    /// <summary>An event's data with nothing set yet.</summary>
    public EventMembers() => _members = new KeyValuePair<string, object?>[8];

    /// <summary>An event's data from a JSON object (an event read back, or parsed): each member's node is its value.</summary>
    /// <param name="data">The object, whose members keep their order.</param>
    public static EventMembers From(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var members = new EventMembers();
        foreach (var (name, value) in data)
        {
            members[name] = value;
        }

        return members;
    }

    /// <summary>The number of members.</summary>
    public int Count => _count;

    /// <summary>
    /// The value of a member, null when it is not set; setting a member already set replaces its
    /// value where it stands, as a <see cref="JsonObject"/> does.
    /// </summary>
    /// <param name="name">The member's name.</param>
    /// <exception cref="ArgumentNullException">The name is null.</exception>
    /// <exception cref="ArgumentException">The value is of a type an event does not keep.</exception>
    public object? this[string name]
    {
        get => IndexOf(name) is var at and >= 0 ? _members[at].Value : null;
        set
        {
            Check(name, value);
            var at = IndexOf(name);
            if (at >= 0)
            {
                _members[at] = new(name, value);
                return;
            }

            if (_count == _members.Length)
            {
                Array.Resize(ref _members, _count * 2);
            }

            _members[_count++] = new(name, value);
        }
    }

    /// <summary>The member at a position, in the order the members were first set.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    public KeyValuePair<string, object?> GetAt(int index) =>
        (uint)index < (uint)_count ? _members[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>
    /// Puts members first, in their order; a member of these already set keeps its own value and
    /// moves to the place of the one put first. Made in place when there is room (an event's data
    /// is made with room for a lead's facts and a few members of its own), else at its final size.
    /// </summary>
    /// <param name="first">The members to open with (names distinct).</param>
    internal void PutFirst(ReadOnlySpan<KeyValuePair<string, object?>> first)
    {
        var shared = 0;
        for (var i = 0; i < _count; i++)
        {
            shared += IndexOf(first, _members[i].Key) >= 0 ? 1 : 0;
        }

        var count = first.Length + _count - shared;
        if (shared == 0 && count <= _members.Length)
        {
            // Every member moves right by the same distance (a span's copy allows the overlap).
            _members.AsSpan(0, _count).CopyTo(_members.AsSpan(first.Length));
            first.CopyTo(_members);
            _count = count;
            return;
        }

        var members = new KeyValuePair<string, object?>[count];
        first.CopyTo(members);
        var at = first.Length;
        for (var i = 0; i < _count; i++)
        {
            var member = _members[i];
            var of = IndexOf(first, member.Key);
            members[of >= 0 ? of : at++] = member;
        }

        (_members, _count) = (members, count);
    }

    /// <summary>The data's JSON as the log keeps it, written the way the stores write it.</summary>
    public string ToJsonString()
    {
        var (facts, data, input) = StoredRows.EventRow(this);
        return StoredRows.EventData(data, input, facts);
    }

    /// <summary>Writes a member's value as the event's JSON keeps it.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time);
                break;
            case JsonNode node:
                node.WriteTo(writer, options);
                break;
            default:
                // The kinds of value set refuses and the kinds written here are one list, kept in step.
                throw new InvalidOperationException($"a {value.GetType().Name} is not written into an event");
        }
    }

    private int IndexOf(string name) => IndexOf(_members.AsSpan(0, _count), name);

    private static int IndexOf(ReadOnlySpan<KeyValuePair<string, object?>> members, string name)
    {
        for (var i = 0; i < members.Length; i++)
        {
            if (string.Equals(members[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Check(string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value is not (null or string or bool or int or long or double or DateTimeOffset or JsonNode))
        {
            throw new ArgumentException($"event member '{name}': a {value.GetType().Name} is not kept in an event (a string, bool, int, long, double, DateTimeOffset, JSON node or null is)", nameof(value));
        }
    }
}
