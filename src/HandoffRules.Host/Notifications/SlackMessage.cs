using System.Globalization;
using System.Text.Json.Nodes;
using HandoffRules.Model;

namespace HandoffRules.Host.Notifications;

/// <summary>
/// A Slack alert SDRs act on (Block Kit): the lead's company, why it came (the trigger and the
/// lead's source), the first-touch deadline in the owner's time zone, an @mention of the owner
/// when their Slack id is mapped, and a button to the HubSpot record. <see cref="Text"/> is the
/// plain-text fallback Slack shows in notifications. It carries the company by design; the outbox
/// row holds it and no log line ever does.
/// </summary>
/// <param name="Text">The plain-text fallback.</param>
/// <param name="Blocks">The Block Kit blocks.</param>
internal sealed record SlackMessage(string Text, JsonArray Blocks)
{
    /// <summary>The message about a lead a trigger handed to <paramref name="owner"/> (null while held in the queue).</summary>
    public static SlackMessage ForLead(
        string text, string trigger, string? company, string source, string? queue, string? segment, string? territory,
        Member? owner, DateTimeOffset? due, Uri? record)
    {
        var who = owner is null ? $"nobody yet (waiting in {Escape(queue ?? "the queue")})" : owner.SlackId is { } id ? $"<@{id}>" : Escape(owner.DisplayName);
        var fields = new JsonArray
        {
            Field("Company", Escape(company ?? "unknown company")),
            Field("Why", $"{Escape(trigger)} ({Escape(source)})"),
            Field("First touch by", due is { } d ? Deadline(d, owner) : "no SLA"),
            Field("Queue", Escape(string.Join(" · ", new[] { queue ?? "account owner", segment, territory }.Where(p => p is not null)))),
        };
        var blocks = new JsonArray
        {
            Section($"*{Escape(trigger)}*: a lead from *{Escape(company ?? "an unknown company")}* for {who}"),
            new JsonObject { ["type"] = "section", ["fields"] = fields },
        };
        if (record is not null)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["type"] = "button",
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Open in HubSpot" },
                    ["url"] = record.AbsoluteUri,
                }),
            });
        }

        return new SlackMessage(text, blocks);
    }

    /// <summary>The outbox body: the webhook payload without the channel, which the notifier adds.</summary>
    public string ToJson()
    {
        // Written straight out: wrapping the blocks in an object to serialise it took a copy of them.
        var json = OutboxWriting.Start(out var buffer);
        json.WriteStartObject();
        json.WriteString("text", Text);
        json.WritePropertyName("blocks");
        Blocks.WriteTo(json, OutboxJson);
        json.WriteEndObject();
        json.Flush();
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static readonly System.Text.Json.JsonSerializerOptions OutboxJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Store.JsonScratch OutboxWriting = new(new System.Text.Json.JsonWriterOptions { Encoder = OutboxJson.Encoder });

    /// <summary>The link to a HubSpot contact's record, or null without a portal id or for a lead that is no HubSpot contact.</summary>
    public static Uri? HubSpotRecord(long? portalId, string? contactId) =>
        portalId is { } portal && contactId is not null
            ? new Uri($"https://app.hubspot.com/contacts/{portal.ToString(CultureInfo.InvariantCulture)}/record/0-1/{Uri.EscapeDataString(contactId)}")
            : null;

    // The owner reads the deadline on their own clock; a held lead's is in UTC.
    private static string Deadline(DateTimeOffset due, Member? owner)
    {
        var zone = owner is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(owner.TimeZone);
        var local = TimeZoneInfo.ConvertTime(due, zone);
        return $"{local.ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture)} ({(owner is null ? "UTC" : owner.TimeZone)})";
    }

    private static JsonObject Section(string text) =>
        new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } };

    private static JsonObject Field(string label, string value) =>
        new() { ["type"] = "mrkdwn", ["text"] = $"*{label}*\n{value}" };

    // Slack's mrkdwn reads &, < and > as control characters: a company named "A<B>" must not become a link.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
