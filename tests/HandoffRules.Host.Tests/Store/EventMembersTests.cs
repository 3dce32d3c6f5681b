using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffRules.Host.Processing;
using HandoffRules.Host.Store;

namespace HandoffRules.Host.Tests.Store;

public sealed class EventMembersTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly StoredLead Lead = new()
    {
        LeadId = "L1",
        Outcome = "routed",
        Source = "DemoRequest",
        Segment = "Enterprise",
        Territory = "EMEA",
        Queue = "EMEA Enterprise",
        Member = "olivia.bennett",
        ArrivedAt = DateTimeOffset.UnixEpoch,
        Lead = "{}",
        Decision = "{}",
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void An_event_is_written_as_a_json_object_of_the_same_members_writes_it()
    {
        (string Name, object? Value)[] values =
        [
            ("text", "Zoë \"Z\" O'Brien <b>&</b> + \\ 🚀\tnew\nline"),
            ("none", null),
            ("flag", true),
            ("count", 42),
            ("big", 9_007_199_254_740_993L),
            ("ratio", 0.1 + 0.2),
            ("at", new DateTimeOffset(2026, 11, 30, 9, 15, 0, 123, TimeSpan.FromHours(1))),
            ("owners", new JsonArray(new JsonObject { ["account"] = "Acme", ["member"] = null })),
        ];
        var members = new EventMembers();
        var expected = new JsonObject();
        foreach (var (name, value) in values)
        {
            members[name] = value;
            expected[name] = value is JsonNode node ? node.DeepClone() : JsonSerializer.SerializeToNode(value);
        }

        Assert.Equal(expected.ToJsonString(Relaxed), members.ToJsonString());
        Assert.Equal("{}", new EventMembers().ToJsonString());
    }

    [Fact]
    public void A_member_set_again_keeps_its_place_and_takes_the_new_value()
    {
        var members = new EventMembers { ["action"] = "Reject", ["by"] = "ana" };
        members["reason"] = "NO_BUDGET";
        members["by"] = "bo";

        Assert.Equal(3, members.Count);
        Assert.Equal("""{"action":"Reject","by":"bo","reason":"NO_BUDGET"}""", members.ToJsonString());
        Assert.Equal("bo", members["by"]);
        Assert.Null(members["absent"]);
    }

    [Fact]
    public void An_event_about_a_lead_opens_with_its_facts_and_a_member_named_as_a_fact_takes_the_fact_s_place()
    {
        var plain = HandoffSession.Facts(Lead);
        Assert.Equal("""{"source":"DemoRequest","segment":"Enterprise","territory":"EMEA","queue":"EMEA Enterprise","member":"olivia.bennett"}""", plain.ToJsonString());

        var reassigned = HandoffSession.Facts(Lead, new EventMembers { ["reason"] = "away", ["member"] = "bo", ["from_member"] = "olivia.bennett" });
        Assert.Equal(
            """{"source":"DemoRequest","segment":"Enterprise","territory":"EMEA","queue":"EMEA Enterprise","member":"bo","reason":"away","from_member":"olivia.bennett"}""",
            reassigned.ToJsonString());
        Assert.Equal(7, reassigned.Count);

        // Made in place with room for the facts, or anew without: the same members in the same order.
        var few = HandoffSession.Facts(Lead, new EventMembers { ["sla"] = "First touch", ["kind"] = "FirstTouch", ["due"] = "2026-11-30T09:15:00.0000000Z" });
        var many = HandoffSession.Facts(Lead, new EventMembers { ["sla"] = "First touch", ["kind"] = "FirstTouch", ["due"] = "2026-11-30T09:15:00.0000000Z", ["fired"] = "2026-11-30T09:16:00.0000000Z", ["late"] = false });
        const string Facts = "\"source\":\"DemoRequest\",\"segment\":\"Enterprise\",\"territory\":\"EMEA\",\"queue\":\"EMEA Enterprise\",\"member\":\"olivia.bennett\"";
        Assert.Equal("{" + Facts + ",\"sla\":\"First touch\",\"kind\":\"FirstTouch\",\"due\":\"2026-11-30T09:15:00.0000000Z\"}", few.ToJsonString());
        Assert.Equal("{" + Facts + ",\"sla\":\"First touch\",\"kind\":\"FirstTouch\",\"due\":\"2026-11-30T09:15:00.0000000Z\",\"fired\":\"2026-11-30T09:16:00.0000000Z\",\"late\":false}", many.ToJsonString());
        Assert.Equal(8, few.Count);
        Assert.Equal(10, many.Count);
    }

    [Fact]
    public void An_event_from_a_json_object_keeps_its_members_in_order()
    {
        var json = """{"lead_id":"L1","outcome":"routed","notes":["Country: 'australia' read as AU"],"score":77,"input":{"id":"L1","email":"a@b.example"}}""";

        Assert.Equal(json, EventMembers.From(JsonNode.Parse(json)!.AsObject()).ToJsonString());
    }

    [Fact]
    public void A_value_an_event_does_not_keep_is_refused_naming_the_member()
    {
        var members = new EventMembers();

        var refused = Assert.Throws<ArgumentException>(() => members["due"] = TimeSpan.FromHours(4));

        Assert.Contains("event member 'due'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(TimeSpan), refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, members.Count);
    }
}
