using System.Globalization;
using HandoffRules.Model;

namespace HandoffRules.Host.Notifications;

/// <summary>
/// A Slack alert SDRs act on (Block Kit): the lead's company, why it came (the trigger and the
/// lead's source), the first-touch deadline in the owner's time zone, an @mention of the owner
/// when their Slack id is mapped, and a button to the HubSpot record. <see cref="Text"/> is the
/// plain-text fallback Slack shows in notifications. It carries the company by design; the outbox
/// row holds it and no log line ever does.
/// </summary>
internal sealed class SlackMessage
{
    private readonly string _headline;
    private readonly (string Label, string Value)[] _fields;
    private readonly Uri? _record;

    private SlackMessage(string text, string headline, (string Label, string Value)[] fields, Uri? record) =>
        (Text, _headline, _fields, _record) = (text, headline, fields, record);

    /// <summary>The plain-text fallback.</summary>
    public string Text { get; }

    /// <summary>The message about a lead a trigger handed to <paramref name="owner"/> (null while held in the queue).</summary>
    public static SlackMessage ForLead(
        string text, string trigger, string? company, string source, string? queue, string? segment, string? territory,
        Member? owner, DateTimeOffset? due, Uri? record)
    {
        var who = owner is null ? $"nobody yet (waiting in {Escape(queue ?? "the queue")})" : owner.SlackId is { } id ? $"<@{id}>" : Escape(owner.DisplayName);
        return new SlackMessage(
            text,
            $"*{Escape(trigger)}*: a lead from *{Escape(company ?? "an unknown company")}* for {who}",
            [
                ("Company", Escape(company ?? "unknown company")),
                ("Why", $"{Escape(trigger)} ({Escape(source)})"),
                ("First touch by", due is { } d ? Deadline(d, owner) : "no SLA"),
                ("Queue", Escape(string.Join(" · ", new[] { queue ?? "account owner", segment, territory }.Where(p => p is not null)))),
            ],
            record);
    }

    /// <summary>
    /// The outbox body: the webhook payload without the channel, which the notifier adds. The
    /// blocks: a section with the headline, a section of fields, and a button to the HubSpot
    /// record when there is one. Written straight out, not built as JSON nodes first: every lead a
    /// trigger alerts on has one.
    /// </summary>
    public string ToJson()
    {
        var json = OutboxWriting.Start(out var buffer);
        json.WriteStartObject();
        json.WriteString("text", Text);
        json.WriteStartArray("blocks");
        json.WriteStartObject();
        json.WriteString("type", "section");
        WriteText(json, "mrkdwn", _headline);
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "section");
        json.WriteStartArray("fields");
        foreach (var (label, value) in _fields)
        {
            json.WriteStartObject();
            json.WriteString("type", "mrkdwn");
            json.WriteString("text", $"*{label}*\n{value}");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        if (_record is not null)
        {
            json.WriteStartObject();
            json.WriteString("type", "actions");
            json.WriteStartArray("elements");
            json.WriteStartObject();
            json.WriteString("type", "button");
            WriteText(json, "plain_text", "Open in HubSpot");
            json.WriteString("url", _record.AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // A Block Kit text object: {"type": ..., "text": ...}.
    private static void WriteText(System.Text.Json.Utf8JsonWriter json, string type, string text)
    {
        json.WriteStartObject("text");
        json.WriteString("type", type);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static readonly Records.JsonScratch OutboxWriting = new(new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

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

    // Slack's mrkdwn reads &, < and > as control characters: a company named "A<B>" must not become a link.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
